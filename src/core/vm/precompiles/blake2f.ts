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
];

/** Halves in the message schedule: 10 permutations of 16 words, 2 halves each. */
const SCHEDULE_LENGTH = 320;

/**
 * F(h, m, t, f) over `rounds` rounds; h is updated in place. All arrays hold (low, high) halves.
 *
 * Speed matters: a call may ask for 2^32 - 1 rounds. So the working vector lives in 32 local int32 variables
 * (v0l/v0h ... v15l/v15h), the mixing function G is written out for each of its eight applications per round, and
 * the message words are laid out once, in the order each round reads them, so the loop only reads
 * consecutively from one small array and never allocates. A 64-bit add sums the unsigned low halves as a double
 * (below 2^34, so exact) and carries `sum * 2^-32` (truncated) into the high half; multiplying rather than dividing
 * keeps a slow division off the critical path, and a compare-and-branch carry mispredicts half the time.
 */
export function blake2bCompress(rounds: number, h: Uint32Array, m: Uint32Array, t: Uint32Array, last: boolean): void {
  // ms[32 * r + 4 * i ...]: halves of the two message words G number i reads in round r (mod 10).
  const ms = new Int32Array(SCHEDULE_LENGTH);
  for (let r = 0; r < 10; r++) {
    const row = SIGMA[r]!;
    for (let k = 0; k < 16; k++) {
      ms[32 * r + 2 * k] = m[2 * row[k]!]!;
      ms[32 * r + 2 * k + 1] = m[2 * row[k]! + 1]!;
    }
  }
  let v0l = h[0]! | 0, v0h = h[1]! | 0, v1l = h[2]! | 0, v1h = h[3]! | 0;
  let v2l = h[4]! | 0, v2h = h[5]! | 0, v3l = h[6]! | 0, v3h = h[7]! | 0;
  let v4l = h[8]! | 0, v4h = h[9]! | 0, v5l = h[10]! | 0, v5h = h[11]! | 0;
  let v6l = h[12]! | 0, v6h = h[13]! | 0, v7l = h[14]! | 0, v7h = h[15]! | 0;
  let v8l = IV[0]! | 0, v8h = IV[1]! | 0, v9l = IV[2]! | 0, v9h = IV[3]! | 0;
  let v10l = IV[4]! | 0, v10h = IV[5]! | 0, v11l = IV[6]! | 0, v11h = IV[7]! | 0;
  let v12l = (IV[8]! ^ t[0]!) | 0, v12h = (IV[9]! ^ t[1]!) | 0;
  let v13l = (IV[10]! ^ t[2]!) | 0, v13h = (IV[11]! ^ t[3]!) | 0;
  let v14l = IV[12]! | 0, v14h = IV[13]! | 0, v15l = IV[14]! | 0, v15h = IV[15]! | 0;
  if (last) {
    v14l = ~v14l;
    v14h = ~v14h;
  }
  let lo = 0, xl = 0, xh = 0;
  // Each G(a, b, c, d) with message words x, y: a += b + x; d = rotr(d ^ a, 32); c += d; b = rotr(b ^ c, 24);
  // a += b + y; d = rotr(d ^ a, 16); c += d; b = rotr(b ^ c, 63). A rotation by 32 swaps the halves.
  for (let r = 0, s = 0; r < rounds; r++, s = s === SCHEDULE_LENGTH - 32 ? 0 : s + 32) {
    // G(0, 4, 8, 12) on a column
    lo = (v0l >>> 0) + (v4l >>> 0) + (ms[s]! >>> 0);
    v0h = (v0h + v4h + ms[s + 1]! + ((lo * 2 ** -32) | 0)) | 0;
    v0l = lo | 0;
    xl = v12l ^ v0l;
    v12l = v12h ^ v0h;
    v12h = xl;
    lo = (v8l >>> 0) + (v12l >>> 0);
    v8h = (v8h + v12h + ((lo * 2 ** -32) | 0)) | 0;
    v8l = lo | 0;
    xl = v4l ^ v8l;
    xh = v4h ^ v8h;
    v4l = (xl >>> 24) | (xh << 8);
    v4h = (xh >>> 24) | (xl << 8);
    lo = (v0l >>> 0) + (v4l >>> 0) + (ms[s + 2]! >>> 0);
    v0h = (v0h + v4h + ms[s + 3]! + ((lo * 2 ** -32) | 0)) | 0;
    v0l = lo | 0;
    xl = v12l ^ v0l;
    xh = v12h ^ v0h;
    v12l = (xl >>> 16) | (xh << 16);
    v12h = (xh >>> 16) | (xl << 16);
    lo = (v8l >>> 0) + (v12l >>> 0);
    v8h = (v8h + v12h + ((lo * 2 ** -32) | 0)) | 0;
    v8l = lo | 0;
    xl = v4l ^ v8l;
    xh = v4h ^ v8h;
    v4l = (xl << 1) | (xh >>> 31);
    v4h = (xh << 1) | (xl >>> 31);
    // G(1, 5, 9, 13) on a column
    lo = (v1l >>> 0) + (v5l >>> 0) + (ms[s + 4]! >>> 0);
    v1h = (v1h + v5h + ms[s + 5]! + ((lo * 2 ** -32) | 0)) | 0;
    v1l = lo | 0;
    xl = v13l ^ v1l;
    v13l = v13h ^ v1h;
    v13h = xl;
    lo = (v9l >>> 0) + (v13l >>> 0);
    v9h = (v9h + v13h + ((lo * 2 ** -32) | 0)) | 0;
    v9l = lo | 0;
    xl = v5l ^ v9l;
    xh = v5h ^ v9h;
    v5l = (xl >>> 24) | (xh << 8);
    v5h = (xh >>> 24) | (xl << 8);
    lo = (v1l >>> 0) + (v5l >>> 0) + (ms[s + 6]! >>> 0);
    v1h = (v1h + v5h + ms[s + 7]! + ((lo * 2 ** -32) | 0)) | 0;
    v1l = lo | 0;
    xl = v13l ^ v1l;
    xh = v13h ^ v1h;
    v13l = (xl >>> 16) | (xh << 16);
    v13h = (xh >>> 16) | (xl << 16);
    lo = (v9l >>> 0) + (v13l >>> 0);
    v9h = (v9h + v13h + ((lo * 2 ** -32) | 0)) | 0;
    v9l = lo | 0;
    xl = v5l ^ v9l;
    xh = v5h ^ v9h;
    v5l = (xl << 1) | (xh >>> 31);
    v5h = (xh << 1) | (xl >>> 31);
    // G(2, 6, 10, 14) on a column
    lo = (v2l >>> 0) + (v6l >>> 0) + (ms[s + 8]! >>> 0);
    v2h = (v2h + v6h + ms[s + 9]! + ((lo * 2 ** -32) | 0)) | 0;
    v2l = lo | 0;
    xl = v14l ^ v2l;
    v14l = v14h ^ v2h;
    v14h = xl;
    lo = (v10l >>> 0) + (v14l >>> 0);
    v10h = (v10h + v14h + ((lo * 2 ** -32) | 0)) | 0;
    v10l = lo | 0;
    xl = v6l ^ v10l;
    xh = v6h ^ v10h;
    v6l = (xl >>> 24) | (xh << 8);
    v6h = (xh >>> 24) | (xl << 8);
    lo = (v2l >>> 0) + (v6l >>> 0) + (ms[s + 10]! >>> 0);
    v2h = (v2h + v6h + ms[s + 11]! + ((lo * 2 ** -32) | 0)) | 0;
    v2l = lo | 0;
    xl = v14l ^ v2l;
    xh = v14h ^ v2h;
    v14l = (xl >>> 16) | (xh << 16);
    v14h = (xh >>> 16) | (xl << 16);
    lo = (v10l >>> 0) + (v14l >>> 0);
    v10h = (v10h + v14h + ((lo * 2 ** -32) | 0)) | 0;
    v10l = lo | 0;
    xl = v6l ^ v10l;
    xh = v6h ^ v10h;
    v6l = (xl << 1) | (xh >>> 31);
    v6h = (xh << 1) | (xl >>> 31);
    // G(3, 7, 11, 15) on a column
    lo = (v3l >>> 0) + (v7l >>> 0) + (ms[s + 12]! >>> 0);
    v3h = (v3h + v7h + ms[s + 13]! + ((lo * 2 ** -32) | 0)) | 0;
    v3l = lo | 0;
    xl = v15l ^ v3l;
    v15l = v15h ^ v3h;
    v15h = xl;
    lo = (v11l >>> 0) + (v15l >>> 0);
    v11h = (v11h + v15h + ((lo * 2 ** -32) | 0)) | 0;
    v11l = lo | 0;
    xl = v7l ^ v11l;
    xh = v7h ^ v11h;
    v7l = (xl >>> 24) | (xh << 8);
    v7h = (xh >>> 24) | (xl << 8);
    lo = (v3l >>> 0) + (v7l >>> 0) + (ms[s + 14]! >>> 0);
    v3h = (v3h + v7h + ms[s + 15]! + ((lo * 2 ** -32) | 0)) | 0;
    v3l = lo | 0;
    xl = v15l ^ v3l;
    xh = v15h ^ v3h;
    v15l = (xl >>> 16) | (xh << 16);
    v15h = (xh >>> 16) | (xl << 16);
    lo = (v11l >>> 0) + (v15l >>> 0);
    v11h = (v11h + v15h + ((lo * 2 ** -32) | 0)) | 0;
    v11l = lo | 0;
    xl = v7l ^ v11l;
    xh = v7h ^ v11h;
    v7l = (xl << 1) | (xh >>> 31);
    v7h = (xh << 1) | (xl >>> 31);
    // G(0, 5, 10, 15) on a diagonal
    lo = (v0l >>> 0) + (v5l >>> 0) + (ms[s + 16]! >>> 0);
    v0h = (v0h + v5h + ms[s + 17]! + ((lo * 2 ** -32) | 0)) | 0;
    v0l = lo | 0;
    xl = v15l ^ v0l;
    v15l = v15h ^ v0h;
    v15h = xl;
    lo = (v10l >>> 0) + (v15l >>> 0);
    v10h = (v10h + v15h + ((lo * 2 ** -32) | 0)) | 0;
    v10l = lo | 0;
    xl = v5l ^ v10l;
    xh = v5h ^ v10h;
    v5l = (xl >>> 24) | (xh << 8);
    v5h = (xh >>> 24) | (xl << 8);
    lo = (v0l >>> 0) + (v5l >>> 0) + (ms[s + 18]! >>> 0);
    v0h = (v0h + v5h + ms[s + 19]! + ((lo * 2 ** -32) | 0)) | 0;
    v0l = lo | 0;
    xl = v15l ^ v0l;
    xh = v15h ^ v0h;
    v15l = (xl >>> 16) | (xh << 16);
    v15h = (xh >>> 16) | (xl << 16);
    lo = (v10l >>> 0) + (v15l >>> 0);
    v10h = (v10h + v15h + ((lo * 2 ** -32) | 0)) | 0;
    v10l = lo | 0;
    xl = v5l ^ v10l;
    xh = v5h ^ v10h;
    v5l = (xl << 1) | (xh >>> 31);
    v5h = (xh << 1) | (xl >>> 31);
    // G(1, 6, 11, 12) on a diagonal
    lo = (v1l >>> 0) + (v6l >>> 0) + (ms[s + 20]! >>> 0);
    v1h = (v1h + v6h + ms[s + 21]! + ((lo * 2 ** -32) | 0)) | 0;
    v1l = lo | 0;
    xl = v12l ^ v1l;
    v12l = v12h ^ v1h;
    v12h = xl;
    lo = (v11l >>> 0) + (v12l >>> 0);
    v11h = (v11h + v12h + ((lo * 2 ** -32) | 0)) | 0;
    v11l = lo | 0;
    xl = v6l ^ v11l;
    xh = v6h ^ v11h;
    v6l = (xl >>> 24) | (xh << 8);
    v6h = (xh >>> 24) | (xl << 8);
    lo = (v1l >>> 0) + (v6l >>> 0) + (ms[s + 22]! >>> 0);
    v1h = (v1h + v6h + ms[s + 23]! + ((lo * 2 ** -32) | 0)) | 0;
    v1l = lo | 0;
    xl = v12l ^ v1l;
    xh = v12h ^ v1h;
    v12l = (xl >>> 16) | (xh << 16);
    v12h = (xh >>> 16) | (xl << 16);
    lo = (v11l >>> 0) + (v12l >>> 0);
    v11h = (v11h + v12h + ((lo * 2 ** -32) | 0)) | 0;
    v11l = lo | 0;
    xl = v6l ^ v11l;
    xh = v6h ^ v11h;
    v6l = (xl << 1) | (xh >>> 31);
    v6h = (xh << 1) | (xl >>> 31);
    // G(2, 7, 8, 13) on a diagonal
    lo = (v2l >>> 0) + (v7l >>> 0) + (ms[s + 24]! >>> 0);
    v2h = (v2h + v7h + ms[s + 25]! + ((lo * 2 ** -32) | 0)) | 0;
    v2l = lo | 0;
    xl = v13l ^ v2l;
    v13l = v13h ^ v2h;
    v13h = xl;
    lo = (v8l >>> 0) + (v13l >>> 0);
    v8h = (v8h + v13h + ((lo * 2 ** -32) | 0)) | 0;
    v8l = lo | 0;
    xl = v7l ^ v8l;
    xh = v7h ^ v8h;
    v7l = (xl >>> 24) | (xh << 8);
    v7h = (xh >>> 24) | (xl << 8);
    lo = (v2l >>> 0) + (v7l >>> 0) + (ms[s + 26]! >>> 0);
    v2h = (v2h + v7h + ms[s + 27]! + ((lo * 2 ** -32) | 0)) | 0;
    v2l = lo | 0;
    xl = v13l ^ v2l;
    xh = v13h ^ v2h;
    v13l = (xl >>> 16) | (xh << 16);
    v13h = (xh >>> 16) | (xl << 16);
    lo = (v8l >>> 0) + (v13l >>> 0);
    v8h = (v8h + v13h + ((lo * 2 ** -32) | 0)) | 0;
    v8l = lo | 0;
    xl = v7l ^ v8l;
    xh = v7h ^ v8h;
    v7l = (xl << 1) | (xh >>> 31);
    v7h = (xh << 1) | (xl >>> 31);
    // G(3, 4, 9, 14) on a diagonal
    lo = (v3l >>> 0) + (v4l >>> 0) + (ms[s + 28]! >>> 0);
    v3h = (v3h + v4h + ms[s + 29]! + ((lo * 2 ** -32) | 0)) | 0;
    v3l = lo | 0;
    xl = v14l ^ v3l;
    v14l = v14h ^ v3h;
    v14h = xl;
    lo = (v9l >>> 0) + (v14l >>> 0);
    v9h = (v9h + v14h + ((lo * 2 ** -32) | 0)) | 0;
    v9l = lo | 0;
    xl = v4l ^ v9l;
    xh = v4h ^ v9h;
    v4l = (xl >>> 24) | (xh << 8);
    v4h = (xh >>> 24) | (xl << 8);
    lo = (v3l >>> 0) + (v4l >>> 0) + (ms[s + 30]! >>> 0);
    v3h = (v3h + v4h + ms[s + 31]! + ((lo * 2 ** -32) | 0)) | 0;
    v3l = lo | 0;
    xl = v14l ^ v3l;
    xh = v14h ^ v3h;
    v14l = (xl >>> 16) | (xh << 16);
    v14h = (xh >>> 16) | (xl << 16);
    lo = (v9l >>> 0) + (v14l >>> 0);
    v9h = (v9h + v14h + ((lo * 2 ** -32) | 0)) | 0;
    v9l = lo | 0;
    xl = v4l ^ v9l;
    xh = v4h ^ v9h;
    v4l = (xl << 1) | (xh >>> 31);
    v4h = (xh << 1) | (xl >>> 31);
  }
  h[0] ^= v0l ^ v8l;
  h[1] ^= v0h ^ v8h;
  h[2] ^= v1l ^ v9l;
  h[3] ^= v1h ^ v9h;
  h[4] ^= v2l ^ v10l;
  h[5] ^= v2h ^ v10h;
  h[6] ^= v3l ^ v11l;
  h[7] ^= v3h ^ v11h;
  h[8] ^= v4l ^ v12l;
  h[9] ^= v4h ^ v12h;
  h[10] ^= v5l ^ v13l;
  h[11] ^= v5h ^ v13h;
  h[12] ^= v6l ^ v14l;
  h[13] ^= v6h ^ v14h;
  h[14] ^= v7l ^ v15l;
  h[15] ^= v7h ^ v15h;
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
