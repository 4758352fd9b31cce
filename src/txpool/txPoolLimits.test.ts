// The pool's bounds: per-account and global limits of pending and queued transactions, expiry of queued ones,
// and eviction by price when the pool is full (geth's legacypool limiting and underpricing tests).
import { describe, expect, it } from 'vitest';
import { GWEI } from '../core/chain/testChain.js';
import type { Transaction } from '../core/types/transaction.js';
import { dynTx, legacyTx, openPool, testAccounts, type TestAccount } from './testPool.js';
import { TX_SLOT_SIZE } from './txLookup.js';
import type { AddResult } from './txPool.js';

const accounts = testAccounts(5);
const [a, b, c, d, e] = accounts as [TestAccount, TestAccount, TestAccount, TestAccount, TestAccount];

function outcomes(results: AddResult[]): string[] {
  return results.map((r) => (r.ok ? 'ok' : r.error.message));
}

const range = (from: number, to: number): bigint[] => Array.from({ length: to - from }, (_, i) => BigInt(from + i));
const nonces = (txs: readonly Transaction[]): bigint[] => txs.map((t) => t.nonce);

describe('TxPool queue limits', () => {
  it('keeps at most accountQueue future transactions per remote account, the lowest nonces', async () => {
    const { pool } = await openPool({ accounts, config: { accountQueue: 4 } });
    pool.add(range(1, 7).map((n) => dynTx(a, n)));
    expect(nonces(pool.contentFrom(a.address).queued)).toEqual(range(1, 5));
    pool.add(range(1, 7).map((n) => dynTx(b, n)), { local: true });
    expect(nonces(pool.contentFrom(b.address).queued)).toEqual(range(1, 7));
  });

  it('keeps at most globalQueue overall, taking from the accounts idle longest (never local ones)', async () => {
    const { pool, advance } = await openPool({ accounts, config: { globalQueue: 4 } });
    pool.add(range(1, 4).map((n) => dynTx(a, n)));
    advance(10);
    pool.add(range(1, 3).map((n) => dynTx(b, n)));
    advance(10);
    pool.add([dynTx(c, 1n)]);
    // Six queued, two over: the oldest account loses its highest nonces.
    expect(nonces(pool.contentFrom(a.address).queued)).toEqual([1n]);
    expect(nonces(pool.contentFrom(b.address).queued)).toEqual([1n, 2n]);
    expect(pool.status()).toEqual({ pending: 0, queued: 4 });

    pool.add(range(1, 6).map((n) => dynTx(d, n)), { local: true });
    expect(pool.status()).toEqual({ pending: 0, queued: 5 });
    expect(nonces(pool.contentFrom(d.address).queued)).toEqual(range(1, 6));
  });

  it('expires the queue of a remote account idle beyond the lifetime; a promotion counts as activity', async () => {
    const { pool, advance } = await openPool({ accounts, config: { lifetime: 1000 } });
    pool.add([dynTx(a, 2n), dynTx(a, 3n), dynTx(b, 2n), dynTx(d, 0n)]);
    pool.add([dynTx(c, 5n)], { local: true });
    advance(600);
    pool.add([dynTx(b, 0n)]);
    advance(500);
    expect(pool.evictExpired()).toBe(2);
    expect(pool.contentFrom(a.address).queued).toEqual([]);
    expect(nonces(pool.contentFrom(b.address).queued)).toEqual([2n]);
    advance(600);
    expect(pool.evictExpired()).toBe(1);
    expect(pool.contentFrom(b.address)).toMatchObject({ queued: [] });
    // Pending transactions and local queues never expire.
    expect(nonces(pool.contentFrom(b.address).pending)).toEqual([0n]);
    expect(nonces(pool.contentFrom(d.address).pending)).toEqual([0n]);
    expect(nonces(pool.contentFrom(c.address).queued)).toEqual([5n]);
  });
});

describe('TxPool pending limits', () => {
  it('trims the largest remote accounts to globalSlots, evening them out but never below accountSlots', async () => {
    const { pool } = await openPool({ accounts, config: { globalSlots: 6, accountSlots: 2 } });
    pool.add(range(0, 5).map((n) => dynTx(a, n)));
    pool.add(range(0, 3).map((n) => dynTx(b, n)));
    expect(pool.status().pending).toBe(6);
    expect(nonces(pool.contentFrom(a.address).pending)).toEqual(range(0, 3));
    pool.add([dynTx(c, 0n)]);
    expect(nonces(pool.contentFrom(a.address).pending)).toEqual([0n, 1n]);
    expect(nonces(pool.contentFrom(b.address).pending)).toEqual([0n, 1n]);
    expect(nonces(pool.contentFrom(c.address).pending)).toEqual([0n]);
    expect(pool.nonce(a.address)).toBe(2n);
    expect(pool.has(dynTx(a, 4n).hash)).toBe(false);

    // A local account is never trimmed, even far over its slots.
    pool.add(range(0, 5).map((n) => dynTx(d, n)), { local: true });
    expect(pool.status().pending).toBe(10);
    expect(nonces(pool.contentFrom(d.address).pending)).toEqual(range(0, 5));
  });
});

