// EIP-4844 blob gas accounting: the excess carried from block to block and the blob base fee it implies.
import type { Header } from '../../core/types/header.js';
import { BLOB_SCHEDULE_FORKS, type BlobScheduleFork, type ChainConfig } from '../../params/chainConfig.js';
import {
  BLOB_GAS_PER_BLOB,
  CANCUN_BLOB_SCHEDULE,
  MIN_BLOB_BASE_FEE,
  PRAGUE_BLOB_SCHEDULE,
  type BlobScheduleEntry,
} from '../../params/protocolFees.js';
import { ConsensusError } from '../errors.js';

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

const DEFAULT_BLOB_SCHEDULES: Partial<Record<BlobScheduleFork, BlobScheduleEntry>> = {
  cancun: CANCUN_BLOB_SCHEDULE,
  prague: PRAGUE_BLOB_SCHEDULE,
};

/**
 * The blob schedule in force at `time`: the entry of the latest active fork that has one (EIP-7840), with Cancun's
 * and Prague's well-known values standing in for a config without a blobSchedule, as geth does. A fork without an
 * entry (Osaka, a BPO fork) keeps the previous schedule. Undefined before Cancun.
 */
export function blobScheduleAt(config: ChainConfig, time: bigint): BlobScheduleEntry | undefined {
  for (let i = BLOB_SCHEDULE_FORKS.length - 1; i >= 0; i--) {
    const fork = BLOB_SCHEDULE_FORKS[i]!;
    const activation = config[`${fork}Time`];
    if (activation === undefined || activation > time) continue;
    const entry = config.blobSchedule?.[fork] ?? DEFAULT_BLOB_SCHEDULES[fork];
    if (entry !== undefined) return entry;
  }
  return undefined;
}

/** geth's VerifyEIP4844Header: blob gas used within the block's allowance, and the excess carried from the parent. */
export function verifyEip4844Header(config: ChainConfig, parent: Header, header: Header): void {
  if (header.blobGasUsed === undefined) throw new ConsensusError('blobGasUsed', 'missing blobGasUsed');
  if (header.excessBlobGas === undefined) throw new ConsensusError('excessBlobGas', 'missing excessBlobGas');
  const schedule = blobScheduleAt(config, header.timestamp);
  if (schedule === undefined) {
    throw new ConsensusError('blobGasUsed', `no blob schedule at time ${header.timestamp}: Cancun is not active`);
  }
  const max = maxBlobGas(schedule);
  if (header.blobGasUsed > max) {
    throw new ConsensusError('blobGasUsed', `blob gas used ${header.blobGasUsed} exceeds maximum allowance ${max}`);
  }
  if (header.blobGasUsed % BLOB_GAS_PER_BLOB !== 0n) {
    throw new ConsensusError(
      'blobGasUsed',
      `blob gas used ${header.blobGasUsed} not a multiple of blob gas per blob ${BLOB_GAS_PER_BLOB}`,
    );
  }
  const want = calcExcessBlobGas(parent, schedule);
  if (header.excessBlobGas !== want) {
    throw new ConsensusError(
      'excessBlobGas',
      `invalid excessBlobGas: have ${header.excessBlobGas}, want ${want}, ` +
        `parentExcessBlobGas ${parent.excessBlobGas ?? 0n}, parentBlobGasUsed ${parent.blobGasUsed ?? 0n}`,
    );
  }
}
