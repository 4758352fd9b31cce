// 0x09: the BLAKE2b compression function F (EIP-152), one gas per round. Input is exactly 213 bytes:
// rounds (4 bytes big-endian), state h (8 words), message m (16 words), offset counter t (2 words), final flag
// (1 byte, 0 or 1); words are 64-bit little-endian. 64-bit arithmetic runs on pairs of 32-bit halves.
import type { Bytes } from '../../../common/bytes.js';
import { PrecompileFailure, type Precompile } from './precompile.js';

const INPUT_LENGTH = 213;

/** BLAKE2b initialization vector as (low, high) 32-bit halves. */
const IV = new Uint32Array([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a, 0xade682d1,
  0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
].map((row) => Uint8Array.from(row, (i) => 2 * i));

/** v[a] += v[b] + m (64-bit, halves at even/odd indexes). */
function add3(v: Uint32Array, a: number, b: number, mLo: number, mHi: number): void {
  let lo = v[a]! + v[b]!;
  let hi = v[a + 1]! + v[b + 1]! + (lo >= 0x100000000 ? 1 : 0);
  lo >>>= 0;
  const lo2 = lo + mLo;
  hi += mHi + (lo2 >= 0x100000000 ? 1 : 0);
  v[a] = lo2;
  v[a + 1] = hi;
}

/** v[a] += v[b] */
function add2(v: Uint32Array, a: number, b: number): void {
  const lo = v[a]! + v[b]!;
  v[a + 1] = v[a + 1]! + v[b + 1]! + (lo >= 0x100000000 ? 1 : 0);
  v[a] = lo;
}

/** The mixing function G on words a, b, c, d with message words x and y (indexes into m). */
function mix(v: Uint32Array, m: Uint32Array, a: number, b: number, c: number, d: number, x: number, y: number): void {
  add3(v, a, b, m[x]!, m[x + 1]!);
  // v[d] = rotr64(v[d] ^ v[a], 32): swap the halves.
  let lo = v[d]! ^ v[a]!;
  let hi = v[d + 1]! ^ v[a + 1]!;
  v[d] = hi;
  v[d + 1] = lo;
  add2(v, c, d);
  // v[b] = rotr64(v[b] ^ v[c], 24)
  lo = v[b]! ^ v[c]!;
  hi = v[b + 1]! ^ v[c + 1]!;
  v[b] = (lo >>> 24) | (hi << 8);
  v[b + 1] = (hi >>> 24) | (lo << 8);
  add3(v, a, b, m[y]!, m[y + 1]!);
  // v[d] = rotr64(v[d] ^ v[a], 16)
  lo = v[d]! ^ v[a]!;
  hi = v[d + 1]! ^ v[a + 1]!;
  v[d] = (lo >>> 16) | (hi << 16);
  v[d + 1] = (hi >>> 16) | (lo << 16);
  add2(v, c, d);
  // v[b] = rotr64(v[b] ^ v[c], 63), i.e. rotate left by one
  lo = v[b]! ^ v[c]!;
  hi = v[b + 1]! ^ v[c + 1]!;
  v[b] = (lo << 1) | (hi >>> 31);
  v[b + 1] = (hi << 1) | (lo >>> 31);
}

/** F(h, m, t, f) over `rounds` rounds; h is updated in place. All arrays hold (low, high) halves. */
export function blake2bCompress(rounds: number, h: Uint32Array, m: Uint32Array, t: Uint32Array, last: boolean): void {
  const v = new Uint32Array(32);
  v.set(h, 0);
  v.set(IV, 16);
  v[24]! ^= t[0]!;
  v[25]! ^= t[1]!;
  v[26]! ^= t[2]!;
  v[27]! ^= t[3]!;
  if (last) {
    v[28] = ~v[28]!;
    v[29] = ~v[29]!;
  }
  for (let r = 0; r < rounds; r++) {
    const s = SIGMA[r % 10]!;
    mix(v, m, 0, 8, 16, 24, s[0]!, s[1]!);
    mix(v, m, 2, 10, 18, 26, s[2]!, s[3]!);
    mix(v, m, 4, 12, 20, 28, s[4]!, s[5]!);
    mix(v, m, 6, 14, 22, 30, s[6]!, s[7]!);
    mix(v, m, 0, 10, 20, 30, s[8]!, s[9]!);
    mix(v, m, 2, 12, 22, 24, s[10]!, s[11]!);
    mix(v, m, 4, 14, 16, 26, s[12]!, s[13]!);
    mix(v, m, 6, 8, 18, 28, s[14]!, s[15]!);
  }
  for (let i = 0; i < 16; i++) h[i] = h[i]! ^ v[i]! ^ v[i + 16]!;
}

/** Little-endian 32-bit halves of `count` 64-bit words at `offset`. */
function readHalves(view: DataView, offset: number, count: number): Uint32Array {
  const out = new Uint32Array(2 * count);
  for (let i = 0; i < 2 * count; i++) out[i] = view.getUint32(offset + 4 * i, true);
  return out;
}

export const blake2f: Precompile = {
  name: 'BLAKE2F',
  gas(input) {
    if (input.length !== INPUT_LENGTH) return 0n;
    return BigInt(new DataView(input.buffer, input.byteOffset, 4).getUint32(0));
  },
  run(input: Bytes): Bytes {
    if (input.length !== INPUT_LENGTH) throw new PrecompileFailure('invalid input length');
    const flag = input[212]!;
    if (flag !== 0 && flag !== 1) throw new PrecompileFailure('invalid final flag');
    const view = new DataView(input.buffer, input.byteOffset, input.length);
    const rounds = view.getUint32(0);
    const h = readHalves(view, 4, 8);
    const m = readHalves(view, 68, 16);
    const t = readHalves(view, 196, 2);
    blake2bCompress(rounds, h, m, t, flag === 1);
    const out = new Uint8Array(64);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 16; i++) outView.setUint32(4 * i, h[i]!, true);
    return out;
  },
};
