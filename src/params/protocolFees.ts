// Fee-market constants (EIP-1559, EIP-4844) and gas-limit bounds shared by validation and block building.

/** EIP-1559: the base fee of the first London block. */
export const INITIAL_BASE_FEE = 1_000_000_000n;
export const BASE_FEE_CHANGE_DENOMINATOR = 8n;
export const ELASTICITY_MULTIPLIER = 2n;

/** A block's gas limit may move by less than parent/1024 per block and never below 5000. */
export const GAS_LIMIT_BOUND_DIVISOR = 1024n;
export const MIN_GAS_LIMIT = 5000n;
/** geth's cap on the header's gas limit (2^63 - 1). */
export const MAX_GAS_LIMIT = (1n << 63n) - 1n;

/** EIP-4844 */
export const BLOB_GAS_PER_BLOB = 131_072n;
export const MIN_BLOB_BASE_FEE = 1n;

export interface BlobScheduleEntry {
  target: number;
  max: number;
  baseFeeUpdateFraction: bigint;
}

/** Cancun's values, used when a chain config carries no blobSchedule (as geth does). */
export const CANCUN_BLOB_SCHEDULE: BlobScheduleEntry = { target: 3, max: 6, baseFeeUpdateFraction: 3_338_477n };
export const PRAGUE_BLOB_SCHEDULE: BlobScheduleEntry = { target: 6, max: 9, baseFeeUpdateFraction: 5_007_716n };
