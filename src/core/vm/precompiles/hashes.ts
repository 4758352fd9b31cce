// 0x02 SHA-256 and 0x03 RIPEMD-160 (its 20-byte digest left-padded to a word).
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Bytes } from '../../../common/bytes.js';
import { linearGas, type Precompile } from './precompile.js';

export const sha256Precompile: Precompile = {
  name: 'SHA256',
  gas: (input) => linearGas(60, 12, input.length),
  run: (input: Bytes): Bytes => sha256(input),
};

export const ripemd160Precompile: Precompile = {
  name: 'RIPEMD160',
  gas: (input) => linearGas(600, 120, input.length),
  run(input: Bytes): Bytes {
    const out = new Uint8Array(32);
    out.set(ripemd160(input), 12);
    return out;
  },
};
