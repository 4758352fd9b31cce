// Typed reads out of parsed JSON (configuration and genesis files), each failure naming the field it is about,
// e.g. `alloc.0x12…: balance: negative value -5`.
import { hexToBytes, parseBigint, padLeft, type Bytes } from './bytes.js';

export class JsonFieldError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'JsonFieldError';
  }
}

export type JsonObject = Record<string, unknown>;

function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? v.toString() : JSON.stringify(v) ?? String(v);
  return s.length > 50 ? s.slice(0, 50) + '...' : s;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Absent and null are the same to every reader: the field was not given. */
export function isAbsent(v: unknown): v is null | undefined {
  return v === undefined || v === null;
}

export function readObject(v: unknown, field: string): JsonObject {
  if (!isJsonObject(v)) throw new JsonFieldError(field, `expected an object, got ${kind(v)}`);
  return v;
}

/**
 * An unsigned integer given as a JSON number, a 0x-prefixed hex string or a decimal string (genesis.json uses all
 * three), at most `bits` wide.
 */
export function readUint(v: unknown, field: string, bits = 256): bigint {
  let n: bigint;
  if (typeof v === 'bigint') {
    n = v;
  } else if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new JsonFieldError(field, `not an integer: ${show(v)}`);
    // Only a parser that rounds (JSON.parse) hands over such a number; its digits are already gone.
    if (!Number.isSafeInteger(v)) throw new JsonFieldError(field, `${show(v)} lost precision; parse the file losslessly`);
    n = BigInt(v);
  } else if (typeof v === 'string') {
    if (v.trim().startsWith('-')) throw new JsonFieldError(field, `negative value ${show(v)}`);
    try {
      n = parseBigint(v);
    } catch {
      throw new JsonFieldError(field, `invalid integer ${show(v)} (want a hex or decimal number)`);
    }
  } else {
    throw new JsonFieldError(field, `expected an integer, got ${kind(v)}`);
  }
  if (n < 0n) throw new JsonFieldError(field, `negative value ${n}`);
  if (n >> BigInt(bits) !== 0n) throw new JsonFieldError(field, `value ${show(v)} exceeds ${bits} bits`);
  return n;
}

/** A small count (clique period, blob target) that must fit a JS number. */
export function readSafeUint(v: unknown, field: string): number {
  const n = readUint(v, field, 53);
  return Number(n);
}

export function readBool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw new JsonFieldError(field, `expected true or false, got ${kind(v)}`);
  return v;
}

export function readString(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new JsonFieldError(field, `expected a string, got ${kind(v)}`);
  return v;
}

/** 0x-prefixed hex bytes; with `length`, exactly that many bytes. */
export function readHexBytes(v: unknown, field: string, length?: number): Bytes {
  const s = readString(v, field);
  if (!/^0x/i.test(s)) throw new JsonFieldError(field, `hex string without 0x prefix: ${show(s)}`);
  if (!/^0x[0-9a-fA-F]*$/.test(s)) throw new JsonFieldError(field, `invalid hex string ${show(s)}`);
  if (s.length % 2 !== 0) throw new JsonFieldError(field, `hex string of odd length: ${show(s)}`);
  const b = hexToBytes(s);
  if (length !== undefined && b.length !== length) {
    throw new JsonFieldError(field, `expected ${length} bytes, got ${b.length}: ${show(s)}`);
  }
  return b;
}

/** A 20-byte address, with or without 0x (genesis alloc keys come both ways). */
export function parseAddress(s: string, field: string): Bytes {
  const hex = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  if (!/^[0-9a-fA-F]{40}$/.test(hex)) throw new JsonFieldError(field, `invalid address ${show(s)} (want 20 bytes of hex)`);
  return hexToBytes(hex);
}

export function readAddress(v: unknown, field: string): Bytes {
  return parseAddress(readString(v, field), field);
}

/**
 * A 32-byte word written short (genesis storage keys and values such as "0x03"): up to 64 hex digits, 0x
 * optional, left-padded with zeros.
 */
export function parseWord(s: string, field: string): Bytes {
  const hex = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new JsonFieldError(field, `invalid hex string ${show(s)}`);
  if (hex.length > 64) throw new JsonFieldError(field, `more than 32 bytes: ${show(s)}`);
  return padLeft(hexToBytes(hex), 32);
}

export function readWord(v: unknown, field: string): Bytes {
  return parseWord(readString(v, field), field);
}
