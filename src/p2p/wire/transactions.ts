// Transactions: the gossip payload that spreads new transactions. rlp([tx, ...]) with each transaction as a block
// body carries it: a legacy one as its RLP list, a typed one as a byte string holding type || rlp(payload). No
// count limit beyond the message size: a gossip message is not an answer to a bounded request.
import { transactionFromBlockItem, transactionToBlockItem, type Transaction } from '../../core/types/transaction.js';
import { expectList, type RlpInput, type RlpItem } from '../../rlp/rlp.js';
import { decodeEach, wireCodec, type WireCodec } from './codec.js';

/** The transaction decoders do not know their position; the index is what makes the error actionable. */
function transactionAt(item: RlpItem, what: string): Transaction {
  try {
    return transactionFromBlockItem(item);
  } catch (e) {
    throw new Error(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function transactionListToRlp(txs: readonly Transaction[]): RlpInput {
  return txs.map(transactionToBlockItem);
}

/** Reads a list of transactions already checked for length by the caller. */
export function transactionListFromRlp(list: RlpItem[]): Transaction[] {
  return decodeEach(list, 'transaction', transactionAt);
}

export const transactionsCodec: WireCodec<Transaction[]> = wireCodec<Transaction[]>(
  'Transactions',
  transactionListToRlp,
  (item) => transactionListFromRlp(expectList(item, 'transactions')),
);
