import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../common/bytes.js';
import { TEST_ADDRESSES, TEST_KEYS, transfer } from '../core/chain/testChain.js';
import { decodeTransaction, encodeTransaction, Transaction } from '../core/types/transaction.js';
import { senderOf } from './senderCache.js';

describe('sender cache', () => {
  it('gives the recovered sender, for fresh objects of the same transaction too', () => {
    const tx = transfer(TEST_KEYS[1]!, 0n, new Uint8Array(20), 1n);
    expect(bytesToHex(senderOf(tx))).toBe(bytesToHex(TEST_ADDRESSES[1]!));
    const copy = decodeTransaction(encodeTransaction(tx));
    expect(bytesToHex(senderOf(copy))).toBe(bytesToHex(TEST_ADDRESSES[1]!));
  });

  it('fails, and remembers nothing, for a signature that recovers no key', () => {
    const tx = transfer(TEST_KEYS[0]!, 7n, new Uint8Array(20), 1n);
    const broken = new Transaction(tx.inner, { ...tx.signature, r: 0n });
    expect(() => senderOf(broken)).toThrow(/invalid transaction v, r, s values/);
    expect(() => senderOf(broken)).toThrow(/invalid transaction v, r, s values/);
  });
});
