// What the request handlers read. Method names and shapes follow core's Blockchain and TxPool, which satisfy these
// interfaces as they are; a test can hand in anything smaller that does.
import type { Bytes } from '../../common/bytes.js';
import type { Block } from '../../core/types/block.js';
import type { Header } from '../../core/types/header.js';
import type { Receipt } from '../../core/types/receipt.js';
import type { Transaction } from '../../core/types/transaction.js';

export interface ServeChain {
  /** A stored header, canonical or not. */
  getHeader(hash: Bytes, number: bigint): Header | undefined;
  getHeaderByHash(hash: Bytes): Header | undefined;
  /** The canonical header at `number`. */
  getHeaderByNumber(number: bigint): Header | undefined;
  getCanonicalHash(number: bigint): Bytes | undefined;
  getBlockByHash(hash: Bytes): Block | undefined;
  /** A stored block's receipts in transaction order; undefined when the block or its receipts are not stored. */
  getReceipts(hash: Bytes): Receipt[] | undefined;
}

export interface ServePool {
  get(hash: Bytes): Transaction | undefined;
}
