import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { encodeTransaction, transactionToBlockItem } from '../../core/types/transaction.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { fuzzDecode, junkInputs, rejectionOf, sampleTransactions } from './testMessages.js';
import { transactionsCodec } from './transactions.js';

describe('Transactions', () => {
  const txs = sampleTransactions();

  it('round-trips every transaction type with its hash', () => {
    const decoded = transactionsCodec.decode(transactionsCodec.encode(txs));
    expect(decoded.map((tx) => bytesToHex(tx.hash))).toEqual(txs.map((tx) => bytesToHex(tx.hash)));
    expect(decoded.map((tx) => bytesToHex(encodeTransaction(tx)))).toEqual(txs.map((tx) => bytesToHex(encodeTransaction(tx))));
  });

  it('carries a legacy transaction as its list and a typed one as a byte string, as a block body does', () => {
    expect(bytesToHex(transactionsCodec.encode(txs))).toBe(bytesToHex(encodeRlp(txs.map(transactionToBlockItem))));
  });

  it('accepts an empty list and many transactions', () => {
    expect(transactionsCodec.decode(transactionsCodec.encode([]))).toEqual([]);
    const many = Array.from({ length: 2000 }, () => txs[2]!);
    expect(transactionsCodec.decode(transactionsCodec.encode(many))).toHaveLength(2000);
  });

  it.each([
    ['a typed transaction given as a list', encodeRlp([[Uint8Array.of(2)]]), 'transaction 0: invalid transaction encoding'],
    [
      'a legacy transaction given as a string',
      encodeRlp([encodeTransaction(txs[0]!)]),
      'transaction 0: invalid transaction encoding: a legacy transaction in a block body must be an RLP list',
    ],
    [
      'an unknown type',
      encodeRlp([transactionToBlockItem(txs[1]!), Uint8Array.of(0x05, 0xc0)]),
      'transaction 1: invalid transaction encoding: transaction type 0x05 not supported',
    ],
    [
      'a truncated typed transaction',
      encodeRlp([encodeTransaction(txs[2]!).subarray(0, 20)]),
      'transaction 0: invalid transaction encoding',
    ],
    [
      'an empty legacy transaction',
      encodeRlp([[]]),
      'transaction 0: invalid transaction encoding: rlp: legacy transaction: expected 9 elements, got 0',
    ],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(rejectionOf(transactionsCodec, bytes)).toContain(reason);
  });

  it.each(junkInputs(transactionsCodec.encode(txs)))('refuses %s', (_name, bytes) => {
    expect(rejectionOf(transactionsCodec, bytes)).toMatch(/^invalid Transactions message: /);
  });

  it('survives corrupted messages', () => {
    expect(fuzzDecode(transactionsCodec, transactionsCodec.encode(txs))).toBeGreaterThan(0);
  });
});
