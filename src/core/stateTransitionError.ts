// Why a transaction cannot be applied to the current state: the transaction is invalid here (a block holding it
// is invalid, the pool drops or delays it) and the state is left as it was. An EVM failure (revert, out of gas) is
// not one of these: such a transaction is valid and pays for its gas. Messages follow geth's core/error.go, since
// RPC clients match on them.

export type StateTransitionErrorCode =
  | 'nonceTooLow'
  | 'nonceTooHigh'
  | 'nonceMax'
  | 'senderNoEoa'
  | 'feeCapVeryHigh'
  | 'tipVeryHigh'
  | 'tipAboveFeeCap'
  | 'feeCapTooLow'
  | 'blobTxCreate'
  | 'missingBlobHashes'
  | 'invalidBlobHashVersion'
  | 'blobFeeCapTooLow'
  | 'insufficientFunds'
  | 'gasLimitReached'
  | 'intrinsicGas'
  | 'floorDataGas'
  | 'maxInitCodeSize';

export class StateTransitionError extends Error {
  readonly code: StateTransitionErrorCode;

  constructor(code: StateTransitionErrorCode, message: string) {
    super(message);
    this.name = 'StateTransitionError';
    this.code = code;
  }
}
