// The storage seam every upper layer uses. Reads are synchronous on purpose: classic-level's getSync costs ~2 µs
// where an awaited get costs ~40 µs, and a synchronous trie lets the EVM stay a plain synchronous loop.
// Writes go through batches so that one block (or one genesis) lands atomically.
import type { Bytes } from '../common/bytes.js';

export interface KeyValueReader {
  get(key: Bytes): Bytes | undefined;
}

export interface KeyValueWriter {
  put(key: Bytes, value: Bytes): void;
  delete(key: Bytes): void;
}

/** Collects writes; nothing is visible to readers until write() resolves, and then all of it is. */
export interface WriteBatch extends KeyValueWriter {
  readonly size: number;
  write(): Promise<void>;
}

export interface KeyValueStore extends KeyValueReader {
  batch(): WriteBatch;
  /** Entries whose key starts with `prefix`, in key order. */
  entries(prefix: Bytes): AsyncIterable<[Bytes, Bytes]>;
  close(): Promise<void>;
}
