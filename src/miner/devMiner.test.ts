import type { Header } from '../core/types/header.js';
import { afterEach, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, hexToBytes, type Bytes } from '../common/bytes.js';
import { TypedEmitter } from '../common/typedEmitter.js';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { Blockchain } from '../core/chain/blockchain.js';
import { GWEI, SILENT_LOG, TEST_ADDRESSES, TEST_CHAIN_ID, TEST_KEYS, testGenesis, transfer } from '../core/chain/testChain.js';
import type { Transaction } from '../core/types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE } from '../core/types/txData.js';
import { signTransaction } from '../core/types/txSigner.js';
import { MemoryStore } from '../db/memoryStore.js';
import { TransactionsByPriceAndNonce } from '../txpool/transactionsByPriceAndNonce.js';
import { TxPool, type PendingFilter, type TxPoolEventMap } from '../txpool/txPool.js';
import { DevMiner } from './devMiner.js';
import type { MinerPool } from './fillBlock.js';

const COINBASE = bigintToFixedBytes(0xc0ffeen, 20);
const RECIPIENT = bigintToFixedBytes(0xbeefn, 20);
/** A contract that loops until its gas runs out: a call burns its whole gas limit. */
const BURNER = bigintToFixedBytes(0xb0b0n, 20);
const BURNER_CODE = hexToBytes('0x5b600056'); // JUMPDEST PUSH1 0 JUMP

let miner: DevMiner | undefined;
let pool: TxPool | undefined;
afterEach(async () => {
  await miner?.stop();
  await pool?.stop();
  miner = undefined;
  pool = undefined;
});

async function openChain(genesisGasLimit = 30_000_000n): Promise<Blockchain> {
  const genesis = testGenesis(undefined, {
    [bytesToHex(BURNER)]: { balance: 0n, nonce: 0n, code: BURNER_CODE, storage: new Map() },
  });
  genesis.gasLimit = genesisGasLimit;
  return Blockchain.open(new MemoryStore(), { engine: new BeaconEngine(), genesis, log: SILENT_LOG });
}

async function setup(period: number, options: { gasLimit?: bigint; now?: () => number; genesisGasLimit?: bigint } = {}) {
  const chain = await openChain(options.genesisGasLimit);
  pool = new TxPool({ chain, log: SILENT_LOG });
  await pool.start();
  miner = new DevMiner({ chain, pool, coinbase: COINBASE, period, gasLimit: options.gasLimit ?? 30_000_000n, now: options.now, log: SILENT_LOG });
  await miner.start();
  return { chain, pool, miner };
}

function burn(key: Bytes, nonce: bigint, gasLimit: bigint): Transaction {
  return signTransaction(
    {
      type: DYNAMIC_FEE_TX_TYPE,
      chainId: TEST_CHAIN_ID,
      nonce,
      maxPriorityFeePerGas: GWEI,
      maxFeePerGas: 100n * GWEI,
      gasLimit,
      to: BURNER,
      value: 0n,
      data: new Uint8Array(0),
      accessList: [],
    },
    key,
  );
}

