import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../common/bytes.js';
import { keccak256 } from '../../../crypto/keccak.js';
import { privateKeyToAddress, sign } from '../../../crypto/secp256k1.js';
import { ecrecover } from './ecrecover.js';
import { loadVectors } from './vectors.testdata.js';

describe('ecrecover', () => {
  for (const v of loadVectors('ecRecover.json')) {
    it(v.Name, () => {
      expect(bytesToHex(ecrecover.run(hexToBytes(v.Input)))).toBe('0x' + v.Expected);
      expect(ecrecover.gas(hexToBytes(v.Input))).toBe(3000n);
    });
  }

  it('recovers a fresh signature, accepting high s too', () => {
    const key = hexToBytes('0x' + '11'.repeat(32));
    const digest = keccak256(new Uint8Array([1, 2, 3]));
    const sig = sign(digest, key);
    const input = new Uint8Array(128);
    input.set(digest, 0);
    input[63] = 27 + sig.yParity;
    input.set(hexToBytes(sig.r.toString(16).padStart(64, '0')), 64);
    input.set(hexToBytes(sig.s.toString(16).padStart(64, '0')), 96);
    const out = ecrecover.run(input);
    expect(bytesToHex(out.subarray(12))).toBe(bytesToHex(privateKeyToAddress(key)));
    expect(out.subarray(0, 12).every((b) => b === 0)).toBe(true);
  });

  it('returns nothing for r = 0, s = 0 or short input', () => {
    const input = new Uint8Array(128);
    input[63] = 27;
    expect(ecrecover.run(input).length).toBe(0);
    expect(ecrecover.run(new Uint8Array(0)).length).toBe(0);
  });
});
