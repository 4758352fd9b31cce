import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../common/bytes.js';
import { blake2f } from './blake2f.js';
import { PrecompileFailure } from './precompile.js';
import { loadVectors } from './vectors.testdata.js';

describe('blake2f (EIP-152)', () => {
  for (const v of loadVectors('blake2F.json')) {
    it(v.Name, () => {
      const input = hexToBytes(v.Input);
      expect(blake2f.gas(input)).toBe(BigInt(v.Gas!));
      expect(bytesToHex(blake2f.run(input))).toBe('0x' + v.Expected);
    });
  }
  for (const v of loadVectors('fail-blake2f.json')) {
    it(`fails: ${v.Name}`, () => {
      const input = hexToBytes(v.Input);
      expect(() => blake2f.run(input)).toThrow(PrecompileFailure);
      expect(() => blake2f.run(input)).toThrow(v.ExpectedError!);
    });
  }
});
