// Reading and writing the hex fields of the official test vectors' JSON (BlockchainTests headers and
// withdrawals). Every error names the object and the key, since a test file has thousands of them.
import { bigintToBytes, bytesToHex, hexToBytes, isHexString, parseBigint, type Bytes } from '../../common/bytes.js';

export type JsonObject = Record<string, unknown>;

export function expectJsonObject(json: unknown, what: string): JsonObject {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${what}: expected an object`);
  return json as JsonObject;
}

/** The string at `key`, or undefined when the key is absent. */
function stringAt(obj: JsonObject, key: string, what: string): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new Error(`${what}: ${key} must be a string, got ${typeof v}`);
  return v;
}

export function jsonBytesAt(obj: JsonObject, key: string, what: string): Bytes | undefined {
  const s = stringAt(obj, key, what);
  if (s === undefined) return undefined;
  if (!isHexString(s) || s.length % 2 !== 0) throw new Error(`${what}: ${key} is not even-length 0x hex`);
  return hexToBytes(s);
}

export function jsonUintAt(obj: JsonObject, key: string, what: string): bigint | undefined {
  const s = stringAt(obj, key, what);
  if (s === undefined) return undefined;
  try {
    return parseBigint(s);
  } catch (e) {
    throw new Error(`${what}: ${key}: ${(e as Error).message}`);
  }
}

export function requireJson<T>(value: T | undefined, key: string, what: string): T {
  if (value === undefined) throw new Error(`${what}: missing ${key}`);
  return value;
}

/** Integers as the vectors write them: minimal big-endian bytes in hex, zero as "0x00". */
export function uintToVectorHex(value: bigint): string {
  return value === 0n ? '0x00' : bytesToHex(bigintToBytes(value));
}
