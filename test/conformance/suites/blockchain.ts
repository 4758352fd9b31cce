// BlockchainTests: build the genesis from `genesisBlockHeader` and `pre` (its hash must be the header's), import
// `blocks[].rlp` one at a time into a chain on a MemoryStore (a block with `expectException` must be rejected and
// leave the head where it was), then the head must be `lastblockhash` and the state `postState` (every account's
// balance, nonce, code and storage, and no extra accounts or slots: the root built from postState must match) or
// `postStateHash`. Only networks merged at genesis that the EVM runs are supported (Paris to Cancun); tests of
// other networks are left out of the results.
import { bytesEqual, bytesToBigint, bytesToHex, hexToBytes, type Bytes } from '../../../src/common/bytes.js';
import { BeaconEngine } from '../../../src/consensus/beacon/beacon.js';
import { Blockchain } from '../../../src/core/chain/blockchain.js';
import { SILENT_LOG } from '../../../src/core/chain/testChain.js';
import { parseGenesis, type Genesis, type GenesisAccount } from '../../../src/core/genesis/genesis.js';
import { buildGenesisState } from '../../../src/core/genesis/genesisState.js';
import type { StateDB } from '../../../src/core/state/stateDb.js';
import { decodeBlock, type Block } from '../../../src/core/types/block.js';
import { headerFromJson } from '../../../src/core/types/header.js';
import { MemoryStore } from '../../../src/db/memoryStore.js';
import type { ChainConfig } from '../../../src/params/chainConfig.js';
import { configForFork, forkIndex, normalizeForkName, type ForkName } from '../../../src/params/forks.js';
import { isRecord, runCase, type CaseResult, type Suite } from '../suite.js';

interface BlockJson {
  rlp: string;
  expectException?: string;
}

interface BlockchainTest {
  network: string;
  genesisBlockHeader: unknown;
  pre: Record<string, unknown>;
  blocks: BlockJson[];
  lastblockhash: string;
  postState?: Record<string, unknown>;
  postStateHash?: string;
}

const engine = new BeaconEngine();

function isBlockchainTest(v: unknown): v is BlockchainTest {
  return (
    isRecord(v) &&
    typeof v.network === 'string' &&
    isRecord(v.genesisBlockHeader) &&
    isRecord(v.pre) &&
    Array.isArray(v.blocks) &&
    typeof v.lastblockhash === 'string'
  );
}

/** The fork of a network we can run, or undefined (transition networks, pre-merge forks, Prague on). */
function supportedFork(network: string): ForkName | undefined {
  const fork = normalizeForkName(network);
  if (fork === undefined) return undefined;
  return forkIndex(fork) >= forkIndex('Paris') && forkIndex(fork) <= forkIndex('Cancun') ? fork : undefined;
}

function allocOf(accounts: Record<string, unknown>, config: ChainConfig): Map<string, GenesisAccount> {
  return parseGenesis({ alloc: accounts }, { defaultConfig: config }).alloc;
}

