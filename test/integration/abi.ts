// Just enough of the Solidity ABI for the integration tests: calls to functions whose parameters are flat
// (uint<N>, address, bool, bytes32, bytes, string), return values, event data and revert data. Tuples, arrays
// and the other fixed-size types are not needed here and are rejected rather than guessed at.
import { bigintToFixedBytes, bytesEqual, bytesToBigint, concatBytes, utf8ToBytes, type Bytes } from '../../src/common/bytes.js';
import { keccak256 } from '../../src/crypto/keccak.js';

export type AbiType = 'address' | 'bool' | 'bytes32' | 'bytes' | 'string' | `uint${number}`;
/** uint -> bigint, address -> 20 bytes, bytes32 -> 32 bytes, bool -> boolean, string -> string, bytes -> bytes. */
export type AbiValue = bigint | boolean | string | Bytes;

const WORD = 32;

/** The 4-byte selector of a function or error signature such as `set(uint256)`. */
export function selector(signature: string): Bytes {
  return keccak256(utf8ToBytes(signature)).slice(0, 4);
}

/** The topic0 of an event signature such as `ValueSet(address,uint256,string)`. */
export function eventTopic(signature: string): Bytes {
  return keccak256(utf8ToBytes(signature));
}

/** The parameter types of a signature: `f(uint256,address)` -> ['uint256', 'address']. */
export function signatureTypes(signature: string): AbiType[] {
  const m = /^[A-Za-z_$][A-Za-z0-9_$]*\(([^()]*)\)$/.exec(signature);
  if (m === null) throw new Error(`abi: malformed signature "${signature}"`);
  return m[1] === '' ? [] : m[1]!.split(',').map(checkType);
}

function checkType(type: string): AbiType {
  if (type === 'address' || type === 'bool' || type === 'bytes32' || type === 'bytes' || type === 'string') return type;
  const m = /^uint(\d+)$/.exec(type);
  if (m !== null) {
    const bits = Number(m[1]);
    if (bits >= 8 && bits <= 256 && bits % 8 === 0) return type as AbiType;
  }
  throw new Error(`abi: unsupported type "${type}"`);
}

/** Calldata for `signature` with `values`: the selector and the encoded arguments. */
export function encodeCall(signature: string, values: readonly AbiValue[]): Bytes {
  return concatBytes(selector(signature), encodeAbi(signatureTypes(signature), values));
}

/** The ABI encoding of `values` as a tuple of `types`: a head of words, then the dynamic values' tails. */
export function encodeAbi(types: readonly AbiType[], values: readonly AbiValue[]): Bytes {
  if (types.length !== values.length) throw new Error(`abi: ${types.length} types but ${values.length} values`);
  const heads: Bytes[] = [];
  const tails: Bytes[] = [];
  let tailOffset = types.length * WORD;
  types.forEach((type, i) => {
    const value = values[i]!;
    if (type === 'bytes' || type === 'string') {
      const data = type === 'string' ? utf8ToBytes(expectString(value, i)) : expectBytes(value, i);
      const padded = new Uint8Array(Math.ceil(data.length / WORD) * WORD);
      padded.set(data);
      heads.push(uintWord(BigInt(tailOffset)));
      tails.push(uintWord(BigInt(data.length)), padded);
      tailOffset += WORD + padded.length;
    } else {
      heads.push(encodeStatic(type, value, i));
    }
  });
  return concatBytes(...heads, ...tails);
}

function encodeStatic(type: AbiType, value: AbiValue, i: number): Bytes {
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw new Error(`abi: value ${i} (bool) must be a boolean`);
    return uintWord(value ? 1n : 0n);
  }
  if (type === 'address' || type === 'bytes32') {
    const bytes = expectBytes(value, i);
    const size = type === 'address' ? 20 : 32;
    if (bytes.length !== size) throw new Error(`abi: value ${i} (${type}) must be ${size} bytes, got ${bytes.length}`);
    // Addresses sit right-aligned in their word, bytes32 fills it.
    const word = new Uint8Array(WORD);
    word.set(bytes, WORD - size);
    return word;
  }
  if (typeof value !== 'bigint') throw new Error(`abi: value ${i} (${type}) must be a bigint`);
  if (value < 0n || value >= 1n << BigInt(uintBits(type))) throw new Error(`abi: value ${i} does not fit ${type}`);
  return uintWord(value);
}

