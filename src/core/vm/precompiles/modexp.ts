// 0x05: arbitrary-precision modular exponentiation (EIP-198), priced by EIP-2565. The three lengths in the
// header are 256-bit numbers: the price is computed from them in bigints before anything is read or allocated,
// and input past the end reads as zeros.
import { bigintToFixedBytes, type Bytes } from '../../../common/bytes.js';
import { bytesToWord } from '../words.js';
import { paddedSlice, PrecompileFailure, type Precompile } from './precompile.js';

const HEADER = 96n;
/** Operands beyond this many bytes could never be paid for with a real gas limit; refuse instead of allocating. */
const MAX_OPERAND = 1n << 31n;

function lengthAt(input: Bytes, offset: number): bigint {
  return bytesToWord(paddedSlice(input, offset, 32), 0, 32);
}

/** `length` bytes at `offset` of the zero-extended input, as an unsigned big-endian number. */
function readNumber(input: Bytes, offset: bigint, length: bigint): bigint {
  if (length === 0n || offset >= BigInt(input.length)) return 0n;
  const n = Number(length);
  return bytesToWord(paddedSlice(input, Number(offset), n), 0, n);
}

function bitLength(x: bigint): bigint {
  return x === 0n ? 0n : BigInt(x.toString(2).length);
}

export function modexpGas(input: Bytes): bigint {
  const baseLen = lengthAt(input, 0);
  const expLen = lengthAt(input, 32);
  const modLen = lengthAt(input, 64);
  const maxLen = baseLen > modLen ? baseLen : modLen;
  const words = (maxLen + 7n) / 8n;
  const complexity = words * words;
  // Only the exponent's first 32 bytes are read; the rest counts by its length.
  const head = readNumber(input, HEADER + baseLen, expLen > 32n ? 32n : expLen);
  let iterations: bigint;
  if (expLen <= 32n) {
    iterations = head === 0n ? 0n : bitLength(head) - 1n;
  } else {
    const headBits = bitLength(head);
    iterations = 8n * (expLen - 32n) + (headBits > 0n ? headBits - 1n : 0n);
  }
  if (iterations < 1n) iterations = 1n;
  const gas = (complexity * iterations) / 3n;
  return gas < 200n ? 200n : gas;
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n % modulus;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if ((e & 1n) === 1n) result = (result * b) % modulus;
    e >>= 1n;
    if (e > 0n) b = (b * b) % modulus;
  }
  return result;
}

export const modexp: Precompile = {
  name: 'MODEXP',
  gas: modexpGas,
  run(input: Bytes): Bytes {
    const baseLen = lengthAt(input, 0);
    const expLen = lengthAt(input, 32);
    const modLen = lengthAt(input, 64);
    if (baseLen === 0n && modLen === 0n) return new Uint8Array(0);
    if (baseLen > MAX_OPERAND || expLen > MAX_OPERAND || modLen > MAX_OPERAND) {
      throw new PrecompileFailure('modexp: operand too large');
    }
    const base = readNumber(input, HEADER, baseLen);
    const exponent = readNumber(input, HEADER + baseLen, expLen);
    const modulus = readNumber(input, HEADER + baseLen + expLen, modLen);
    const width = Number(modLen);
    if (modulus === 0n) return new Uint8Array(width);
    return bigintToFixedBytes(modPow(base, exponent, modulus), width);
  },
};
