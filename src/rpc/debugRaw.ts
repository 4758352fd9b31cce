// debug_getRaw*: the consensus encodings of what the chain stores, as hex (geth's DebugAPI raw methods).
import { bytesToHex } from '../common/bytes.js';
import { encodeBlock } from '../core/types/block.js';
import { encodeHeader } from '../core/types/header.js';
import { encodeReceipt } from '../core/types/receipt.js';
import { encodeTransaction } from '../core/types/transaction.js';
import type { RpcBackend } from './backend.js';
import { decodeBlockRef, type BlockRef } from './blockParam.js';
import { blockByRef, headerByRef } from './blockResolver.js';
import { serverError } from './jsonrpc.js';
import { decodeHash, method, param, type RpcHandler } from './params.js';

const BLOCK = param('block', decodeBlockRef);

/** How geth names a missing block in these errors: "#12" or the hash. */
function describe(ref: BlockRef): string {
  if ('hash' in ref) return bytesToHex(ref.hash);
  return typeof ref.number === 'bigint' ? `#${ref.number}` : ref.number;
}

export function debugRawMethods(backend: RpcBackend): Record<string, RpcHandler> {
  return {
    debug_getRawHeader: method([BLOCK], (ref) => {
      const header = headerByRef(backend, ref);
      if (header === undefined) throw serverError(`header ${describe(ref)} not found`);
      return bytesToHex(encodeHeader(header));
    }),

    debug_getRawBlock: method([BLOCK], (ref) => {
      const block = blockByRef(backend, ref);
      if (block === undefined) throw serverError(`block ${describe(ref)} not found`);
      return bytesToHex(encodeBlock(block));
    }),

    debug_getRawReceipts: method([BLOCK], (ref) => {
      const header = headerByRef(backend, ref);
      const receipts = header === undefined ? undefined : backend.chain.getReceipts(header.hash);
      if (receipts === undefined) throw serverError(`block ${describe(ref)} not found`);
      return receipts.map((r) => bytesToHex(encodeReceipt(r)));
    }),

    /** Null for a transaction the canonical chain does not hold, as geth answers. */
    debug_getRawTransaction: method([param('txHash', decodeHash)], (hash) => {
      const lookup = backend.chain.getTransactionLookup(hash);
      return lookup === undefined ? null : bytesToHex(encodeTransaction(lookup.transaction));
    }),
  };
}
