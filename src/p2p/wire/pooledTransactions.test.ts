import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { transactionToBlockItem } from '../../core/types/transaction.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { MAX_POOLED_TRANSACTIONS_SERVE } from './limits.js';
import { getPooledTransactionsCodec, pooledTransactionsCodec } from './pooledTransactions.js';
import { fill, fuzzDecode, junkInputs, rejectionOf, sampleTransactions } from './testMessages.js';
import { transactionsCodec } from './transactions.js';

describe('GetPooledTransactions', () => {
  it('round-trips hashes and names itself in errors', () => {
    const hashes = sampleTransactions().map((tx) => tx.hash);
    expect(getPooledTransactionsCodec.decode(getPooledTransactionsCodec.encode(hashes))).toEqual(hashes);
    expect(rejectionOf(getPooledTransactionsCodec, encodeRlp([fill(1, 2)]))).toMatch(
      /^invalid GetPooledTransactions message: .*hash 0: expected 32 bytes, got 2/,
    );
  });
});

describe('PooledTransactions', () => {
  const txs = sampleTransactions();

  it('round-trips, encoded as Transactions is', () => {
    const bytes = pooledTransactionsCodec.encode(txs);
    expect(bytesToHex(bytes)).toBe(bytesToHex(transactionsCodec.encode(txs)));
    expect(pooledTransactionsCodec.decode(bytes).map((tx) => bytesToHex(tx.hash))).toEqual(txs.map((tx) => bytesToHex(tx.hash)));
  });

  it('refuses more transactions than a server may send', () => {
    const many = encodeRlp(Array.from({ length: MAX_POOLED_TRANSACTIONS_SERVE + 1 }, () => transactionToBlockItem(txs[0]!)));
    expect(rejectionOf(pooledTransactionsCodec, many)).toContain('transactions: 1025 elements, at most 1024 allowed');
  });

  it.each(junkInputs(pooledTransactionsCodec.encode(txs)))('refuses %s', (_name, bytes) => {
    expect(rejectionOf(pooledTransactionsCodec, bytes)).toMatch(/^invalid PooledTransactions message: /);
  });

  it('survives corrupted replies', () => {
    fuzzDecode(pooledTransactionsCodec, pooledTransactionsCodec.encode(txs));
  });
});