describe('DevMiner, period 0', () => {
  it('seals a block as soon as a transaction is pending, with the dev-mode header fields', async () => {
    const { chain, pool, miner } = await setup(0, { gasLimit: 60_000_000n });
    await miner.idle();
    // Nothing pending: no empty block.
    expect(chain.currentBlock.number).toBe(0n);
    const tx = transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 1234n);
    expect(pool.add([tx])[0]!.ok).toBe(true);
    await miner.idle();
    const block = chain.currentBlock;
    expect(block.number).toBe(1n);
    expect(block.transactions.map((t) => bytesToHex(t.hash))).toEqual([bytesToHex(tx.hash)]);
    const h = block.header;
    expect(h.coinbase).toEqual(COINBASE);
    expect(h.timestamp).toBeGreaterThan(chain.genesis.header.timestamp);
    expect(h.timestamp).toBeLessThanOrEqual(BigInt(Math.ceil(Date.now() / 1000)));
    // One bounded step from 30M towards 60M.
    expect(h.gasLimit).toBe(30_000_000n + 30_000_000n / 1024n - 1n);
    expect(h.mixHash).not.toEqual(new Uint8Array(32));
    expect(h.parentBeaconBlockRoot).toEqual(new Uint8Array(32));
    expect(block.withdrawals).toEqual([]);
    expect(chain.stateAt(h.stateRoot).getBalance(RECIPIENT)).toBe(1234n);
    expect(pool.status()).toEqual({ pending: 0, queued: 0 });
  });

  it('puts a burst of transactions into one block', async () => {
    const { chain, pool, miner } = await setup(0);
    for (let i = 0n; i < 5n; i++) pool.add([transfer(TEST_KEYS[0]!, i, RECIPIENT, 1n)]);
    pool.add([transfer(TEST_KEYS[1]!, 0n, RECIPIENT, 1n)]);
    await miner.idle();
    expect(chain.currentBlock.number).toBe(1n);
    expect(chain.currentBlock.transactions).toHaveLength(6);
  });

  it('carries what does not fit into the next block', async () => {
    const { chain, pool, miner } = await setup(0, { genesisGasLimit: 100_000n });
    // Each burns 40k gas: two fit a block of about 100k, the third follows.
    pool.add([burn(TEST_KEYS[0]!, 0n, 40_000n), burn(TEST_KEYS[1]!, 0n, 40_000n), burn(TEST_KEYS[2]!, 0n, 40_000n)]);
    await miner.idle();
    expect(chain.currentBlock.number).toBe(2n);
    expect(chain.getBlockByNumber(1n)!.transactions).toHaveLength(2);
    expect(chain.getBlockByNumber(1n)!.header.gasUsed).toBe(80_000n);
    expect(chain.getBlockByNumber(2n)!.transactions).toHaveLength(1);
    expect(pool.status().pending).toBe(0);
  });

  it('uses a timestamp after the parent even when the clock is behind it', async () => {
    const { chain, pool, miner } = await setup(0, { now: () => 0 });
    pool.add([transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 1n)]);
    await miner.idle();
    pool.add([transfer(TEST_KEYS[0]!, 1n, RECIPIENT, 1n)]);
    await miner.idle();
    expect(chain.getBlockByNumber(1n)!.header.timestamp).toBe(1n);
    expect(chain.getBlockByNumber(2n)!.header.timestamp).toBe(2n);
  });

  it('stops sealing when stopped', async () => {
    const { chain, pool, miner } = await setup(0);
    await miner.stop();
    pool.add([transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 1n)]);
    await new Promise((r) => setTimeout(r, 20));
    expect(chain.currentBlock.number).toBe(0n);
  });
});

