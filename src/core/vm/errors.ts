// Why an EVM frame ended abnormally. Plain frozen objects rather than Error instances: failing frames are common
// (every bad call in a loop makes one) and an Error would capture a stack trace each time. The messages are
// geth's, since RPC clients match on them.
import { opcodeName } from './opcodes.js';

export type EvmErrorKind =
  | 'revert'
  | 'outOfGas'
  | 'invalidOpcode'
  | 'stackUnderflow'
  | 'stackOverflow'
  | 'invalidJump'
  | 'writeProtection'
  | 'returnDataOutOfBounds'
  | 'maxCodeSizeExceeded'
  | 'invalidCode'
  | 'codeStoreOutOfGas'
  | 'contractAddressCollision'
  | 'depth'
  | 'insufficientBalance'
  | 'nonceOverflow'
  | 'precompileFailure';

export interface EvmError {
  readonly kind: EvmErrorKind;
  readonly message: string;
}

function evmError(kind: EvmErrorKind, message: string): EvmError {
  return Object.freeze({ kind, message });
}

export const ERR_REVERT = evmError('revert', 'execution reverted');
export const ERR_OUT_OF_GAS = evmError('outOfGas', 'out of gas');
export const ERR_INVALID_JUMP = evmError('invalidJump', 'invalid jump destination');
export const ERR_WRITE_PROTECTION = evmError('writeProtection', 'write protection');
export const ERR_RETURN_DATA_OUT_OF_BOUNDS = evmError('returnDataOutOfBounds', 'return data out of bounds');
export const ERR_MAX_CODE_SIZE = evmError('maxCodeSizeExceeded', 'max code size exceeded');
export const ERR_INVALID_CODE = evmError('invalidCode', 'invalid code: must not begin with 0xef');
export const ERR_CODE_STORE_OUT_OF_GAS = evmError('codeStoreOutOfGas', 'contract creation code storage out of gas');
export const ERR_ADDRESS_COLLISION = evmError('contractAddressCollision', 'contract address collision');
export const ERR_DEPTH = evmError('depth', 'max call depth exceeded');
export const ERR_INSUFFICIENT_BALANCE = evmError('insufficientBalance', 'insufficient balance for transfer');
export const ERR_NONCE_OVERFLOW = evmError('nonceOverflow', 'nonce uint64 overflow');

const INVALID_OPCODE: EvmError[] = Array.from({ length: 256 }, (_, op) =>
  evmError('invalidOpcode', `invalid opcode: ${opcodeName(op)}`),
);

export function invalidOpcodeError(op: number): EvmError {
  return INVALID_OPCODE[op]!;
}

export function stackUnderflowError(have: number, need: number): EvmError {
  return evmError('stackUnderflow', `stack underflow (${have} <=> ${need})`);
}

export function stackOverflowError(have: number, limit: number): EvmError {
  return evmError('stackOverflow', `stack limit reached ${have} (${limit})`);
}

export function precompileError(reason: string): EvmError {
  return evmError('precompileFailure', reason);
}