/** Decodes `data` as a tuple of `types`, checking every offset, length and padding it reads. */
export function decodeAbi(types: readonly AbiType[], data: Bytes): AbiValue[] {
  if (data.length < types.length * WORD) {
    throw new Error(`abi: ${data.length} bytes is too short for ${types.length} values`);
  }
  return types.map((type, i) => {
    const head = data.subarray(i * WORD, (i + 1) * WORD);
    if (type === 'bytes' || type === 'string') {
      const offset = wordToIndex(head, `offset of value ${i}`);
      if (offset + WORD > data.length) throw new Error(`abi: offset ${offset} of value ${i} is out of range`);
      const length = wordToIndex(data.subarray(offset, offset + WORD), `length of value ${i}`);
      const start = offset + WORD;
      if (start + length > data.length) throw new Error(`abi: value ${i} (${length} bytes) runs past the data`);
      const bytes = data.slice(start, start + length);
      return type === 'string' ? new TextDecoder('utf-8', { fatal: true }).decode(bytes) : bytes;
    }
    return decodeStatic(type, head, i);
  });
}

function decodeStatic(type: AbiType, word: Bytes, i: number): AbiValue {
  if (type === 'bytes32') return word.slice();
  const n = bytesToBigint(word);
  if (type === 'bool') {
    if (n > 1n) throw new Error(`abi: value ${i} is not a bool: ${n}`);
    return n === 1n;
  }
  if (type === 'address') {
    if (n >> 160n !== 0n) throw new Error(`abi: value ${i} is not an address: dirty high bytes`);
    return word.slice(WORD - 20);
  }
  if (n >> BigInt(uintBits(type)) !== 0n) throw new Error(`abi: value ${i} does not fit ${type}`);
  return n;
}

export type RevertReason =
  | { kind: 'error'; reason: string }
  | { kind: 'panic'; code: bigint }
  | { kind: 'custom'; selector: Bytes; args: Bytes }
  | { kind: 'empty' };

/** What revert data says: Error(string) from require/revert("..."), Panic(uint256), or a custom error. */
export function decodeRevert(data: Bytes): RevertReason {
  if (data.length === 0) return { kind: 'empty' };
  if (data.length < 4) throw new Error(`abi: revert data of ${data.length} bytes has no selector`);
  const sel = data.subarray(0, 4);
  const args = data.subarray(4);
  if (bytesEqual(sel, ERROR_SELECTOR)) return { kind: 'error', reason: decodeAbi(['string'], args)[0] as string };
  if (bytesEqual(sel, PANIC_SELECTOR)) return { kind: 'panic', code: decodeAbi(['uint256'], args)[0] as bigint };
  return { kind: 'custom', selector: sel.slice(), args: args.slice() };
}

/** 0x08c379a0 */
export const ERROR_SELECTOR = selector('Error(string)');
/** 0x4e487b71 */
export const PANIC_SELECTOR = selector('Panic(uint256)');

function uintBits(type: AbiType): number {
  return Number(type.slice(4));
}

function uintWord(n: bigint): Bytes {
  return bigintToFixedBytes(n, WORD);
}

function wordToIndex(word: Bytes, what: string): number {
  const n = bytesToBigint(word);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`abi: ${what} is too large: ${n}`);
  return Number(n);
}

function expectBytes(value: AbiValue, i: number): Bytes {
  if (!(value instanceof Uint8Array)) throw new Error(`abi: value ${i} must be bytes`);
  return value;
}

function expectString(value: AbiValue, i: number): string {
  if (typeof value !== 'string') throw new Error(`abi: value ${i} must be a string`);
  return value;
}
