// Positional parameters of RPC methods: typed decoders for the JSON forms the execution API uses (quantities,
// data, addresses, hashes), with geth's rules (0x prefix required, no leading zeros in quantities, even-length
// data) and its wording, and the glue that turns a method's parameter list into checked arguments.
import { hexToBytes, padLeft, type Bytes } from '../common/bytes.js';
import { invalidParams, type RpcError } from './jsonrpc.js';
import type { RpcSession } from './session.js';

/** Why one parameter value is unacceptable; the dispatcher adds which argument it was. */
export class ParamError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ParamError';
  }
}

export interface Param<T> {
  /** Named in error messages ("invalid argument 1 (block): ..."). */
  readonly name: string;
  /** Optional parameters may be omitted or null; they must come after the required ones. */
  readonly optional: boolean;
  decode(value: unknown): T;
}

export function param<T>(name: string, decode: (value: unknown) => T): Param<T> {
  return { name, optional: false, decode };
}

export function optional<T>(p: Param<T>): Param<T | undefined> {
  return { name: p.name, optional: true, decode: p.decode };
}

/**
 * A method body as the registry holds it: raw positional params in, a JSON-ready result (or its promise) out.
 * `session` is the caller's connection when its transport has one (WebSocket), for methods that notify later.
 */
export type RpcHandler = (params: readonly unknown[], session?: RpcSession) => unknown;

type Decoded<P extends readonly Param<unknown>[]> = { -readonly [K in keyof P]: P[K] extends Param<infer T> ? T : never };

/** Wraps `run` so that it receives its parameters decoded, and bad ones are answered with -32602. */
export function method<const P extends readonly Param<unknown>[]>(
  params: P,
  run: (...args: Decoded<P>) => unknown,
): RpcHandler {
  return (raw) => {
    if (raw.length > params.length) throw invalidParams(`too many arguments, want at most ${params.length}`);
    const args = params.map((p, i) => decodeArgument(p, i, raw[i]));
    return run(...(args as Decoded<P>));
  };
}

function decodeArgument(p: Param<unknown>, index: number, value: unknown): unknown {
  if (value === undefined || value === null) {
    if (p.optional) return undefined;
    throw invalidParams(`missing value for required argument ${index} (${p.name})`);
  }
  try {
    return p.decode(value);
  } catch (e) {
    if (e instanceof ParamError) throw argumentError(index, p.name, e.message);
    throw e;
  }
}

export function argumentError(index: number, name: string, reason: string): RpcError {
  return invalidParams(`invalid argument ${index} (${name}): ${reason}`);
}

// --- value decoders ---

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function expectString(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new ParamError(`expected ${what}, got ${kind(v)}`);
  return v;
}

function hasPrefix(s: string): boolean {
  return s.startsWith('0x') || s.startsWith('0X');
}

const HEX_DIGITS = /^[0-9a-fA-F]*$/;

/** 0x-prefixed bytes of even length (geth's hexutil.Bytes). */
export function decodeData(v: unknown): Bytes {
  const s = expectString(v, 'a hex string');
  if (!hasPrefix(s)) throw new ParamError('hex string without 0x prefix');
  const digits = s.slice(2);
  if (!HEX_DIGITS.test(digits)) throw new ParamError('invalid hex string');
  if (digits.length % 2 !== 0) throw new ParamError('hex string of odd length');
  return hexToBytes(digits);
}

function decodeFixed(v: unknown, length: number, what: string): Bytes {
  const s = expectString(v, `a hex string (${what})`);
  if (!hasPrefix(s)) throw new ParamError(`hex string without 0x prefix (${what})`);
  const digits = s.slice(2);
  if (!HEX_DIGITS.test(digits)) throw new ParamError(`invalid hex string (${what})`);
  if (digits.length !== 2 * length) {
    throw new ParamError(`hex string has length ${digits.length}, want ${2 * length} for ${what}`);
  }
  return hexToBytes(digits);
}

