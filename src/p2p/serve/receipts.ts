// Answers GetReceipts: each requested stored block's receipts, in request order; unknown blocks are skipped. A
// block whose receipts are missing but whose header commits to none (the empty receipts root) gets an empty list,
// as in geth.
import { bytesEqual, type Bytes } from '../../common/bytes.js';
import { receiptToRlp, type Receipt } from '../../core/types/receipt.js';
import { EMPTY_TRIE_ROOT } from '../../crypto/keccak.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { DEFAULT_SERVE_LIMITS, ResponseBudget, type ServeLimits } from './responseBudget.js';
import type { ServeChain } from './serveChain.js';

function receiptsOf(chain: ServeChain, hash: Bytes): Receipt[] | undefined {
  const receipts = chain.getReceipts(hash);
  if (receipts !== undefined) return receipts;
  const header = chain.getHeaderByHash(hash);
  return header !== undefined && bytesEqual(header.receiptsRoot, EMPTY_TRIE_ROOT) ? [] : undefined;
}

export function serveReceipts(
  chain: ServeChain,
  hashes: readonly Bytes[],
  limits: ServeLimits = DEFAULT_SERVE_LIMITS,
): Receipt[][] {
  const budget = new ResponseBudget(limits.maxReceipts, limits.softResponseSize, limits.maxResponseSize);
  const blocks: Receipt[][] = [];
  for (const hash of hashes) {
    if (!budget.open) break;
    const receipts = receiptsOf(chain, hash);
    if (receipts === undefined) continue;
    if (!budget.admit(encodeRlp(receipts.map(receiptToRlp)).length)) break;
    blocks.push(receipts);
  }
  return blocks;
}
