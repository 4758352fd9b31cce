// GetPooledTransactions / PooledTransactions: pending transactions by hash, as a peer fetches the ones it heard of
// and lacks. rlp([hash, ...]) / rlp([tx, ...]) with transactions encoded as in Transactions. Transactions the
// server does not hold are left out.
// Blob transactions travel without their sidecars (blobs, commitments, proofs): this node's transaction type does
// not carry them, so unlike eth/68 no network form with sidecars exists here.
import type { Bytes } from '../../common/bytes.js';
import type { Transaction } from '../../core/types/transaction.js';
import { expectBoundedList, wireCodec, type WireCodec } from './codec.js';
import { hashListCodec } from './hashList.js';
import { MAX_POOLED_TRANSACTIONS_SERVE } from './limits.js';
import { transactionListFromRlp, transactionListToRlp } from './transactions.js';

export const getPooledTransactionsCodec: WireCodec<Bytes[]> = hashListCodec('GetPooledTransactions');

export const pooledTransactionsCodec: WireCodec<Transaction[]> = wireCodec<Transaction[]>(
  'PooledTransactions',
  transactionListToRlp,
  (item) => transactionListFromRlp(expectBoundedList(item, 'transactions', MAX_POOLED_TRANSACTIONS_SERVE)),
);
