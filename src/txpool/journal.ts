// The local transactions on disk, so they survive a restart (geth's legacypool journal): one RLP item per
// transaction, in the block-body form, appended as they arrive. Loading replays them into the pool; rotating
// rewrites the file with what the pool still holds, dropping what was mined or evicted. Writes are synchronous:
// they are few and small (local submissions only), and a rotation must not race an append.
import { closeSync, createReadStream, existsSync, openSync, renameSync, writeSync } from 'node:fs';
import type { Bytes } from '../common/bytes.js';
import type { Logger } from '../common/log.js';
import { transactionFromBlockItem, transactionToBlockItem, type Transaction } from '../core/types/transaction.js';
import { decodeRlp, encodeRlp } from '../rlp/rlp.js';
import { readRlpItems } from '../rlp/rlpStream.js';

/** Transactions handed to the pool at a time while loading. */
const LOAD_BATCH = 1024;

export interface JournalLoadResult {
  /** Transactions read from the file. */
  total: number;
  /** Of those, how many the pool refused. */
  dropped: number;
}

function encodeItem(tx: Transaction): Bytes {
  return encodeRlp(transactionToBlockItem(tx));
}

export class TxJournal {
  #fd: number | undefined;

  constructor(
    readonly path: string,
    private readonly log: Logger,
  ) {}

  /**
   * Replays the file into the pool through `add`, which returns how many of a batch it refused. A missing file is
   * an empty journal; a damaged one is read up to the damage, which is logged.
   */
  async load(add: (txs: Transaction[]) => number): Promise<JournalLoadResult> {
    const result: JournalLoadResult = { total: 0, dropped: 0 };
    if (!existsSync(this.path)) return result;
    let batch: Transaction[] = [];
    const flush = (): void => {
      result.total += batch.length;
      result.dropped += add(batch);
      batch = [];
    };
    try {
      for await (const item of readRlpItems(createReadStream(this.path))) {
        batch.push(transactionFromBlockItem(decodeRlp(item.bytes)));
        if (batch.length >= LOAD_BATCH) flush();
      }
    } catch (e) {
      this.log.error('Failed to load transaction journal', { path: this.path, err: e });
    }
    flush();
    this.log.info('Loaded local transaction journal', { transactions: result.total, dropped: result.dropped });
    return result;
  }

  /** Appends a transaction; does nothing until the first rotate has opened the file (so a load does not echo). */
  insert(tx: Transaction): void {
    if (this.#fd === undefined) return;
    try {
      writeSync(this.#fd, encodeItem(tx));
    } catch (e) {
      this.log.warn('Failed to journal local transaction', { err: e });
    }
  }

  /**
   * Rewrites the file with exactly `txs` (through a temporary file, so a crash keeps the old one) and opens it
   * for appending.
   */
  rotate(txs: Iterable<Transaction>): void {
    this.close();
    const temp = `${this.path}.new`;
    let count = 0;
    try {
      const fd = openSync(temp, 'w', 0o644);
      try {
        for (const tx of txs) {
          writeSync(fd, encodeItem(tx));
          count++;
        }
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
      this.#fd = openSync(this.path, 'a');
    } catch (e) {
      this.log.warn('Failed to rotate local transaction journal', { path: this.path, err: e });
      return;
    }
    this.log.info('Regenerated local transaction journal', { transactions: count });
  }

  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}