export function decodeAddress(v: unknown): Bytes {
  return decodeFixed(v, 20, 'an address');
}

export function decodeHash(v: unknown): Bytes {
  return decodeFixed(v, 32, 'a 32-byte hash');
}

/** A quantity (0x-prefixed hex, no leading zeros) of at most `bits` bits (geth's hexutil.Big / Uint64). */
export function decodeQuantity(v: unknown, bits = 256): bigint {
  const s = expectString(v, 'a hex quantity');
  if (!hasPrefix(s)) throw new ParamError('hex string without 0x prefix');
  const digits = s.slice(2);
  if (digits.length === 0) throw new ParamError('hex string "0x"');
  if (!HEX_DIGITS.test(digits)) throw new ParamError('invalid hex string');
  if (digits.length > 1 && digits[0] === '0') throw new ParamError('hex number with leading zero digits');
  const n = BigInt('0x' + digits);
  if (n >> BigInt(bits) !== 0n) throw new ParamError(`hex number > ${bits} bits`);
  return n;
}

export function decodeUint64(v: unknown): bigint {
  return decodeQuantity(v, 64);
}

/** A small quantity (an index) as a JS number. */
export function decodeIndex(v: unknown): number {
  return Number(decodeQuantity(v, 53));
}

export function decodeBool(v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ParamError(`expected true or false, got ${kind(v)}`);
  return v;
}

/**
 * A storage slot as eth_getStorageAt and eth_getProof take it (geth's decodeHash): 0x optional, odd lengths and
 * leading zeros allowed, at most 32 bytes, left-padded. `length` is how many bytes were given.
 */
export function decodeStorageKey(v: unknown): { key: Bytes; length: number } {
  const s = expectString(v, 'a hex storage key');
  let digits = hasPrefix(s) ? s.slice(2) : s;
  if (!HEX_DIGITS.test(digits)) throw new ParamError('hex string invalid');
  if (digits.length % 2 === 1) digits = '0' + digits;
  if (digits.length > 64) throw new ParamError('hex string too long, want at most 32 bytes');
  const raw = hexToBytes(digits);
  return { key: padLeft(raw, 32), length: raw.length };
}

/** A count given either as a hex quantity or as a decimal number or string (geth's math.HexOrDecimal64). */
export function decodeHexOrDecimal64(v: unknown): bigint {
  let n: bigint;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0) throw new ParamError(`invalid unsigned integer ${v}`);
    n = BigInt(v);
  } else {
    const s = expectString(v, 'a hex or decimal integer');
    if (hasPrefix(s)) {
      if (!/^0[xX][0-9a-fA-F]+$/.test(s)) throw new ParamError(`invalid hex integer ${JSON.stringify(s)}`);
      n = BigInt(s);
    } else {
      if (!/^[0-9]+$/.test(s)) throw new ParamError(`invalid integer ${JSON.stringify(s)}`);
      n = BigInt(s);
    }
  }
  if (n >> 64n !== 0n) throw new ParamError('integer > 64 bits');
  return n;
}

export function decodeArray<T>(v: unknown, item: (x: unknown) => T): T[] {
  if (!Array.isArray(v)) throw new ParamError(`expected an array, got ${kind(v)}`);
  return v.map((x, i) => within(`item ${i}`, () => item(x)));
}

export function decodeNumber(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ParamError(`expected a number, got ${kind(v)}`);
  return v;
}

export function decodeObject(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ParamError(`expected an object, got ${kind(v)}`);
  return v as Record<string, unknown>;
}

/** Runs `decode`, prefixing the reason of a ParamError with `label` ("gas: hex number > 64 bits"). */
export function within<T>(label: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof ParamError) throw new ParamError(`${label}: ${e.message}`);
    throw e;
  }
}

/** Decodes field `key` of `obj` with `decode` when present (null counts as absent), naming the field on failure. */
export function decodeField<T>(obj: Record<string, unknown>, key: string, decode: (v: unknown) => T): T | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  return within(key, () => decode(v));
}
