// Trie paths are sequences of nibbles (half-bytes), one per level of a branch node. They are kept as Uint8Arrays
// with one nibble per element so that walking a path is plain indexing, with no hex strings on the hot path.
import type { Bytes } from '../common/bytes.js';

export type Nibbles = Uint8Array;

export function bytesToNibbles(bytes: Bytes): Nibbles {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    out[2 * i] = bytes[i]! >> 4;
    out[2 * i + 1] = bytes[i]! & 15;
  }
  return out;
}

/** Packs an even number of nibbles back into bytes (keys always end on a byte boundary). */
export function nibblesToBytes(nibbles: ArrayLike<number>): Bytes {
  if (nibbles.length % 2 !== 0) throw new Error(`trie: key path of ${nibbles.length} nibbles is not whole bytes`);
  const out = new Uint8Array(nibbles.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
  return out;
}

/** Length of the common prefix of `a` and `b[bStart..]`. */
export function commonPrefixLength(a: Nibbles, b: Nibbles, bStart: number): number {
  const max = Math.min(a.length, b.length - bStart);
  let i = 0;
  while (i < max && a[i] === b[bStart + i]) i++;
  return i;
}

export function concatNibbles(a: ArrayLike<number>, b: ArrayLike<number>): Nibbles {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
