// Gas prices of the EVM (Berlin and later), as numbers: within a frame gas is a double (see frame.ts).

// Tiers of the yellow paper.
export const GAS_BASE = 2;
export const GAS_VERY_LOW = 3;
export const GAS_LOW = 5;
export const GAS_MID = 8;
export const GAS_HIGH = 10;

export const GAS_EXP = 10;
export const GAS_EXP_BYTE = 50;
export const GAS_KECCAK256 = 30;
export const GAS_KECCAK256_WORD = 6;
export const GAS_COPY_WORD = 3;
export const GAS_MEMORY_WORD = 3;
export const GAS_QUAD_COEFF_DIV = 512;
export const GAS_JUMPDEST = 1;
export const GAS_BLOCKHASH = 20;

export const GAS_LOG = 375;
export const GAS_LOG_TOPIC = 375;
export const GAS_LOG_DATA = 8;

// EIP-2929 state access.
export const GAS_COLD_ACCOUNT_ACCESS = 2600;
export const GAS_COLD_SLOAD = 2100;
export const GAS_WARM_STORAGE_READ = 100;

// EIP-2200 / EIP-3529 storage writes.
export const GAS_SSTORE_SET = 20000;
export const GAS_SSTORE_RESET = 5000;
/** SSTORE fails when no more than this is left (EIP-2200), so a 2300 stipend can never write. */
export const GAS_SSTORE_SENTRY = 2300;
export const REFUND_SSTORE_CLEARS_LONDON = 4800n;
export const REFUND_SSTORE_CLEARS_BERLIN = 15000n;
export const REFUND_SELFDESTRUCT_BERLIN = 24000n;

// EIP-1153
export const GAS_TRANSIENT = 100;

// Calls.
export const GAS_CALL_VALUE = 9000;
export const GAS_CALL_NEW_ACCOUNT = 25000;
export const GAS_CALL_STIPEND = 2300;
export const CALL_CREATE_DEPTH = 1024;

// Creation.
export const GAS_CREATE = 32000;
export const GAS_CREATE_DATA = 200;
export const GAS_INITCODE_WORD = 2;
export const GAS_SELFDESTRUCT = 5000;
export const GAS_SELFDESTRUCT_NEW_ACCOUNT = 25000;
/** EIP-170 */
export const MAX_CODE_SIZE = 24576;
/** EIP-3860 */
export const MAX_INITCODE_SIZE = 2 * MAX_CODE_SIZE;

export const STACK_LIMIT = 1024;
