// Hex-prefix ("compact") encoding of a nibble path, as the yellow paper defines it: the high nibble of the first
// byte holds two flags (bit 1: the path ends in a leaf, bit 0: the path has an odd length); an odd path puts its
// first nibble in the low half of that byte, an even path leaves it zero.
import type { Bytes } from '../common/bytes.js';
import type { Nibbles } from './nibbles.js';

export function hexPrefixEncode(nibbles: ArrayLike<number>, terminating: boolean): Bytes {
  const n = nibbles.length;
  const odd = n & 1;
  const out = new Uint8Array((n >> 1) + 1);
  const flags = (terminating ? 2 : 0) | odd;
  let i = 0;
  if (odd === 1) {
    out[0] = (flags << 4) | checkNibble(nibbles[0]!);
    i = 1;
  } else {
    out[0] = flags << 4;
  }
  for (let o = 1; i < n; i += 2, o++) out[o] = (checkNibble(nibbles[i]!) << 4) | checkNibble(nibbles[i + 1]!);
  return out;
}

export interface DecodedPath {
  nibbles: Nibbles;
  terminating: boolean;
}

/** Strict inverse of hexPrefixEncode: unknown flags or a non-zero pad nibble are errors. */
export function hexPrefixDecode(encoded: Bytes): DecodedPath {
  if (encoded.length === 0) throw new Error('hex-prefix: empty path encoding');
  const flags = encoded[0]! >> 4;
  if (flags > 3) throw new Error(`hex-prefix: invalid flag nibble ${flags}`);
  const odd = flags & 1;
  if (odd === 0 && (encoded[0]! & 15) !== 0) throw new Error('hex-prefix: non-zero padding nibble in an even path');
  const nibbles = new Uint8Array((encoded.length - 1) * 2 + odd);
  let o = 0;
  if (odd === 1) nibbles[o++] = encoded[0]! & 15;
  for (let i = 1; i < encoded.length; i++) {
    nibbles[o++] = encoded[i]! >> 4;
    nibbles[o++] = encoded[i]! & 15;
  }
  return { nibbles, terminating: (flags & 2) !== 0 };
}

function checkNibble(v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 15) throw new Error(`hex-prefix: ${v} is not a nibble (0-15)`);
  return v;
}
