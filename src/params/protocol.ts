// Gas and size constants of the protocol (geth's params/protocol_params.go), as the EIPs that introduced them
// define them. Gas figures are bigint because they are added to 64-bit gas limits; sizes are byte counts.

/** Every transaction pays this much before its data (geth's TxGas). */
export const TX_GAS = 21_000n;
/** A contract creation pays this instead of TX_GAS from Homestead on (geth's TxGasContractCreation). */
export const TX_GAS_CONTRACT_CREATION = 53_000n;

/** Per zero byte of transaction data. */
export const TX_DATA_ZERO_GAS = 4n;
/** Per non-zero byte of transaction data before Istanbul. */
export const TX_DATA_NON_ZERO_GAS_FRONTIER = 68n;
/** Per non-zero byte of transaction data from Istanbul on (EIP-2028). */
export const TX_DATA_NON_ZERO_GAS_EIP2028 = 16n;

/** EIP-2930: per address and per storage key named in an access list. */
export const TX_ACCESS_LIST_ADDRESS_GAS = 2_400n;
export const TX_ACCESS_LIST_STORAGE_KEY_GAS = 1_900n;

/** EIP-170: the largest deployed contract code, in bytes. */
export const MAX_CODE_SIZE = 24_576;
/** EIP-3860 (Shanghai): the largest init code a creation may carry, and its cost per 32-byte word. */
export const MAX_INIT_CODE_SIZE = 2 * MAX_CODE_SIZE;
export const INIT_CODE_WORD_GAS = 2n;

/** EIP-7623 (Prague): the floor price of calldata, counted in tokens (a zero byte is one token, others four). */
export const TX_COST_FLOOR_PER_TOKEN = 10n;
export const TX_TOKENS_PER_NON_ZERO_BYTE = 4n;

/** EIP-4844: the first byte of every blob versioned hash (a KZG commitment hash). */
export const BLOB_COMMITMENT_VERSION_KZG = 0x01;