function genesisOf(test: BlockchainTest, config: ChainConfig): Genesis {
  const h = headerFromJson(test.genesisBlockHeader);
  return {
    config,
    nonce: bytesToBigint(h.nonce),
    timestamp: h.timestamp,
    extraData: h.extraData,
    gasLimit: h.gasLimit,
    difficulty: h.difficulty,
    mixHash: h.mixHash,
    coinbase: h.coinbase,
    number: h.number,
    gasUsed: h.gasUsed,
    parentHash: h.parentHash,
    baseFeePerGas: h.baseFeePerGas,
    excessBlobGas: h.excessBlobGas,
    blobGasUsed: h.blobGasUsed,
    alloc: allocOf(test.pre, config),
  };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function importBlocks(chain: Blockchain, blocks: BlockJson[]): Promise<void> {
  for (const [i, b] of blocks.entries()) {
    const invalid = b.expectException !== undefined;
    let block: Block;
    try {
      block = decodeBlock(hexToBytes(b.rlp));
    } catch (e) {
      if (invalid) continue;
      throw new Error(`block ${i}: cannot decode: ${message(e)}`);
    }
    const head = chain.currentBlock.hash;
    try {
      await chain.insertChain([block]);
    } catch (e) {
      if (!invalid) throw new Error(`block ${i}: ${message(e)}`);
      if (!bytesEqual(chain.currentBlock.hash, head)) {
        const moved = bytesToHex(chain.currentBlock.hash);
        throw new Error(`block ${i}: rejected as expected, but the head moved to ${moved}`);
      }
      continue;
    }
    if (invalid) throw new Error(`block ${i} (#${block.number}) was imported, but must fail with ${b.expectException}`);
  }
}

/** Differences between the state and the expected accounts, one line each. */
function stateDifferences(state: StateDB, expected: Map<string, GenesisAccount>): string[] {
  const out: string[] = [];
  for (const [address, want] of expected) {
    const a: Bytes = hexToBytes(address);
    if (!state.exist(a)) {
      out.push(`${address}: missing`);
      continue;
    }
    const balance = state.getBalance(a);
    if (balance !== want.balance) out.push(`${address}: balance ${balance}, want ${want.balance}`);
    const nonce = state.getNonce(a);
    if (nonce !== want.nonce) out.push(`${address}: nonce ${nonce}, want ${want.nonce}`);
    const code = state.getCode(a);
    if (!bytesEqual(code, want.code)) out.push(`${address}: code ${bytesToHex(code)}, want ${bytesToHex(want.code)}`);
    for (const [slot, value] of want.storage) {
      const got = state.getState(a, BigInt(slot));
      if (got !== bytesToBigint(value)) {
        out.push(`${address}: storage ${slot} = 0x${got.toString(16)}, want ${bytesToHex(value)}`);
      }
    }
  }
  return out;
}

async function runTest(test: BlockchainTest, fork: ForkName): Promise<void> {
  const config = configForFork(fork);
  const chain = await Blockchain.open(new MemoryStore(), {
    engine,
    genesis: genesisOf(test, config),
    log: SILENT_LOG,
  });
  const wantGenesis = (test.genesisBlockHeader as { hash?: string }).hash;
  if (wantGenesis !== undefined && bytesToHex(chain.genesis.hash) !== wantGenesis.toLowerCase()) {
    throw new Error(`genesis hash ${bytesToHex(chain.genesis.hash)}, want ${wantGenesis}`);
  }

  await importBlocks(chain, test.blocks);

  const head = chain.currentHeader;
  if (bytesToHex(head.hash) !== test.lastblockhash.toLowerCase()) {
    throw new Error(`head #${head.number} ${bytesToHex(head.hash)}, want ${test.lastblockhash}`);
  }
  if (test.postState !== undefined) {
    const expected = allocOf(test.postState, config);
    const problems = stateDifferences(chain.stateAt(head.stateRoot), expected);
    const root = buildGenesisState(expected);
    if (problems.length === 0 && !bytesEqual(root, head.stateRoot)) {
      const got = bytesToHex(head.stateRoot);
      problems.push(`state root ${got}, want ${bytesToHex(root)}: accounts or slots beyond postState`);
    }
    if (problems.length > 0) throw new Error(`post state: ${problems.join('; ')}`);
  } else if (test.postStateHash !== undefined && bytesToHex(head.stateRoot) !== test.postStateHash.toLowerCase()) {
    throw new Error(`state root ${bytesToHex(head.stateRoot)}, want ${test.postStateHash}`);
  }
}

export const blockchainSuite: Suite = {
  name: 'blockchain',
  async runFile(_file, content) {
    if (!isRecord(content) || !Object.values(content).every(isBlockchainTest)) return undefined;
    const results: CaseResult[] = [];
    for (const [name, test] of Object.entries(content as Record<string, BlockchainTest>)) {
      const fork = supportedFork(test.network);
      if (fork === undefined) continue;
      results.push(await runCase(name, () => runTest(test, fork)));
    }
    return results;
  },
};
