// RLP encoding (by @ethereumjs/rlp) with a strict, canonical decoder on top: the library accepts some
// non-canonical inputs (e.g. a single byte < 0x80 behind a 0x81 prefix), which Ethereum must reject because two
// encodings of one value would give two hashes.
import { RLP } from '@ethereumjs/rlp';
import type { Bytes } from '../common/bytes.js';

export type RlpItem = Bytes | RlpItem[];
/** What the encoder accepts: bytes, non-negative integers (minimal big-endian) and nested lists. */
export type RlpInput = Bytes | bigint | number | RlpInput[];

export class RlpError extends Error {
  constructor(reason: string) {
    super(`rlp: ${reason}`);
    this.name = 'RlpError';
  }
}

export function encodeRlp(input: RlpInput): Bytes {
  return RLP.encode(input as Parameters<typeof RLP.encode>[0]);
}

/** Decodes exactly one canonical RLP item that spans the whole input. */
export function decodeRlp(input: Bytes): RlpItem {
  if (input.length === 0) throw new RlpError('empty input');
  const end = checkItem(input, 0, input.length);
  if (end !== input.length) throw new RlpError(`${input.length - end} trailing bytes after the item`);
  return RLP.decode(input) as RlpItem;
}

interface Header {
  isList: boolean;
  payloadStart: number;
  payloadLength: number;
}

function readHeader(buf: Bytes, pos: number, limit: number): Header {
  const b = buf[pos]!;
  if (b < 0x80) return { isList: false, payloadStart: pos, payloadLength: 1 };
  if (b <= 0xb7) {
    const len = b - 0x80;
    if (len === 1) {
      if (pos + 1 >= limit) throw new RlpError('input too short for a 1-byte string');
      if (buf[pos + 1]! < 0x80) throw new RlpError('single byte below 0x80 must be encoded as itself');
    }
    return { isList: false, payloadStart: pos + 1, payloadLength: len };
  }
  if (b <= 0xbf) return readLongHeader(buf, pos, limit, b - 0xb7, false);
  if (b <= 0xf7) return { isList: true, payloadStart: pos + 1, payloadLength: b - 0xc0 };
  return readLongHeader(buf, pos, limit, b - 0xf7, true);
}

function readLongHeader(buf: Bytes, pos: number, limit: number, lenOfLen: number, isList: boolean): Header {
  const kind = isList ? 'list' : 'string';
  if (pos + 1 + lenOfLen > limit) throw new RlpError(`input too short for the length of a long ${kind}`);
  if (buf[pos + 1] === 0) throw new RlpError(`leading zero in the length of a long ${kind}`);
  let len = 0;
  for (let i = 0; i < lenOfLen; i++) {
    len = len * 256 + buf[pos + 1 + i]!;
    // Anything beyond the input is invalid anyway; stop before the number loses precision.
    if (len > limit) throw new RlpError(`${kind} length exceeds the input (${limit - pos} bytes left)`);
  }
  if (len < 56) throw new RlpError(`long form used for a ${kind} of ${len} bytes (must be >= 56)`);
  return { isList, payloadStart: pos + 1 + lenOfLen, payloadLength: len };
}

/** Validates the item at `pos` and returns the offset just after it. */
function checkItem(buf: Bytes, pos: number, limit: number): number {
  const h = readHeader(buf, pos, limit);
  const end = h.payloadStart + h.payloadLength;
  if (end > limit) throw new RlpError(`${h.isList ? 'list' : 'string'} length exceeds the input`);
  if (h.isList) {
    let p = h.payloadStart;
    while (p < end) p = checkItem(buf, p, end);
  }
  return end;
}

/**
 * The full size (prefix + payload) of the item starting at `pos`, read from its prefix alone; undefined when
 * `buf` ends inside the prefix. Lets a reader split a stream of concatenated items without buffering it whole.
 */
export function rlpItemSize(buf: Bytes, pos = 0): number | undefined {
  if (pos >= buf.length) return undefined;
  const b = buf[pos]!;
  if (b < 0x80) return 1;
  if (b <= 0xb7) return 1 + b - 0x80;
  if (b >= 0xc0 && b <= 0xf7) return 1 + b - 0xc0;
  const isList = b > 0xbf;
  const lenOfLen = isList ? b - 0xf7 : b - 0xb7;
  if (pos + 1 + lenOfLen > buf.length) return undefined;
  const h = readLongHeader(buf, pos, Number.MAX_SAFE_INTEGER, lenOfLen, isList);
  return h.payloadStart - pos + h.payloadLength;
}

export function isRlpList(item: RlpItem): item is RlpItem[] {
  return Array.isArray(item);
}

/** Narrowing helpers that turn a wrong shape into a clear error instead of a crash further on. */
export function expectList(item: RlpItem, what: string, length?: number): RlpItem[] {
  if (!Array.isArray(item)) throw new RlpError(`${what}: expected a list, got a string`);
  if (length !== undefined && item.length !== length) {
    throw new RlpError(`${what}: expected ${length} elements, got ${item.length}`);
  }
  return item;
}

export function expectBytes(item: RlpItem, what: string): Bytes {
  if (Array.isArray(item)) throw new RlpError(`${what}: expected a string, got a list`);
  return item;
}

/** A canonical unsigned integer: no leading zero byte, at most `maxBytes` long. */
export function expectUint(item: RlpItem, what: string, maxBytes = 32): bigint {
  const b = expectBytes(item, what);
  if (b.length > maxBytes) throw new RlpError(`${what}: integer longer than ${maxBytes} bytes`);
  if (b.length > 0 && b[0] === 0) throw new RlpError(`${what}: integer has a leading zero byte`);
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

export function expectFixedBytes(item: RlpItem, what: string, length: number): Bytes {
  const b = expectBytes(item, what);
  if (b.length !== length) throw new RlpError(`${what}: expected ${length} bytes, got ${b.length}`);
  return b;
}
