// Why a well-formed transaction is not valid under a fork's rules. The code lets callers (txpool, RPC, block
// import) branch without parsing messages; the messages follow geth's wording.

export type TxValidationCode =
  | 'typeNotSupported'
  | 'invalidChainId'
  | 'invalidSignature'
  | 'nonceMax'
  | 'tipAboveFeeCap'
  | 'feeOverflow'
  | 'intrinsicGas'
  | 'floorDataGas'
  | 'maxInitCodeSize'
  | 'missingBlobHashes'
  | 'invalidBlobHashVersion';

export class TransactionValidationError extends Error {
  readonly code: TxValidationCode;

  constructor(code: TxValidationCode, message: string) {
    super(message);
    this.name = 'TransactionValidationError';
    this.code = code;
  }
}
