// Why the pool refused a transaction. The code lets callers (RPC, p2p peer scoring) branch without parsing
// messages; the messages start with geth's wording (core/txpool/errors.go, legacypool, core/error.go), which
// clients match on.
import type { TxValidationCode } from '../core/types/txErrors.js';

export type TxPoolErrorCode =
  | TxValidationCode
  | 'alreadyKnown'
  | 'oversizedData'
  | 'gasLimit'
  | 'underpriced'
  | 'replaceUnderpriced'
  | 'poolFull'
  | 'futureReplacePending'
  | 'nonceTooLow'
  | 'insufficientFunds';

export class TxPoolError extends Error {
  readonly code: TxPoolErrorCode;

  constructor(code: TxPoolErrorCode, message: string) {
    super(message);
    this.name = 'TxPoolError';
    this.code = code;
  }
}

export function alreadyKnown(): TxPoolError {
  return new TxPoolError('alreadyKnown', 'already known');
}

export function replaceUnderpriced(): TxPoolError {
  return new TxPoolError('replaceUnderpriced', 'replacement transaction underpriced');
}

export function underpriced(detail?: string): TxPoolError {
  const message = detail === undefined ? 'transaction underpriced' : `transaction underpriced: ${detail}`;
  return new TxPoolError('underpriced', message);
}

export function poolFull(): TxPoolError {
  return new TxPoolError('poolFull', 'txpool is full');
}