describe('DevMiner, failing transactions', () => {
  /** A pool that hands the miner exactly the given transactions per account, to include ones a real pool would refuse. */
  function fakePool(accounts: Transaction[][], removed: string[] = []): MinerPool {
    return {
      events: new TypedEmitter<TxPoolEventMap>('x', SILENT_LOG),
      pendingByPriceAndNonce: (filter: PendingFilter) =>
        new TransactionsByPriceAndNonce(new Map(accounts.map((txs, i) => [String(i), txs])), filter.baseFee),
      remove: (hash) => {
        removed.push(bytesToHex(hash));
        return true;
      },
    };
  }

  it('skips a transaction that fails, with the rest of its account, and includes the others', async () => {
    const chain = await openChain();
    const good = transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 1n);
    const goodNext = transfer(TEST_KEYS[0]!, 1n, RECIPIENT, 1n);
    // Nonce 5 while the account is at 0: fails, and its successor cannot run either.
    const gapped = transfer(TEST_KEYS[1]!, 5n, RECIPIENT, 1n, { maxPriorityFeePerGas: 50n * GWEI });
    const afterGap = transfer(TEST_KEYS[1]!, 6n, RECIPIENT, 1n, { maxPriorityFeePerGas: 50n * GWEI });
    // More value than the account holds.
    const broke = transfer(TEST_KEYS[2]!, 0n, RECIPIENT, 10n ** 30n, { maxPriorityFeePerGas: 20n * GWEI });
    const removed: string[] = [];
    const m = new DevMiner({ chain, pool: fakePool([[good, goodNext], [gapped, afterGap], [broke]], removed), coinbase: COINBASE, period: 0, gasLimit: 30_000_000n, log: SILENT_LOG });
    const block = await m.sealBlock({ allowEmpty: false });
    expect(block!.transactions.map((t) => t.nonce)).toEqual([0n, 1n]);
    expect(block!.transactions[0]!.hash).toEqual(good.hash);
    expect(chain.currentBlock.hash).toEqual(block!.hash);
    // Only the unaffordable one is invalid on the head; a nonce ahead of the account's only waits.
    expect(removed).toEqual([bytesToHex(broke.hash)]);
  });

  it('asks the pool to remove transactions invalid on the head, not ones that did not fit', async () => {
    const chain = await openChain(100_000n);
    // Fails its intrinsic gas check: invalid whatever the block.
    const underGassed = signTransaction(
      {
        type: DYNAMIC_FEE_TX_TYPE,
        chainId: TEST_CHAIN_ID,
        nonce: 0n,
        maxPriorityFeePerGas: 30n * GWEI,
        maxFeePerGas: 100n * GWEI,
        gasLimit: 20_000n,
        to: RECIPIENT,
        value: 0n,
        data: new Uint8Array(0),
        accessList: [],
      },
      TEST_KEYS[0]!,
    );
    // 60k + 60k cannot both fit a block of about 100k: the second is left for the next block.
    const big1 = burn(TEST_KEYS[1]!, 0n, 60_000n);
    const big2 = burn(TEST_KEYS[2]!, 0n, 60_000n);
    const removed: string[] = [];
    const m = new DevMiner({ chain, pool: fakePool([[underGassed], [big1], [big2]], removed), coinbase: COINBASE, period: 0, gasLimit: 100_000n, log: SILENT_LOG });
    const block = await m.sealBlock({ allowEmpty: false });
    expect(block!.transactions).toHaveLength(1);
    expect(removed).toEqual([bytesToHex(underGassed.hash)]);
  });

  it('removes an invalid transaction from a real pool and demotes its account’s later ones', async () => {
    const chain = await openChain();
    // The pool sees every account as rich, so it admits a transfer the block's state cannot pay for.
    const richChain = {
      config: chain.config,
      events: chain.events,
      get currentHeader() {
        return chain.currentHeader;
      },
      stateAt: (root: Bytes) => {
        const state = chain.stateAt(root);
        return { getNonce: (a: Bytes) => state.getNonce(a), getBalance: () => 10n ** 40n };
      },
      stateAtHeader(header: Header) {
        return this.stateAt(chain.stateRootOf(header));
      },
    };
    pool = new TxPool({ chain: richChain, log: SILENT_LOG });
    await pool.start();
    miner = new DevMiner({ chain, pool, coinbase: COINBASE, period: 0, gasLimit: 30_000_000n, log: SILENT_LOG });
    const broke = transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 10n ** 30n);
    const after = transfer(TEST_KEYS[0]!, 1n, RECIPIENT, 1n);
    const fine = transfer(TEST_KEYS[1]!, 0n, RECIPIENT, 1n);
    expect(pool.add([broke, after, fine]).map((r) => r.ok)).toEqual([true, true, true]);
    expect(pool.status()).toEqual({ pending: 3, queued: 0 });
    await miner.start();
    await miner.idle();
    expect(chain.currentBlock.number).toBe(1n);
    expect(chain.currentBlock.transactions.map((t) => t.hash)).toEqual([fine.hash]);
    expect(pool.has(broke.hash)).toBe(false);
    expect(pool.txStatus(after.hash)).toBe('queued');
    expect(pool.status()).toEqual({ pending: 0, queued: 1 });
    // Nothing executable is left, so no further (empty) block follows.
    expect(chain.currentBlock.number).toBe(1n);
  });

  it('moves past a transaction whose nonce is already used to the account’s next one', async () => {
    const chain = await openChain();
    const first = transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 1n);
    const m0 = new DevMiner({ chain, pool: fakePool([[first]]), coinbase: COINBASE, period: 0, gasLimit: 30_000_000n, log: SILENT_LOG });
    await m0.sealBlock();
    const stale = transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 2n);
    const next = transfer(TEST_KEYS[0]!, 1n, RECIPIENT, 3n);
    const m = new DevMiner({ chain, pool: fakePool([[stale, next]]), coinbase: COINBASE, period: 0, gasLimit: 30_000_000n, log: SILENT_LOG });
    const block = await m.sealBlock();
    expect(block!.transactions.map((t) => t.hash)).toEqual([next.hash]);
  });

  it('seals nothing on demand when every pending transaction fails', async () => {
    const chain = await openChain();
    const m = new DevMiner({ chain, pool: fakePool([[transfer(TEST_KEYS[0]!, 9n, RECIPIENT, 1n)]]), coinbase: COINBASE, period: 0, gasLimit: 30_000_000n, log: SILENT_LOG });
    expect(await m.sealBlock({ allowEmpty: false })).toBeUndefined();
    expect(chain.currentBlock.number).toBe(0n);
    expect((await m.sealBlock({ allowEmpty: true }))!.transactions).toHaveLength(0);
    expect(chain.currentBlock.number).toBe(1n);
  });

  it('refuses a bad period or coinbase', async () => {
    const chain = await openChain();
    const base = { chain, pool: fakePool([]), coinbase: COINBASE, gasLimit: 30_000_000n };
    expect(() => new DevMiner({ ...base, period: -1 })).toThrow('dev period must be a whole number of seconds, got -1');
    expect(() => new DevMiner({ ...base, period: 0.5 })).toThrow('got 0.5');
    expect(() => new DevMiner({ ...base, period: 0, coinbase: new Uint8Array(19) })).toThrow('coinbase must be 20 bytes, got 19');
  });
});

