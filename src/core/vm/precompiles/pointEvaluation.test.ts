import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../common/bytes.js';
import { kzgToVersionedHash, pointEvaluation } from './pointEvaluation.js';
import { PrecompileFailure } from './precompile.js';
import { loadVectors } from './vectors.testdata.js';

const [vector] = loadVectors('pointEvaluation.json');

describe('point evaluation (EIP-4844)', () => {
  it('verifies the example proof and returns the blob constants', () => {
    const input = hexToBytes(vector!.Input);
    expect(pointEvaluation.gas(input)).toBe(50000n);
    expect(bytesToHex(pointEvaluation.run(input))).toBe('0x' + vector!.Expected);
  });

  it('the versioned hash is sha256(commitment) with version byte 1', () => {
    const input = hexToBytes(vector!.Input);
    expect(bytesToHex(kzgToVersionedHash(input.subarray(96, 144)))).toBe(bytesToHex(input.subarray(0, 32)));
  });

  it('fails on a wrong length, a mismatched hash, a wrong y and a non-canonical z', () => {
    const input = hexToBytes(vector!.Input);
    expect(() => pointEvaluation.run(input.subarray(0, 191))).toThrow('invalid input length');
    const badHash = input.slice();
    badHash[5]! ^= 1;
    expect(() => pointEvaluation.run(badHash)).toThrow('mismatched versioned hash');
    const badY = input.slice();
    badY[95]! ^= 1;
    expect(() => pointEvaluation.run(badY)).toThrow(PrecompileFailure);
    const badZ = input.slice();
    badZ.fill(0xff, 32, 64);
    expect(() => pointEvaluation.run(badZ)).toThrow('point is not a canonical field element');
    const badProof = input.slice();
    badProof[150]! ^= 1;
    expect(() => pointEvaluation.run(badProof)).toThrow(PrecompileFailure);
  });
});
