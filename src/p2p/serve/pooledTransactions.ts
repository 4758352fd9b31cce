// Answers GetPooledTransactions: the requested transactions the pool holds, in request order; unknown ones are
// skipped (they may have been mined or dropped since they were announced).
import type { Bytes } from '../../common/bytes.js';
import { transactionToBlockItem, type Transaction } from '../../core/types/transaction.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { DEFAULT_SERVE_LIMITS, ResponseBudget, type ServeLimits } from './responseBudget.js';
import type { ServePool } from './serveChain.js';

export function servePooledTransactions(
  pool: ServePool,
  hashes: readonly Bytes[],
  limits: ServeLimits = DEFAULT_SERVE_LIMITS,
): Transaction[] {
  const budget = new ResponseBudget(limits.maxPooledTransactions, limits.softResponseSize, limits.maxResponseSize);
  const txs: Transaction[] = [];
  for (const hash of hashes) {
    if (!budget.open) break;
    const tx = pool.get(hash);
    if (tx === undefined) continue;
    if (!budget.admit(encodeRlp(transactionToBlockItem(tx)).length)) break;
    txs.push(tx);
  }
  return txs;
}