describe('DevMiner, period N', () => {
  it('seals a block every N seconds, empty ones too, and includes what is pending', async () => {
    const { chain, pool, miner } = await setup(1);
    pool.add([transfer(TEST_KEYS[0]!, 0n, TEST_ADDRESSES[1]!, 1n)]);
    // Not sealed on arrival.
    await new Promise((r) => setTimeout(r, 200));
    expect(chain.currentBlock.number).toBe(0n);
    const deadline = Date.now() + 10_000;
    while (chain.currentBlock.number < 2n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await miner.stop();
    expect(chain.currentBlock.number).toBe(2n);
    expect(chain.getBlockByNumber(1n)!.transactions).toHaveLength(1);
    expect(chain.getBlockByNumber(2n)!.transactions).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect(chain.currentBlock.number).toBe(2n);
  });
});

describe('DevMiner, devnet controls', () => {
  it('stops sealing on arrival with automine off, and seals empty blocks on its interval', async () => {
    const { chain, pool, miner } = await setup(0);
    miner.setAutomine(false);
    expect(pool.add([transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 1n)])[0]!.ok).toBe(true);
    await miner.idle();
    expect(chain.currentBlock.number).toBe(0n);
    miner.setIntervalMining(10);
    await new Promise((r) => setTimeout(r, 100));
    miner.setIntervalMining(0);
    await miner.idle();
    expect(chain.currentBlock.number).toBeGreaterThan(1n);
    expect(chain.getBlockByNumber(1n)!.transactions).toHaveLength(1);
    expect(() => miner.setIntervalMining(-1)).toThrow('mining interval must be a whole number of milliseconds, got -1');
    expect(() => miner.setIntervalMining(1.5)).toThrow('got 1.5');
  });

  it('adds the time offset to timestamps and takes a fixed next timestamp once', async () => {
    const clock = { ms: 1_700_000_000_000 };
    const { chain, miner } = await setup(0, { now: () => clock.ms });
    expect(miner.increaseTime(60n)).toBe(60n);
    expect(miner.increaseTime(40n)).toBe(100n);
    expect(() => miner.increaseTime(-1n)).toThrow('cannot move time backwards by 1 seconds');
    await miner.sealBlock();
    expect(chain.currentHeader.timestamp).toBe(1_700_000_100n);
    expect(() => miner.setNextBlockTimestamp(1_700_000_100n)).toThrow('timestamp 1700000100 is not after the head\'s (1700000100)');
    miner.setNextBlockTimestamp(1_700_001_000n);
    await miner.sealBlock();
    expect(chain.currentHeader.timestamp).toBe(1_700_001_000n);
    expect(miner.timeOffset).toBe(1000n);
    clock.ms += 2000;
    await miner.sealBlock();
    expect(chain.currentHeader.timestamp).toBe(1_700_001_002n);
    await expect(miner.sealBlock({ allowEmpty: true, timestamp: 5n })).rejects.toThrow('timestamp 5 is not after the head\'s');
    expect(chain.currentHeader.number).toBe(3n);
  });

  it('seals blocks asked for together one after the other, each on the previous', async () => {
    const { chain, miner } = await setup(0);
    const [a, b] = await Promise.all([miner.sealBlock(), miner.sealBlock()]);
    expect([a!.number, b!.number]).toEqual([1n, 2n]);
    expect(b!.header.parentHash).toEqual(a!.hash);
    expect(chain.currentBlock.hash).toEqual(b!.hash);
  });
});
