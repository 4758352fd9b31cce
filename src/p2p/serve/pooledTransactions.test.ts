import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import type { Transaction } from '../../core/types/transaction.js';
import { dynTx, openPool, testAccounts, type PoolSetup } from '../../txpool/testPool.js';
import { pooledTransactionsCodec } from '../wire/pooledTransactions.js';
import { servePooledTransactions } from './pooledTransactions.js';
import { DEFAULT_SERVE_LIMITS } from './responseBudget.js';

const accounts = testAccounts(2);
let setup: PoolSetup;
let txs: Transaction[];

beforeAll(async () => {
  setup = await openPool({ accounts });
  txs = [0n, 1n, 2n].map((nonce) => dynTx(accounts[0]!, nonce)).concat([dynTx(accounts[1]!, 0n)]);
  expect(setup.pool.add(txs).every((r) => r.ok)).toBe(true);
});
afterAll(async () => {
  await setup.pool.stop();
});

const UNKNOWN = new Uint8Array(32).fill(0xee);
const hashesOf = (list: Transaction[]) => list.map((tx) => bytesToHex(tx.hash));

describe('servePooledTransactions', () => {
  it('serves the pooled transactions in request order, skipping unknown ones', () => {
    const served = servePooledTransactions(setup.pool, [txs[3]!.hash, UNKNOWN, txs[0]!.hash]);
    expect(hashesOf(served)).toEqual(hashesOf([txs[3]!, txs[0]!]));
    expect(hashesOf(pooledTransactionsCodec.decode(pooledTransactionsCodec.encode(served)))).toEqual(hashesOf(served));
    expect(servePooledTransactions(setup.pool, [UNKNOWN])).toEqual([]);
  });

  it('applies the count, soft and hard limits', () => {
    const hashes = txs.map((tx) => tx.hash);
    expect(servePooledTransactions(setup.pool, hashes)).toHaveLength(4);
    expect(servePooledTransactions(setup.pool, hashes, { ...DEFAULT_SERVE_LIMITS, maxPooledTransactions: 2 })).toHaveLength(2);
    expect(servePooledTransactions(setup.pool, hashes, { ...DEFAULT_SERVE_LIMITS, softResponseSize: 1 })).toHaveLength(1);
    // A typed transaction is a byte string in the list: its binary form plus a string prefix.
    const size = txs[0]!.size + 2;
    expect(servePooledTransactions(setup.pool, hashes, { ...DEFAULT_SERVE_LIMITS, maxResponseSize: 9 + 3 * size })).toHaveLength(3);
    expect(servePooledTransactions(setup.pool, hashes, { ...DEFAULT_SERVE_LIMITS, maxResponseSize: 9 + 3 * size - 1 })).toHaveLength(2);
  });
});
