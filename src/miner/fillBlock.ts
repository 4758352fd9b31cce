// Filling a block being built from the pool (geth's commitTransactions), shared by every block producer: best tip
// first, an account skipped for the block once one of its transactions fails, invalid ones dropped from the pool.
import type { Bytes } from '../common/bytes.js';
import type { Logger } from '../common/log.js';
import type { TypedEmitter } from '../common/typedEmitter.js';
import type { BlockBuilder } from '../core/chain/blockBuilder.js';
import { BlockTransactionError } from '../core/processor.js';
import { StateTransitionError } from '../core/stateTransitionError.js';
import type { Transaction } from '../core/types/transaction.js';
import { TX_GAS } from '../params/protocol.js';
import type { PendingFilter, TxPoolEventMap } from '../txpool/txPool.js';

/** The order a builder takes transactions in (TxPool's TransactionsByPriceAndNonce). */
export interface PendingTransactions {
  peek(): Transaction | undefined;
  /** The best one was included: its account's next one comes up. */
  shift(): void;
  /** The best one failed: its account is skipped for this block. */
  pop(): void;
}

/** What a block producer needs from the pool. */
export interface MinerPool {
  pendingByPriceAndNonce(filter: PendingFilter): PendingTransactions;
  readonly events: Pick<TypedEmitter<TxPoolEventMap>, 'on'>;
  /** Drops a transaction found invalid while building; its account's later ones become non-executable. */
  remove(hash: Bytes): boolean;
}

/** Adds the pool's pending transactions paying at least `minTip` to `builder` while they fit. */
export function fillBlock(builder: BlockBuilder, pool: MinerPool, minTip: bigint, log: Logger): void {
  const txs = pool.pendingByPriceAndNonce({ baseFee: builder.fields.baseFeePerGas, minTip });
  for (let tx = txs.peek(); tx !== undefined; tx = txs.peek()) {
    if (builder.gasRemaining < TX_GAS) break;
    if (tx.gasLimit > builder.gasRemaining) {
      // Too big for what is left; a smaller one of another account may still fit.
      txs.pop();
      continue;
    }
    try {
      builder.addTransaction(tx);
      txs.shift();
    } catch (e) {
      const reason = e instanceof BlockTransactionError ? e.reason : e;
      // A used nonce is only that transaction's problem; anything else stops its account for this block.
      if (reason instanceof StateTransitionError && reason.code === 'nonceTooLow') {
        log.debug('Skipping transaction with used nonce', { hash: tx.hash });
        txs.shift();
        continue;
      }
      txs.pop();
      if (isInvalidOnHead(reason)) {
        log.debug('Removing invalid transaction from the pool', { hash: tx.hash, err: reason });
        pool.remove(tx.hash);
      } else {
        log.debug('Skipping transaction', { hash: tx.hash, err: reason });
      }
    }
  }
}

/**
 * Whether a transaction that failed (other than by a used nonce) in a block built on the head is invalid there, so
 * the pool should drop it. Not one that only did not fit (block gas or blob gas left), nor one whose nonce is ahead
 * of the account's: the pool's next re-check against the new head settles that.
 */
function isInvalidOnHead(reason: unknown): boolean {
  if (!(reason instanceof StateTransitionError)) return false;
  return reason.code !== 'nonceTooHigh' && reason.code !== 'gasLimitReached';
}
