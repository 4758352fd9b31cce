// EIP-1559 base fee: derived from the parent alone, so every node computes the same value.
import {
  BASE_FEE_CHANGE_DENOMINATOR,
  ELASTICITY_MULTIPLIER,
  INITIAL_BASE_FEE,
} from '../../params/protocolFees.js';

export interface BaseFeeParent {
  gasLimit: bigint;
  gasUsed: bigint;
  /** Absent on a pre-London parent. */
  baseFeePerGas?: bigint;
}

/** The base fee of the child of `parent`; `parentIsLondon` is false when the child is the first London block. */
export function calcBaseFee(parent: BaseFeeParent, parentIsLondon: boolean): bigint {
  if (!parentIsLondon || parent.baseFeePerGas === undefined) return INITIAL_BASE_FEE;
  const baseFee = parent.baseFeePerGas;
  const target = parent.gasLimit / ELASTICITY_MULTIPLIER;
  if (parent.gasUsed === target) return baseFee;
  if (parent.gasUsed > target) {
    const delta = (baseFee * (parent.gasUsed - target)) / target / BASE_FEE_CHANGE_DENOMINATOR;
    return baseFee + (delta > 1n ? delta : 1n);
  }
  const delta = (baseFee * (target - parent.gasUsed)) / target / BASE_FEE_CHANGE_DENOMINATOR;
  const next = baseFee - delta;
  return next > 0n ? next : 0n;
}
