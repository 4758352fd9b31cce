import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../common/bytes.js';
import { decodeRlp, encodeRlp, RlpError } from '../../rlp/rlp.js';
import {
  accessListStorageKeyCount,
  checkAccessList,
  decodeAccessList,
  encodeAccessList,
  type AccessList,
} from './accessList.js';

const A = hexToBytes('0x095e7baea6a6c7c4c2dfeb977efac326af552d87');
const B = hexToBytes('0xa95e7baea6a6c7c4c2dfeb977efac326af552d87');
const K0 = new Uint8Array(32);
const K1 = new Uint8Array(32).fill(0xff);

describe('access list', () => {
  const list: AccessList = [
    { address: A, storageKeys: [K0, K1] },
    { address: B, storageKeys: [] },
  ];

  it('round-trips through RLP', () => {
    const decoded = decodeAccessList(decodeRlp(encodeRlp(encodeAccessList(list))));
    expect(decoded).toEqual(list);
    expect(decodeAccessList(decodeRlp(encodeRlp(encodeAccessList([]))))).toEqual([]);
  });

  it('counts storage keys over all entries', () => {
    expect(accessListStorageKeyCount(list)).toBe(2);
    expect(accessListStorageKeyCount([])).toBe(0);
  });

  it('rejects an address or key of the wrong width with the position in the message', () => {
    const shortAddress = encodeRlp([[A.subarray(1), []]]);
    expect(() => decodeAccessList(decodeRlp(shortAddress))).toThrow(/accessList\[0\]\.address: expected 20 bytes, got 19/);
    const longKey = encodeRlp([[A, [K0]], [B, [K0, new Uint8Array(33)]]]);
    expect(() => decodeAccessList(decodeRlp(longKey))).toThrow(/accessList\[1\]\.storageKeys\[1\]: expected 32 bytes, got 33/);
    // A key written as a minimal integer (0x01) is not 32 bytes.
    expect(() => decodeAccessList(decodeRlp(encodeRlp([[A, [1]]])))).toThrow(RlpError);
  });

  it('rejects entries of the wrong shape', () => {
    expect(() => decodeAccessList(decodeRlp(encodeRlp(A)))).toThrow(/accessList: expected a list/);
    expect(() => decodeAccessList(decodeRlp(encodeRlp([A])))).toThrow(/accessList\[0\]: expected a list/);
    expect(() => decodeAccessList(decodeRlp(encodeRlp([[A, [], []]])))).toThrow(/expected 2 elements, got 3/);
    expect(() => decodeAccessList(decodeRlp(encodeRlp([[A, K0]])))).toThrow(/storageKeys: expected a list/);
  });

  it('checks lists built in code', () => {
    expect(() => checkAccessList(list)).not.toThrow();
    expect(() => checkAccessList([{ address: A.subarray(2), storageKeys: [] }])).toThrow(/accessList\[0\]\.address must be 20 bytes/);
    expect(() => checkAccessList([{ address: A, storageKeys: [K0.subarray(1)] }])).toThrow(/storageKeys\[0\] must be 32 bytes/);
  });
});
