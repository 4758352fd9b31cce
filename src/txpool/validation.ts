// Admission checks (geth's core/txpool/validation.go as the legacy pool uses it): first what the transaction and
// the head decide alone, then what the head state and the account's pending transactions decide. The fee cap is
// deliberately not compared with the base fee here: a transaction may wait in the pool for the base fee to fall;
// block building skips it meanwhile (TxPool.pending with a base fee).
import type { Bytes } from '../common/bytes.js';
import { blockRules } from '../core/evmContext.js';
import type { Header } from '../core/types/header.js';
import type { Transaction } from '../core/types/transaction.js';
import { BLOB_TX_TYPE } from '../core/types/txData.js';
import { TransactionValidationError } from '../core/types/txErrors.js';
import { txSender } from '../core/types/txSigner.js';
import { validateTransaction } from '../core/types/txValidation.js';
import type { ChainConfig } from '../params/chainConfig.js';
import { TxPoolError } from './errors.js';
import type { PoolState } from './poolChain.js';
import { TX_SLOT_SIZE } from './txLookup.js';
import type { TxList } from './txList.js';

/** The largest transaction the pool takes (128 KiB): bigger ones are hard to propagate and to price. */
export const TX_MAX_SIZE = 4 * TX_SLOT_SIZE;

/**
 * The checks that need no state, under the rules of `head`: type, size, gas against the head's limit, the
 * static validity of validateTransaction and the signature (the sender is recovered here, once per object).
 * Returns the sender. The price limit is the pool's to check, as it depends on whether the sender is local.
 */
export function validateTxBasics(tx: Transaction, head: Header, config: ChainConfig): Bytes {
  if (tx.type === BLOB_TX_TYPE) {
    // geth keeps blob transactions in a separate blob pool, fed with their sidecars; this node has none.
    throw new TxPoolError(
      'typeNotSupported',
      'transaction type not supported: tx type 3 not supported by this pool (blob transactions need a blob pool)',
    );
  }
  if (tx.size > TX_MAX_SIZE) {
    throw new TxPoolError('oversizedData', `oversized data: transaction size ${tx.size}, limit ${TX_MAX_SIZE}`);
  }
  if (tx.gasLimit > head.gasLimit) throw new TxPoolError('gasLimit', 'exceeds block gas limit');
  const rules = blockRules(config, head);
  let sender: Bytes;
  try {
    validateTransaction(tx, rules);
    sender = txSender(tx, rules);
  } catch (e) {
    if (!(e instanceof TransactionValidationError)) throw e;
    const badSignature = e.code === 'invalidSignature' || e.code === 'invalidChainId';
    throw new TxPoolError(e.code, badSignature ? `invalid sender: ${e.message}` : e.message);
  }
  return sender;
}

function insufficientFunds(detail: string): TxPoolError {
  return new TxPoolError('insufficientFunds', `insufficient funds for gas * price + value: ${detail}`);
}

/**
 * The checks against the head state: the nonce is not used yet, and the balance covers this transaction on top of
 * the account's pending ones (`pending`), counting a replacement only by how much it adds.
 */
export function validateTxWithState(
  tx: Transaction,
  sender: Bytes,
  state: PoolState,
  pending: TxList | undefined,
): void {
  const next = state.getNonce(sender);
  if (next > tx.nonce) {
    throw new TxPoolError('nonceTooLow', `nonce too low: next nonce ${next}, tx nonce ${tx.nonce}`);
  }
  const balance = state.getBalance(sender);
  const cost = tx.cost;
  if (balance < cost) throw insufficientFunds(`balance ${balance}, tx cost ${cost}, overshot ${cost - balance}`);
  const spent = pending?.totalCost ?? 0n;
  const previous = pending?.get(tx.nonce);
  if (previous !== undefined) {
    const bump = cost - previous.cost;
    const need = spent + bump;
    if (balance < need) {
      const overshot = need - balance;
      throw insufficientFunds(`balance ${balance}, queued cost ${spent}, tx bumped ${bump}, overshot ${overshot}`);
    }
    return;
  }
  const need = spent + cost;
  if (balance < need) {
    throw insufficientFunds(`balance ${balance}, queued cost ${spent}, tx cost ${cost}, overshot ${need - balance}`);
  }
}