describe('TxPool eviction when full', () => {
  // Capacity is globalSlots + globalQueue = 4 slots.
  const config = { globalSlots: 2, globalQueue: 2 };

  it('refuses an underpriced newcomer, evicts the cheapest for a better one, lets locals push out anyone', async () => {
    const { pool } = await openPool({ accounts, config });
    const a0 = legacyTx(a, 0n, 2n * GWEI);
    const a1 = legacyTx(a, 1n, 3n * GWEI);
    const b1 = legacyTx(b, 1n, 2n * GWEI);
    const c0 = legacyTx(c, 0n, 1n * GWEI);
    expect(outcomes(pool.add([a0, a1, b1]))).toEqual(['ok', 'ok', 'ok']);
    expect(outcomes(pool.add([c0], { local: true }))).toEqual(['ok']);
    expect(pool.status()).toEqual({ pending: 3, queued: 1 });

    expect(outcomes(pool.add([legacyTx(b, 0n, 2n * GWEI)]))).toEqual(['transaction underpriced']);
    const b0 = legacyTx(b, 0n, 4n * GWEI);
    expect(outcomes(pool.add([b0]))).toEqual(['ok']);
    // The cheapest remote went: b1 (a0 pays as little, but among equals the higher nonce goes first).
    expect(pool.has(b1.hash)).toBe(false);
    expect(pool.status()).toEqual({ pending: 4, queued: 0 });

    // A local transaction is taken at any price; the cheapest remote makes room, and a0's successor cannot run
    // without it.
    const c1 = legacyTx(c, 1n, 1n);
    expect(outcomes(pool.add([c1], { local: true }))).toEqual(['ok']);
    expect(pool.has(a0.hash)).toBe(false);
    expect(pool.txStatus(a1.hash)).toBe('queued');
    expect(pool.txStatus(c1.hash)).toBe('pending');
    // Locals are never the victims.
    expect(outcomes(pool.add([legacyTx(d, 0n, 100n * GWEI)]))).toEqual(['ok']);
    expect(pool.has(c0.hash) && pool.has(c1.hash)).toBe(true);
  });

  it('says the pool is full when only local transactions are there to evict', async () => {
    const { pool } = await openPool({ accounts, config });
    pool.add(range(0, 4).map((n) => legacyTx(a, n, GWEI)), { local: true });
    expect(outcomes(pool.add([legacyTx(b, 0n, 1000n * GWEI)]))).toEqual(['txpool is full']);
    expect(pool.status()).toEqual({ pending: 4, queued: 0 });
  });

  it('never lets a transaction that cannot execute yet push out executable ones', async () => {
    const { pool } = await openPool({ accounts, config });
    const txs = [
      legacyTx(a, 0n, 2n * GWEI),
      legacyTx(a, 1n, 2n * GWEI),
      legacyTx(b, 0n, 3n * GWEI),
      legacyTx(b, 1n, 3n * GWEI),
    ];
    pool.add(txs);
    expect(outcomes(pool.add([legacyTx(c, 5n, 10n * GWEI)]))).toEqual(['future transaction tries to replace pending']);
    expect(pool.status()).toEqual({ pending: 4, queued: 0 });
    expect(outcomes(pool.add([legacyTx(c, 0n, 10n * GWEI)]))).toEqual(['ok']);
    expect(pool.has(txs[1]!.hash)).toBe(false);
    expect(pool.status()).toEqual({ pending: 4, queued: 0 });
  });

  it('counts a large transaction for each 32 KiB slot it starts', async () => {
    const { pool } = await openPool({ accounts, config });
    const small = range(0, 4).map((n) => legacyTx(a, n, GWEI));
    pool.add(small);
    const big = dynTx(e, 0n, { data: new Uint8Array(TX_SLOT_SIZE).fill(1), gas: 1_000_000n, tip: 5n * GWEI });
    expect(big.size).toBeGreaterThan(TX_SLOT_SIZE);
    expect(outcomes(pool.add([big]))).toEqual(['ok']);
    // The full pool needed two slots for it: two small ones made room.
    expect(nonces(pool.contentFrom(a.address).pending)).toEqual([0n, 1n]);
    expect(pool.status()).toEqual({ pending: 3, queued: 0 });
  });
});
