// Byte and hex helpers shared by every layer. Hex strings are always 0x-prefixed on output.

export type Bytes = Uint8Array;

export const EMPTY_BYTES: Bytes = new Uint8Array(0);

const HEX_CHARS = '0123456789abcdef';
const BYTE_TO_HEX: string[] = Array.from({ length: 256 }, (_, i) => HEX_CHARS[i >> 4]! + HEX_CHARS[i & 15]!);

export function bytesToHex(bytes: Bytes): string {
  // Node's encoder for all but short inputs: a string built by appending is a rope of pieces that JSON.stringify has
  // to flatten later, which made hex the larger part of serialising an RPC answer full of hashes.
  if (bytes.length >= 16) return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`;
  let out = '0x';
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]!];
  return out;
}

function hexNibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/** Parses hex with or without 0x; an odd length is read as if it had a leading zero. */
export function hexToBytes(hex: string): Bytes {
  let s = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (s.length % 2 === 1) s = '0' + s;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexNibble(s.charCodeAt(2 * i));
    const lo = hexNibble(s.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new Error(`invalid hex string: ${truncate(hex)}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

export function isHexString(value: string): boolean {
  return /^0x[0-9a-fA-F]*$/.test(value);
}

export function concatBytes(...parts: Bytes[]): Bytes {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function bytesEqual(a: Bytes, b: Bytes): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Minimal big-endian encoding: 0n is the empty byte string (as RLP wants it). */
export function bigintToBytes(value: bigint): Bytes {
  if (value < 0n) throw new Error(`cannot encode negative integer ${value}`);
  if (value === 0n) return EMPTY_BYTES;
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  return hexToBytes(hex);
}

/** Fixed-width big-endian encoding; throws when the value does not fit. */
export function bigintToFixedBytes(value: bigint, width: number): Bytes {
  const raw = bigintToBytes(value);
  if (raw.length > width) throw new Error(`integer ${value} does not fit in ${width} bytes`);
  return padLeft(raw, width);
}

export function bytesToBigint(bytes: Bytes): bigint {
  if (bytes.length === 0) return 0n;
  let result = 0n;
  // Eight bytes at a time keeps this fast for 32-byte words.
  let i = 0;
  const rem = bytes.length % 8;
  for (; i < rem; i++) result = (result << 8n) | BigInt(bytes[i]!);
  for (; i < bytes.length; i += 8) {
    let chunk = 0;
    let hi = 0;
    for (let j = 0; j < 4; j++) hi = hi * 256 + bytes[i + j]!;
    for (let j = 4; j < 8; j++) chunk = chunk * 256 + bytes[i + j]!;
    result = (result << 64n) | (BigInt(hi) << 32n) | BigInt(chunk);
  }
  return result;
}

export function numberToBytes(value: number): Bytes {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`invalid unsigned integer ${value}`);
  return bigintToBytes(BigInt(value));
}

export function bytesToNumber(bytes: Bytes): number {
  const v = bytesToBigint(bytes);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`integer ${v} exceeds the safe number range`);
  return Number(v);
}

/** Left-pads with zeros to `length`; longer input is returned unchanged. */
export function padLeft(bytes: Bytes, length: number): Bytes {
  if (bytes.length >= length) return bytes;
  const out = new Uint8Array(length);
  out.set(bytes, length - bytes.length);
  return out;
}

export function utf8ToBytes(text: string): Bytes {
  return new TextEncoder().encode(text);
}

/** JSON-RPC style quantity: 0x-prefixed hex without leading zeros. */
export function toQuantity(value: bigint | number): string {
  return '0x' + value.toString(16);
}

/** Parses a hex quantity or decimal string (as genesis.json and the test vectors use both). */
export function parseBigint(value: string | number | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`number ${value} is not a safe integer; give it as a string`);
    return BigInt(value);
  }
  const s = value.trim();
  if (s === '0x' || s === '0X') return 0n;
  if (/^0x[0-9a-fA-F]+$/i.test(s)) return BigInt(s);
  if (/^[0-9]+$/.test(s)) return BigInt(s);
  throw new Error(`invalid integer: ${truncate(value)}`);
}

function truncate(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '...' : s;
}
