import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { calcRequestsHash } from './eip7685.js';

const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());

describe('calcRequestsHash', () => {
  it('hashes no requests to sha256 of nothing', () => {
    const empty = '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(bytesToHex(calcRequestsHash([]))).toBe(empty);
    // A request of the type byte alone carries no data and is skipped.
    expect(bytesToHex(calcRequestsHash([hexToBytes('0x00'), hexToBytes('0x01')]))).toBe(empty);
  });

  it('hashes the concatenated hashes of the requests, in order', () => {
    const deposit = hexToBytes('0x00aabbcc');
    const withdrawal = hexToBytes('0x01ddeeff');
    const want = sha256(new Uint8Array([...sha256(deposit), ...sha256(withdrawal)]));
    expect(calcRequestsHash([deposit, hexToBytes('0x02'), withdrawal])).toEqual(want);
    expect(calcRequestsHash([withdrawal, deposit])).not.toEqual(want);
  });
});
