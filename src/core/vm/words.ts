// 256-bit EVM words as non-negative bigints below 2^256, and their conversions to and from bytes.
// Every value on the stack keeps that invariant, so handlers only reduce where a result can leave the range.
import type { Bytes } from '../../common/bytes.js';

export const TWO_256 = 1n << 256n;
export const MAX_WORD = TWO_256 - 1n;
export const TWO_255 = 1n << 255n;

/** BigInt(i) for every byte value, so PUSH1 and friends never allocate. */
export const SMALL_WORDS: readonly bigint[] = Array.from({ length: 256 }, (_, i) => BigInt(i));

/** Two's complement reading of a word. */
export function toSigned(x: bigint): bigint {
  return x >= TWO_255 ? x - TWO_256 : x;
}

/** Back from a signed value in [-2^255, 2^256) to a word. */
export function toUnsigned(x: bigint): bigint {
  return x < 0n ? x + TWO_256 : x;
}

/** The big-endian word in `buf[offset..offset+32)`; the range must lie inside the buffer. */
export function readWord(view: DataView, offset: number): bigint {
  return (
    (view.getBigUint64(offset) << 192n) |
    (view.getBigUint64(offset + 8) << 128n) |
    (view.getBigUint64(offset + 16) << 64n) |
    view.getBigUint64(offset + 24)
  );
}

/** Writes `value` big-endian into `buf[offset..offset+32)`. */
export function writeWord(view: DataView, offset: number, value: bigint): void {
  view.setBigUint64(offset + 24, BigInt.asUintN(64, value));
  view.setBigUint64(offset + 16, BigInt.asUintN(64, value >> 64n));
  view.setBigUint64(offset + 8, BigInt.asUintN(64, value >> 128n));
  view.setBigUint64(offset, value >> 192n);
}

/** A word from up to 32 bytes, right-aligned (as PUSH and short calldata reads want it). */
export function bytesToWord(bytes: Bytes, start: number, length: number): bigint {
  let result = 0n;
  let i = start;
  const end = start + length;
  // Six bytes (48 bits) per step stay inside a double's exact range.
  const head = length % 6;
  if (head > 0) {
    let n = 0;
    for (const stop = i + head; i < stop; i++) n = n * 256 + (bytes[i] ?? 0);
    result = BigInt(n);
  }
  for (; i < end; i += 6) {
    const n =
      ((bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0)) * 4294967296 +
      (((bytes[i + 2] ?? 0) << 24) >>> 0) +
      (((bytes[i + 3] ?? 0) << 16) | ((bytes[i + 4] ?? 0) << 8) | (bytes[i + 5] ?? 0));
    result = (result << 48n) | BigInt(n);
  }
  return result;
}

export function wordToBytes32(value: bigint): Bytes {
  const out = new Uint8Array(32);
  writeWord(new DataView(out.buffer), 0, value);
  return out;
}

export function bytes32ToWord(bytes: Bytes): bigint {
  return bytesToWord(bytes, 0, bytes.length);
}

/** The low 160 bits of a word as a 20-byte address. */
export function wordToAddress(value: bigint): Bytes {
  const out = new Uint8Array(20);
  const view = new DataView(out.buffer);
  view.setUint32(0, Number((value >> 128n) & 0xffffffffn));
  view.setBigUint64(4, BigInt.asUintN(64, value >> 64n));
  view.setBigUint64(12, BigInt.asUintN(64, value));
  return out;
}

export function addressToWord(address: Bytes): bigint {
  return bytesToWord(address, 0, address.length);
}

/** Number of bytes needed to hold `x` (0 for 0), as EXP prices its exponent. */
export function byteLength(x: bigint): number {
  if (x === 0n) return 0;
  return (x.toString(16).length + 1) >> 1;
}
