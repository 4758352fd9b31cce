// Gas limit movement rule shared by every engine (geth's misc.VerifyGaslimit).
import { GAS_LIMIT_BOUND_DIVISOR, MIN_GAS_LIMIT } from '../../params/protocolFees.js';

/** Returns a reason when `gasLimit` may not follow `parentGasLimit`, undefined when it may. */
export function checkGasLimit(parentGasLimit: bigint, gasLimit: bigint): string | undefined {
  const diff = gasLimit > parentGasLimit ? gasLimit - parentGasLimit : parentGasLimit - gasLimit;
  const limit = parentGasLimit / GAS_LIMIT_BOUND_DIVISOR;
  if (diff >= limit) return `invalid gas limit: have ${gasLimit}, want ${parentGasLimit} +-= ${limit - 1n}`;
  if (gasLimit < MIN_GAS_LIMIT) return `invalid gas limit below ${MIN_GAS_LIMIT}: have ${gasLimit}`;
  return undefined;
}

/** The gas limit a block builder aims for: one bounded step from the parent towards `desired`. */
export function calcGasLimit(parentGasLimit: bigint, desired: bigint): bigint {
  const delta = parentGasLimit / GAS_LIMIT_BOUND_DIVISOR - 1n;
  const floor = desired < MIN_GAS_LIMIT ? MIN_GAS_LIMIT : desired;
  if (parentGasLimit < floor) return parentGasLimit + delta < floor ? parentGasLimit + delta : floor;
  if (parentGasLimit > floor) return parentGasLimit - delta > floor ? parentGasLimit - delta : floor;
  return parentGasLimit;
}
