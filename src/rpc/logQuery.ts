// Finding logs in stored blocks (geth's filters.Filter.Logs, without the log index): one block by hash (EIP-234)
// or a canonical range, skipping every block whose header bloom rules the filter out before reading its receipts.
import type { Block } from '../core/types/block.js';
import type { Receipt } from '../core/types/receipt.js';
import type { RpcBackend } from './backend.js';
import type { BlockNumberOrTag } from './blockParam.js';
import { headerByNumberOrTag } from './blockResolver.js';
import { invalidParams, serverError, type RpcObject } from './jsonrpc.js';
import { bloomMayMatch, logMatches, type FilterCriteria } from './logFilter.js';
import { formatLog } from './rpcReceipt.js';

/** The matching logs of `block` (whose receipts are `receipts`), with their positions in the block. */
export function blockLogs(
  block: Block,
  receipts: readonly Receipt[],
  criteria: FilterCriteria,
  removed = false,
): RpcObject[] {
  const out: RpcObject[] = [];
  let logIndex = 0;
  receipts.forEach((receipt, transactionIndex) => {
    const tx = block.transactions[transactionIndex];
    if (tx === undefined) throw new Error(`block ${block.number} has more receipts than transactions`);
    for (const log of receipt.logs) {
      if (logMatches(log, criteria)) {
        out.push(
          formatLog(
            log,
            {
              blockHash: block.hash,
              blockNumber: block.number,
              blockTimestamp: block.header.timestamp,
              transactionHash: tx.hash,
              transactionIndex,
              logIndex,
            },
            removed,
          ),
        );
      }
      logIndex++;
    }
  });
  return out;
}

function logsOfStoredBlock(backend: RpcBackend, block: Block, criteria: FilterCriteria): RpcObject[] {
  const receipts = backend.chain.getReceipts(block.hash);
  if (receipts === undefined) throw serverError(`receipts of block ${block.number} not found`);
  return blockLogs(block, receipts, criteria);
}

/** A range end as a block number: tags name the head (or the safe/finalized block); undefined is "latest". */
function resolveEnd(backend: RpcBackend, end: BlockNumberOrTag | undefined): bigint {
  if (end === undefined || typeof end === 'string') {
    const header = headerByNumberOrTag(backend, end ?? 'latest');
    if (header === undefined) throw serverError('header not found');
    return header.number;
  }
  return end;
}

/** eth_getLogs: the logs `criteria` selects, oldest first; `rangeLimit` 0 allows any range. */
export function queryLogs(backend: RpcBackend, criteria: FilterCriteria, rangeLimit: number): RpcObject[] {
  const chain = backend.chain;
  if (criteria.blockHash !== undefined) {
    const block = chain.getBlockByHash(criteria.blockHash);
    if (block === undefined) throw serverError('unknown block');
    return bloomMayMatch(block.header.logsBloom, criteria) ? logsOfStoredBlock(backend, block, criteria) : [];
  }
  const from = resolveEnd(backend, criteria.fromBlock);
  const to = resolveEnd(backend, criteria.toBlock);
  if (from > to) throw invalidParams('invalid block range params');
  if (rangeLimit > 0 && to - from + 1n > BigInt(rangeLimit)) {
    throw invalidParams(`exceed maximum block range: ${rangeLimit}`);
  }
  // Blocks past the head do not exist yet: the range ends at the head.
  const head = chain.currentHeader.number;
  const last = to < head ? to : head;
  const out: RpcObject[] = [];
  for (let n = from; n <= last; n++) {
    const header = chain.getHeaderByNumber(n);
    if (header === undefined) break;
    if (!bloomMayMatch(header.logsBloom, criteria)) continue;
    const block = chain.getBlock(header.hash, n);
    if (block === undefined) throw serverError(`block ${n} not found`);
    out.push(...logsOfStoredBlock(backend, block, criteria));
  }
  return out;
}
