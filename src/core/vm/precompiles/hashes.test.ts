import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8ToBytes } from '../../../common/bytes.js';
import { ripemd160Precompile, sha256Precompile } from './hashes.js';
import { identity } from './identity.js';

describe('sha256, ripemd160, identity', () => {
  it('sha256 of "abc" and its price 60 + 12 per word', () => {
    expect(bytesToHex(sha256Precompile.run(utf8ToBytes('abc')))).toBe(
      '0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Precompile.gas(new Uint8Array(0))).toBe(60n);
    expect(sha256Precompile.gas(new Uint8Array(33))).toBe(84n);
  });

  it('ripemd160 of "abc" left-padded to 32 bytes, 600 + 120 per word', () => {
    expect(bytesToHex(ripemd160Precompile.run(utf8ToBytes('abc')))).toBe(
      '0x0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc',
    );
    expect(ripemd160Precompile.gas(new Uint8Array(32))).toBe(720n);
  });

  it('identity returns a copy, 15 + 3 per word', () => {
    const input = new Uint8Array([1, 2, 3]);
    const out = identity.run(input);
    expect(out).toEqual(input);
    input[0] = 9;
    expect(out[0]).toBe(1);
    expect(identity.gas(new Uint8Array(64))).toBe(21n);
  });
});
