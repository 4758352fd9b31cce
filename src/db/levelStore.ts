// The on-disk KeyValueStore: LevelDB through classic-level, keys and values as byte views. Reads use getSync
// (no promise per trie node); writes go through one LevelDB batch, which LevelDB applies atomically.
import { ClassicLevel } from 'classic-level';
import type { Bytes } from '../common/bytes.js';
import { translateOpenError } from './datadirLock.js';
import type { KeyValueStore, WriteBatch } from './keyValueStore.js';

type Level = ClassicLevel<Uint8Array, Uint8Array>;
type BatchOp = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

export interface LevelStoreOptions {
  /** Default true. */
  createIfMissing?: boolean;
  /** LevelDB's block cache in bytes (default 8 MiB). */
  cacheSize?: number;
  /** LevelDB's write buffer in bytes (default 4 MiB); bigger speeds up bulk loads. */
  writeBufferSize?: number;
}

/** classic-level hands out Buffers; callers get plain Uint8Array views of the same memory. */
function view(b: Uint8Array): Bytes {
  return b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** The smallest key greater than every key starting with `prefix`; undefined when there is none (all 0xff). */
function prefixEnd(prefix: Bytes): Bytes | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i] !== 0xff) {
      const end = prefix.slice(0, i + 1);
      end[i]!++;
      return end;
    }
  }
  return undefined;
}

export class LevelStore implements KeyValueStore {
  private constructor(
    private readonly db: Level,
    readonly location: string,
  ) {}

  static async open(location: string, options: LevelStoreOptions = {}): Promise<LevelStore> {
    const db: Level = new ClassicLevel<Uint8Array, Uint8Array>(location, { keyEncoding: 'view', valueEncoding: 'view' });
    try {
      await db.open({
        createIfMissing: options.createIfMissing ?? true,
        cacheSize: options.cacheSize,
        writeBufferSize: options.writeBufferSize,
      });
    } catch (e) {
      throw translateOpenError(e, location);
    }
    return new LevelStore(db, location);
  }

  get(key: Bytes): Bytes | undefined {
    const v = this.db.getSync(key);
    return v === undefined ? undefined : view(v);
  }

  batch(): WriteBatch {
    let ops: BatchOp[] = [];
    const db = this.db;
    return {
      put: (key, value) => void ops.push({ type: 'put', key, value }),
      delete: (key) => void ops.push({ type: 'del', key }),
      get size() {
        return ops.length;
      },
      write: async () => {
        const pending = ops;
        ops = [];
        if (pending.length > 0) await db.batch(pending);
      },
    };
  }

  async *entries(prefix: Bytes): AsyncIterable<[Bytes, Bytes]> {
    const end = prefixEnd(prefix);
    const it = this.db.iterator(end === undefined ? { gte: prefix } : { gte: prefix, lt: end });
    try {
      for await (const [k, v] of it) yield [view(k), view(v)];
    } finally {
      await it.close();
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
