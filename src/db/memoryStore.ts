// An in-memory KeyValueStore for tests and for throw-away tries (e.g. computing a transactions root).
import { bytesToHex, hexToBytes, type Bytes } from '../common/bytes.js';
import type { KeyValueStore, KeyValueWriter, WriteBatch } from './keyValueStore.js';

export class MemoryStore implements KeyValueStore, KeyValueWriter {
  private readonly map = new Map<string, Bytes>();

  get size(): number {
    return this.map.size;
  }

  get(key: Bytes): Bytes | undefined {
    return this.map.get(bytesToHex(key));
  }

  /** Immediate write, for callers that need no atomicity (tests, temporary tries). */
  put(key: Bytes, value: Bytes): void {
    this.map.set(bytesToHex(key), value);
  }

  delete(key: Bytes): void {
    this.map.delete(bytesToHex(key));
  }

  batch(): WriteBatch {
    const ops: Array<[string, Bytes | undefined]> = [];
    return {
      put: (key, value) => void ops.push([bytesToHex(key), value]),
      delete: (key) => void ops.push([bytesToHex(key), undefined]),
      get size() {
        return ops.length;
      },
      write: async () => {
        for (const [k, v] of ops) {
          if (v === undefined) this.map.delete(k);
          else this.map.set(k, v);
        }
        ops.length = 0;
      },
    };
  }

  async *entries(prefix: Bytes): AsyncIterable<[Bytes, Bytes]> {
    const p = bytesToHex(prefix);
    const keys = [...this.map.keys()].filter((k) => k.startsWith(p)).sort();
    for (const k of keys) {
      const v = this.map.get(k);
      if (v !== undefined) yield [hexToBytes(k), v];
    }
  }

  async close(): Promise<void> {}
}
