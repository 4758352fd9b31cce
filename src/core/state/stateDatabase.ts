// Where the world state lives on disk: trie nodes under their bare hash and contract code under its code key
// (db/schema.ts), both in the node's one key-value store. Shared by every StateDB opened on that store, so it
// also keeps a bounded cache of recently used code (contracts are called again and again, blocks apart).
import { bytesEqual, bytesToHex, type Bytes } from '../../common/bytes.js';
import { KECCAK256_EMPTY } from '../../crypto/keccak.js';
import type { KeyValueReader, KeyValueWriter } from '../../db/keyValueStore.js';
import { codeKey } from '../../db/schema.js';
import { SecureTrie } from '../../trie/secureTrie.js';

const DEFAULT_CODE_CACHE_BYTES = 32 * 1024 * 1024;

export class MissingCodeError extends Error {
  constructor(readonly codeHash: Bytes) {
    super(`state: missing code ${bytesToHex(codeHash)}`);
    this.name = 'MissingCodeError';
  }
}

export class StateDatabase {
  private readonly codeCache = new Map<string, Bytes>();
  private codeCacheBytes = 0;

  constructor(
    readonly store: KeyValueReader,
    private readonly codeCacheLimit = DEFAULT_CODE_CACHE_BYTES,
  ) {}

  /** The account trie or a storage trie at `root`; a root whose node is not in the store throws MissingNodeError. */
  openTrie(root: Bytes): SecureTrie {
    return new SecureTrie(this.store, root);
  }

  /** The code with hash `codeHash`; the empty hash gives empty code without a lookup. */
  code(codeHash: Bytes): Bytes {
    if (bytesEqual(codeHash, KECCAK256_EMPTY)) return new Uint8Array(0);
    const key = bytesToHex(codeHash);
    const cached = this.codeCache.get(key);
    if (cached !== undefined) {
      // Map order is insertion order: re-inserting makes this the most recently used entry.
      this.codeCache.delete(key);
      this.codeCache.set(key, cached);
      return cached;
    }
    const code = this.store.get(codeKey(codeHash));
    if (code === undefined) throw new MissingCodeError(codeHash);
    this.remember(key, code);
    return code;
  }

  /** Queues `code` for writing and caches it, so it reads back before the batch lands. */
  writeCode(writer: KeyValueWriter, codeHash: Bytes, code: Bytes): void {
    if (bytesEqual(codeHash, KECCAK256_EMPTY)) return;
    writer.put(codeKey(codeHash), code);
    this.remember(bytesToHex(codeHash), code);
  }

  private remember(key: string, code: Bytes): void {
    if (code.length > this.codeCacheLimit || this.codeCache.has(key)) return;
    this.codeCache.set(key, code);
    this.codeCacheBytes += code.length;
    for (const [oldKey, old] of this.codeCache) {
      if (this.codeCacheBytes <= this.codeCacheLimit) break;
      this.codeCache.delete(oldKey);
      this.codeCacheBytes -= old.length;
    }
  }
}
