// The contract every precompile implements: a price for an input, and a pure function of the input.
import type { Bytes } from '../../../common/bytes.js';

export interface Precompile {
  readonly name: string;
  /** Gas for this input; bigint because modexp prices can exceed any number. */
  gas(input: Bytes): bigint;
  /** The output, or throws PrecompileFailure for input the precompile rejects (the call then uses all its gas). */
  run(input: Bytes): Bytes;
}

export class PrecompileFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrecompileFailure';
  }
}

/** base + perWord * ceil(len/32): the price shape of the hash and copy precompiles. */
export function linearGas(base: number, perWord: number, length: number): bigint {
  return BigInt(base + perWord * Math.ceil(length / 32));
}

/** `input[offset..offset+length)` with zeros past the end: precompiles read short input as zero-padded. */
export function paddedSlice(input: Bytes, offset: number, length: number): Bytes {
  const out = new Uint8Array(length);
  if (offset < input.length) out.set(input.subarray(offset, Math.min(input.length, offset + length)));
  return out;
}
