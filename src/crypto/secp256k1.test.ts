import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../common/bytes.js';
import { keccak256, KECCAK256_EMPTY } from './keccak.js';
import {
  InvalidSignatureError,
  isValidPrivateKey,
  privateKeyToAddress,
  recoverAddress,
  SECP256K1_HALF_N,
  SECP256K1_N,
  sign,
  validateSignatureValues,
} from './secp256k1.js';

// Hardhat/Anvil's first development account.
const KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const ADDRESS = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

describe('keccak256', () => {
  it('hashes the empty string to the known value', () => {
    expect(keccak256(new Uint8Array(0))).toEqual(KECCAK256_EMPTY);
  });
  it('gives the same digest as the pure-JS implementation for every length around the rate', () => {
    // 136 bytes is keccak256's rate: lengths around multiples of it exercise the padding paths.
    for (const n of [1, 31, 32, 135, 136, 137, 271, 272, 273, 1000]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff);
      expect(bytesToHex(keccak256(data))).toBe(bytesToHex(keccak_256(data)));
      // A view into a larger buffer hashes only its own bytes.
      const padded = new Uint8Array(n + 8);
      padded.set(data, 4);
      expect(bytesToHex(keccak256(padded.subarray(4, 4 + n)))).toBe(bytesToHex(keccak_256(data)));
    }
  });
});

describe('secp256k1', () => {
  it('derives the address of a known key', () => {
    expect(bytesToHex(privateKeyToAddress(KEY))).toBe(ADDRESS);
  });

  it('signs with low s and recovers the signer', () => {
    for (let i = 0; i < 8; i++) {
      const digest = keccak256(new Uint8Array([i]));
      const sig = sign(digest, KEY);
      expect(sig.s <= SECP256K1_HALF_N).toBe(true);
      expect(bytesToHex(recoverAddress(digest, sig))).toBe(ADDRESS);
    }
  });

  it('recovers from the high-s twin only when low s is not required', () => {
    const digest = keccak256(new Uint8Array([42]));
    const sig = sign(digest, KEY);
    const twin = { r: sig.r, s: SECP256K1_N - sig.s, yParity: sig.yParity ^ 1 };
    expect(validateSignatureValues(twin, true)).toMatch(/EIP-2/);
    expect(validateSignatureValues(twin, false)).toBeUndefined();
    expect(bytesToHex(recoverAddress(digest, twin))).toBe(ADDRESS);
  });

  it('rejects out-of-range values with a clear error', () => {
    const digest = keccak256(new Uint8Array([1]));
    expect(() => recoverAddress(digest, { r: 0n, s: 1n, yParity: 0 })).toThrow(InvalidSignatureError);
    expect(() => recoverAddress(digest, { r: 1n, s: SECP256K1_N, yParity: 0 })).toThrow(/s out of range/);
    expect(() => recoverAddress(digest, { r: 1n, s: 1n, yParity: 2 })).toThrow(/recovery id/);
    // r = 5 is no point's x coordinate: in range, yet nothing can be recovered from it.
    expect(() => recoverAddress(digest, { r: 5n, s: 1n, yParity: 0 })).toThrow(InvalidSignatureError);
  });

  it('validates private keys', () => {
    expect(isValidPrivateKey(KEY)).toBe(true);
    expect(isValidPrivateKey(new Uint8Array(32))).toBe(false);
    expect(isValidPrivateKey(new Uint8Array(31).fill(1))).toBe(false);
  });
});
