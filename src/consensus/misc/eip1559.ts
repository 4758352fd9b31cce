// EIP-1559 base fee: derived from the parent alone, so every node computes the same value.
import type { Header } from '../../core/types/header.js';
import { isLondon, type ChainConfig } from '../../params/chainConfig.js';
import {
  BASE_FEE_CHANGE_DENOMINATOR,
  ELASTICITY_MULTIPLIER,
  INITIAL_BASE_FEE,
} from '../../params/protocolFees.js';
import { ConsensusError } from '../errors.js';
import { checkGasLimit } from './gasLimit.js';

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

/**
 * geth's VerifyEIP1559Header: the gas limit step and the base fee of a London header. Across the fork block the
 * parent's limit counts twice over, because London turned the old limit into the new gas target.
 */
export function verifyEip1559Header(config: ChainConfig, parent: Header, header: Header): void {
  const parentIsLondon = isLondon(config, parent.number);
  const parentGasLimit = parentIsLondon ? parent.gasLimit : parent.gasLimit * ELASTICITY_MULTIPLIER;
  const reason = checkGasLimit(parentGasLimit, header.gasLimit);
  if (reason !== undefined) throw new ConsensusError('gasLimit', reason);
  if (header.baseFeePerGas === undefined) throw new ConsensusError('baseFeePerGas', 'missing baseFeePerGas');
  const want = calcBaseFee(parent, parentIsLondon);
  if (header.baseFeePerGas !== want) {
    throw new ConsensusError(
      'baseFeePerGas',
      `invalid baseFee: have ${header.baseFeePerGas}, want ${want}, ` +
        `parentBaseFee ${parent.baseFeePerGas ?? 'none'}, parentGasUsed ${parent.gasUsed}`,
    );
  }
}
