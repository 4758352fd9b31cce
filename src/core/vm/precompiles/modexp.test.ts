import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../common/bytes.js';
import { modexp, modexpGas, modPow } from './modexp.js';
import { loadVectors } from './vectors.testdata.js';

const word = (x: bigint) => x.toString(16).padStart(64, '0');

describe('modexp (EIP-198, EIP-2565 prices)', () => {
  for (const v of loadVectors('modexp_eip2565.json')) {
    it(v.Name, () => {
      const input = hexToBytes(v.Input);
      expect(modexp.gas(input)).toBe(BigInt(v.Gas!));
      expect(bytesToHex(modexp.run(input))).toBe('0x' + v.Expected);
    });
  }

  it('prices absurd lengths without allocating, at astronomic cost', () => {
    const huge = hexToBytes(word(1n << 255n) + word(1n << 255n) + word(1n << 255n));
    expect(modexpGas(huge)).toBeGreaterThan(1n << 400n);
    const bigExp = hexToBytes(word(0n) + word(1n << 64n) + word(0n));
    expect(modexpGas(bigExp)).toBe(200n); // zero-length modulus and base: only the floor
  });

  it('reads missing input as zeros', () => {
    // base 3, exponent 2 (one byte each), modulus length 1 with the byte missing: modulus 0 -> output 0x00.
    expect(bytesToHex(modexp.run(hexToBytes(word(1n) + word(1n) + word(1n) + '0302')))).toBe('0x00');
    // Complete: 3^2 mod 5 = 4.
    expect(bytesToHex(modexp.run(hexToBytes(word(1n) + word(1n) + word(1n) + '030205')))).toBe('0x04');
    expect(modexp.run(hexToBytes(word(0n) + word(0n) + word(0n))).length).toBe(0);
    expect(modexp.run(new Uint8Array(0)).length).toBe(0);
  });

  it('modPow handles 0^0 and modulus 1', () => {
    expect(modPow(0n, 0n, 7n)).toBe(1n);
    expect(modPow(5n, 0n, 1n)).toBe(0n);
    expect(modPow(2n, 100n, 1000000007n)).toBe(2n ** 100n % 1000000007n);
  });
});
