// Makes a test chain as `geth import` takes it: DIR/genesis.json (for `geth init`) and DIR/blocks.rlp (genesis and
// every block, concatenated, as `geth export` writes them). Blocks are built and checked by the real block builder
// (core/chain/testChain.ts); each carries `txs` value transfers from funded senders to fresh accounts, so the
// state grows as on a real chain. Used by the e2e tests and the import benchmark, and runnable on its own:
//   npx tsx scripts/makeChain.ts DIR [--blocks N] [--txs N]
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bigintToFixedBytes, bytesToHex, type Bytes } from '../src/common/bytes.js';
import { stringifyJsonLossless } from '../src/common/losslessJson.js';
import { generateBlocks, TEST_CONFIG, TEST_FUNDS, testGenesis, transfer } from '../src/core/chain/testChain.js';
import { genesisToJson, type Genesis, type GenesisAccount } from '../src/core/genesis/genesis.js';
import { genesisBlock } from '../src/core/genesis/genesisBlock.js';
import { encodeBlock, type Block } from '../src/core/types/block.js';
import { privateKeyToAddress } from '../src/crypto/secp256k1.js';

export interface ChainSpec {
  blocks: number;
  /** Value transfers per block (21,000 gas each; 30M gas blocks hold up to 1,428). */
  txs: number;
  /** Distinct senders, used in turn; default min(txs, 100). */
  senders?: number;
}

export interface TestChain {
  genesis: Genesis;
  /** Block 1 onwards (the genesis block is derived from `genesis`). */
  blocks: Block[];
}

export interface ChainFiles {
  genesisPath: string;
  blocksPath: string;
}

/** Sender keys 0x2000+i, far from testChain's TEST_KEYS. */
function senderKey(i: number): Bytes {
  return bigintToFixedBytes(0x2000n + BigInt(i), 32);
}

/** The n-th recipient: an address no one holds a key for, new to the state. */
function recipient(n: number): Bytes {
  return bigintToFixedBytes(0xbeef00000000n + BigInt(n), 20);
}

export async function makeTestChain(spec: ChainSpec): Promise<TestChain> {
  if (!Number.isSafeInteger(spec.blocks) || spec.blocks < 1) throw new RangeError(`blocks must be >= 1, got ${spec.blocks}`);
  if (!Number.isSafeInteger(spec.txs) || spec.txs < 0) throw new RangeError(`txs must be >= 0, got ${spec.txs}`);
  const senderCount = Math.max(1, spec.senders ?? Math.min(spec.txs, 100));
  const keys = Array.from({ length: senderCount }, (_, i) => senderKey(i));
  const alloc: Record<string, GenesisAccount> = {};
  for (const key of keys) {
    alloc[bytesToHex(privateKeyToAddress(key))] = { balance: TEST_FUNDS, nonce: 0n, code: new Uint8Array(0), storage: new Map() };
  }
  const genesis = testGenesis(TEST_CONFIG, alloc);
  // Nonces are counted here: every transfer is valid, so each one lands in its block.
  const nonces = keys.map(() => 0n);
  let sent = 0;
  const specs = Array.from({ length: spec.blocks }, () => ({
    txs: () =>
      Array.from({ length: spec.txs }, () => {
        const s = sent % senderCount;
        return transfer(keys[s]!, nonces[s]!++, recipient(sent++), 1n);
      }),
  }));
  const blocks = await generateBlocks({ genesis }, specs);
  return { genesis, blocks };
}

/** Writes DIR/genesis.json and DIR/blocks.rlp (genesis block first, as geth exports). */
export function writeChainFiles(dir: string, chain: TestChain): ChainFiles {
  mkdirSync(dir, { recursive: true });
  const genesisPath = join(dir, 'genesis.json');
  const blocksPath = join(dir, 'blocks.rlp');
  writeFileSync(genesisPath, stringifyJsonLossless(genesisToJson(chain.genesis)) + '\n');
  writeBlocksFile(blocksPath, [genesisBlock(chain.genesis), ...chain.blocks]);
  return { genesisPath, blocksPath };
}

/** Writes blocks as concatenated RLP, one block at a time. */
export function writeBlocksFile(path: string, blocks: readonly Block[]): void {
  const fd = openSync(path, 'w');
  try {
    for (const block of blocks) writeSync(fd, encodeBlock(block));
  } finally {
    closeSync(fd);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { blocks: { type: 'string', default: '100' }, txs: { type: 'string', default: '10' } },
  });
  if (positionals.length !== 1) throw new Error('usage: makeChain.ts DIR [--blocks N] [--txs N]');
  const dir = resolve(positionals[0]!);
  const started = performance.now();
  const chain = await makeTestChain({ blocks: Number(values.blocks), txs: Number(values.txs) });
  const files = writeChainFiles(dir, chain);
  const head = chain.blocks[chain.blocks.length - 1]!;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${files.genesisPath}\n${files.blocksPath}\nhead #${head.number} ${bytesToHex(head.hash)} (${seconds}s)\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e) => {
    process.stderr.write(`makeChain: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
