// Test support (unit tests, benchmarks): a funded dev-like genesis, signed transfers, and a generator of valid
// blocks. The generator keeps its own chain on a MemoryStore, builds each block on its head with the real
// BlockBuilder and imports it there, so every block it hands out has passed the same checks as a real import.
import { bigintToFixedBytes, bytesToHex, type Bytes } from '../../common/bytes.js';
import { Logger } from '../../common/log.js';
import { BeaconEngine } from '../../consensus/beacon/beacon.js';
import type { Engine } from '../../consensus/engine.js';
import { privateKeyToAddress } from '../../crypto/secp256k1.js';
import { MemoryStore } from '../../db/memoryStore.js';
import { isMergedAtGenesis, type ChainConfig } from '../../params/chainConfig.js';
import { configForFork } from '../../params/forks.js';
import type { Genesis, GenesisAccount } from '../genesis/genesis.js';
import type { Block } from '../types/block.js';
import type { Transaction } from '../types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE } from '../types/txData.js';
import { signTransaction } from '../types/txSigner.js';
import type { Withdrawal } from '../types/withdrawal.js';
import { buildBlock } from './blockBuilder.js';
import { Blockchain } from './blockchain.js';

/** A logger that drops everything, so test runs print results rather than import progress. */
class SilentLogger extends Logger {
  override log(): void {}
}
export const SILENT_LOG: Logger = new SilentLogger();

export const TEST_CHAIN_ID = 1337n;
/** Cancun from genesis, merged at genesis: the dev network's rules. */
export const TEST_CONFIG: ChainConfig = configForFork('Cancun', TEST_CHAIN_ID);
export const TEST_KEYS: readonly Bytes[] = [1n, 2n, 3n].map((k) => bigintToFixedBytes(0x1000n + k, 32));
export const TEST_ADDRESSES: readonly Bytes[] = TEST_KEYS.map(privateKeyToAddress);
export const TEST_FUNDS = 10n ** 24n;
export const GWEI = 1_000_000_000n;

/** A genesis funding TEST_ADDRESSES; a pre-merge config gets difficulty 1 so total difficulties stay small. */
export function testGenesis(
  config: ChainConfig = TEST_CONFIG,
  extraAlloc: Record<string, GenesisAccount> = {},
): Genesis {
  const alloc = new Map<string, GenesisAccount>();
  for (const address of TEST_ADDRESSES) {
    alloc.set(bytesToHex(address), { balance: TEST_FUNDS, nonce: 0n, code: new Uint8Array(0), storage: new Map() });
  }
  for (const [address, account] of Object.entries(extraAlloc)) alloc.set(address.toLowerCase(), account);
  return {
    config,
    nonce: 0n,
    timestamp: 0n,
    extraData: new Uint8Array(0),
    gasLimit: 30_000_000n,
    difficulty: isMergedAtGenesis(config) ? 0n : 1n,
    mixHash: new Uint8Array(32),
    coinbase: new Uint8Array(20),
    number: 0n,
    gasUsed: 0n,
    parentHash: new Uint8Array(32),
    alloc,
  };
}

/** A signed EIP-1559 value transfer of 21000 gas (fee cap 100 gwei, tip 1 gwei unless given). */
export function transfer(
  key: Bytes,
  nonce: bigint,
  to: Bytes,
  value: bigint,
  fees: { maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint; chainId?: bigint } = {},
): Transaction {
  return signTransaction(
    {
      type: DYNAMIC_FEE_TX_TYPE,
      chainId: fees.chainId ?? TEST_CHAIN_ID,
      nonce,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas ?? GWEI,
      maxFeePerGas: fees.maxFeePerGas ?? 100n * GWEI,
      gasLimit: 21_000n,
      to,
      value,
      data: new Uint8Array(0),
      accessList: [],
    },
    key,
  );
}

export interface BlockSpec {
  /** The block's transactions; `nonce(key)` hands out the sender's next nonce, counting earlier ones of the block. */
  txs?: (nonce: (key: Bytes) => bigint) => Transaction[];
  /** Default zero; a different coinbase makes an otherwise equal block a different one (for side chains). */
  coinbase?: Bytes;
  extraData?: Bytes;
  withdrawals?: Withdrawal[];
  /** Seconds after the parent; default 12. */
  timeStep?: bigint;
  parentBeaconBlockRoot?: Bytes;
}

export interface GenerateOptions {
  genesis: Genesis;
  /** Builds and verifies the generated blocks; default the post-merge engine. */
  engine?: Engine;
  /** Blocks to import first: the new ones follow the last of them (a side chain forks there). */
  prefix?: readonly Block[];
}

/** Valid blocks following `options.prefix` (or genesis), one per spec. */
export async function generateBlocks(options: GenerateOptions, specs: readonly BlockSpec[]): Promise<Block[]> {
  const engine = options.engine ?? new BeaconEngine();
  const chain = await Blockchain.open(new MemoryStore(), { engine, genesis: options.genesis, log: SILENT_LOG });
  if (options.prefix !== undefined && options.prefix.length > 0) await chain.insertChain(options.prefix);
  const blocks: Block[] = [];
  for (const spec of specs) {
    const parent = chain.currentHeader;
    const state = chain.stateAt(parent.stateRoot);
    const next = new Map<string, bigint>();
    const nonce = (key: Bytes): bigint => {
      const address = privateKeyToAddress(key);
      const id = bytesToHex(address);
      const n = next.get(id) ?? state.getNonce(address);
      next.set(id, n + 1n);
      return n;
    };
    const txs = spec.txs?.(nonce) ?? [];
    const { block } = buildBlock(
      chain,
      engine,
      parent,
      state,
      {
        timestamp: parent.timestamp + (spec.timeStep ?? 12n),
        coinbase: spec.coinbase ?? new Uint8Array(20),
        extraData: spec.extraData,
        withdrawals: spec.withdrawals,
        parentBeaconBlockRoot: spec.parentBeaconBlockRoot,
      },
      txs,
    );
    await chain.insertChain([block]);
    blocks.push(block);
  }
  return blocks;
}

/** `count` blocks, each with one transfer of `value` from TEST_KEYS[0] to `to` (and the spec's other fields). */
export function transferSpecs(count: number, to: Bytes, value = 1n, spec: Omit<BlockSpec, 'txs'> = {}): BlockSpec[] {
  return Array.from({ length: count }, () => ({
    ...spec,
    txs: (nonce: (key: Bytes) => bigint) => [transfer(TEST_KEYS[0]!, nonce(TEST_KEYS[0]!), to, value)],
  }));
}
