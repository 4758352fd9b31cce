// Test support for the pool: a real chain on a MemoryStore with funded accounts, signed transactions with chosen
// fees, blocks mined on any stored parent, and a pool with a clock the test moves.
import { bigintToFixedBytes, bytesToHex, type Bytes } from '../common/bytes.js';
import type { Logger } from '../common/log.js';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { buildBlock } from '../core/chain/blockBuilder.js';
import { Blockchain } from '../core/chain/blockchain.js';
import { GWEI, SILENT_LOG, TEST_CHAIN_ID, TEST_CONFIG, testGenesis } from '../core/chain/testChain.js';
import type { GenesisAccount } from '../core/genesis/genesis.js';
import type { Block } from '../core/types/block.js';
import type { Header } from '../core/types/header.js';
import type { Transaction } from '../core/types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE, LEGACY_TX_TYPE } from '../core/types/txData.js';
import { signTransaction } from '../core/types/txSigner.js';
import { privateKeyToAddress } from '../crypto/secp256k1.js';
import { MemoryStore } from '../db/memoryStore.js';
import type { ChainConfig } from '../params/chainConfig.js';
import type { TxPoolConfig } from './config.js';
import { TxPool } from './txPool.js';

export interface TestAccount {
  key: Bytes;
  address: Bytes;
  /** The address as the pool keys it. */
  id: string;
}

/** Accounts with deterministic keys, distinct from testChain's TEST_KEYS. */
export function testAccounts(count: number): TestAccount[] {
  return Array.from({ length: count }, (_, i) => {
    const key = bigintToFixedBytes(0x2000n + BigInt(i), 32);
    const address = privateKeyToAddress(key);
    return { key, address, id: bytesToHex(address) };
  });
}

export const RECIPIENT: Bytes = bigintToFixedBytes(0xbeefn, 20);
export const DEFAULT_BALANCE = 10n ** 21n;

export interface TxFields {
  tip?: bigint;
  feeCap?: bigint;
  value?: bigint;
  gas?: bigint;
  data?: Bytes;
  chainId?: bigint;
}

/** A signed EIP-1559 transfer; by default tip 1 gwei, fee cap 100 gwei, 21000 gas, value 1. */
export function dynTx(account: TestAccount, nonce: bigint, fields: TxFields = {}): Transaction {
  return signTransaction(
    {
      type: DYNAMIC_FEE_TX_TYPE,
      chainId: fields.chainId ?? TEST_CHAIN_ID,
      nonce,
      maxPriorityFeePerGas: fields.tip ?? GWEI,
      maxFeePerGas: fields.feeCap ?? 100n * GWEI,
      gasLimit: fields.gas ?? 21_000n,
      to: RECIPIENT,
      value: fields.value ?? 1n,
      data: fields.data ?? new Uint8Array(0),
      accessList: [],
    },
    account.key,
  );
}

/** A signed EIP-155 legacy transfer at `gasPrice`. */
export function legacyTx(account: TestAccount, nonce: bigint, gasPrice: bigint, value = 1n): Transaction {
  const data = new Uint8Array(0);
  return signTransaction(
    { type: LEGACY_TX_TYPE, chainId: TEST_CHAIN_ID, nonce, gasPrice, gasLimit: 21_000n, to: RECIPIENT, value, data },
    account.key,
  );
}

export interface PoolSetup {
  chain: Blockchain;
  pool: TxPool;
  /** Every batch announced through 'newTxs'. */
  announced: Transaction[][];
  /** Moves the pool's clock forward. */
  advance(ms: number): void;
  /** Mines a block with exactly `txs` on `parent` (default the head) and imports it. */
  mine(txs: readonly Transaction[], parent?: Header, coinbase?: Bytes): Promise<Block>;
}

export interface PoolSetupOptions {
  accounts?: readonly TestAccount[];
  /** Per account id; DEFAULT_BALANCE otherwise. */
  balances?: Record<string, bigint>;
  config?: Partial<TxPoolConfig>;
  chainConfig?: ChainConfig;
  /** The pool's logger; silent by default. */
  log?: Logger;
}

/** A started pool on a fresh chain whose genesis funds `accounts`. */
export async function openPool(options: PoolSetupOptions = {}): Promise<PoolSetup> {
  const alloc: Record<string, GenesisAccount> = {};
  for (const account of options.accounts ?? []) {
    const balance = options.balances?.[account.id] ?? DEFAULT_BALANCE;
    alloc[account.id] = { balance, nonce: 0n, code: new Uint8Array(0), storage: new Map() };
  }
  const genesis = testGenesis(options.chainConfig ?? TEST_CONFIG, alloc);
  const engine = new BeaconEngine();
  const chain = await Blockchain.open(new MemoryStore(), { engine, genesis, log: SILENT_LOG });
  let time = 1_000_000;
  const pool = new TxPool({ chain, config: options.config, log: options.log ?? SILENT_LOG, now: () => time });
  await pool.start();
  const announced: Transaction[][] = [];
  pool.events.on('newTxs', (txs) => announced.push(txs));
  return {
    chain,
    pool,
    announced,
    advance: (ms) => {
      time += ms;
    },
    mine: async (txs, parent = chain.currentHeader, coinbase = new Uint8Array(20)) => {
      const state = chain.stateAt(parent.stateRoot);
      const attrs = { timestamp: parent.timestamp + 12n, coinbase };
      const { block } = buildBlock(chain, engine, parent, state, attrs, txs);
      await chain.insertChain([block]);
      return block;
    },
  };
}
