// EIP-4844 blob gas accounting: the excess carried from block to block and the blob base fee it implies.
import { BLOB_GAS_PER_BLOB, MIN_BLOB_BASE_FEE, type BlobScheduleEntry } from '../../params/protocolFees.js';

export interface BlobGasParent {
  excessBlobGas?: bigint;
  blobGasUsed?: bigint;
}

export function targetBlobGas(schedule: BlobScheduleEntry): bigint {
  return BigInt(schedule.target) * BLOB_GAS_PER_BLOB;
}

export function maxBlobGas(schedule: BlobScheduleEntry): bigint {
  return BigInt(schedule.max) * BLOB_GAS_PER_BLOB;
}

/** The child's excessBlobGas; a parent before Cancun counts as zero excess and zero use. */
export function calcExcessBlobGas(parent: BlobGasParent, schedule: BlobScheduleEntry): bigint {
  const sum = (parent.excessBlobGas ?? 0n) + (parent.blobGasUsed ?? 0n);
  const target = targetBlobGas(schedule);
  return sum < target ? 0n : sum - target;
}

/** factor * e^(numerator/denominator) by the Taylor series the EIP specifies, in integers. */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  let output = 0n;
  let accum = factor * denominator;
  for (let i = 1n; accum > 0n; i++) {
    output += accum;
    accum = (accum * numerator) / (denominator * i);
  }
  return output / denominator;
}

export function calcBlobBaseFee(excessBlobGas: bigint, schedule: BlobScheduleEntry): bigint {
  return fakeExponential(MIN_BLOB_BASE_FEE, excessBlobGas, schedule.baseFeeUpdateFraction);
}
