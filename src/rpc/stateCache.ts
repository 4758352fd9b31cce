// State for the RPC methods (eth_getBalance and the other account reads, eth_call, eth_estimateGas), opened over
// tries that keep the nodes earlier requests loaded. A fresh StateDB reopens its tries from the root and reads
// and decodes every node on the way down again: for a single balance read on a small chain that was most of the
// request. Here each recently used trie root keeps one trie whose loaded nodes stay in memory (a trie node, once
// resolved, is kept by its parent), and every StateDB gets an O(1) copy of it: reads fill the shared nodes,
// writes (a simulated call's) build new nodes and leave the shared ones as they were.
//
// The nodes a root's trie holds are those of one immutable state, so the cache is never stale. Its memory is
// bounded by the bytes of the nodes loaded through it: past the budget, the least recently opened tries are
// dropped (a StateDB still holding a copy keeps working; its nodes go when it does).
import { bytesToHex, type Bytes } from '../common/bytes.js';
import { StateDatabase } from '../core/state/stateDatabase.js';
import { StateDB } from '../core/state/stateDb.js';
import type { KeyValueWriter } from '../db/keyValueStore.js';
import { SecureTrie } from '../trie/secureTrie.js';

/** Encoded bytes of the nodes all cached tries may have loaded (in memory, decoded nodes take a few times that). */
const DEFAULT_BUDGET_BYTES = 16 * 1024 * 1024;

interface CachedTrie {
  trie: SecureTrie;
  /** Encoded bytes of the nodes read from the store through this trie and its copies while cached. */
  bytes: number;
  cached: boolean;
}

/** A StateDatabase whose tries come from the cache; code goes to the chain's own database and its code cache. */
class CachingStateDatabase extends StateDatabase {
  private readonly tries = new Map<string, CachedTrie>();
  private bytes = 0;

  constructor(
    private readonly inner: StateDatabase,
    private readonly budget: number,
  ) {
    super(inner.store, 0);
  }

  override openTrie(root: Bytes): SecureTrie {
    const key = bytesToHex(root);
    let entry = this.tries.get(key);
    if (entry === undefined) {
      const counted: CachedTrie = { trie: undefined as unknown as SecureTrie, bytes: 0, cached: true };
      const store = this.inner.store;
      const reader = {
        get: (k: Bytes): Bytes | undefined => {
          const value = store.get(k);
          if (value !== undefined && counted.cached) {
            counted.bytes += value.length;
            this.bytes += value.length;
          }
          return value;
        },
      };
      // Opening reads the root node, and throws for an unknown (or undecodable) one, which is then not cached.
      try {
        counted.trie = new SecureTrie(reader, root);
      } catch (e) {
        this.bytes -= counted.bytes;
        throw e;
      }
      entry = counted;
    } else {
      // Map order is insertion order: re-inserting makes this the most recently used root.
      this.tries.delete(key);
    }
    this.tries.set(key, entry);
    const copy = entry.trie.copy();
    this.evict();
    return copy;
  }

  override code(codeHash: Bytes): Bytes {
    return this.inner.code(codeHash);
  }

  override writeCode(writer: KeyValueWriter, codeHash: Bytes, code: Bytes): void {
    this.inner.writeCode(writer, codeHash, code);
  }

  get size(): number {
    return this.tries.size;
  }

  get loadedBytes(): number {
    return this.bytes;
  }

  private evict(): void {
    for (const [key, entry] of this.tries) {
      if (this.bytes <= this.budget) return;
      this.tries.delete(key);
      this.bytes -= entry.bytes;
      // Copies still alive may load more nodes through it; those no longer count against the cache.
      entry.cached = false;
    }
  }
}

/** Opens states for the RPC methods over cached tries. */
export class RpcStateCache {
  private readonly db: CachingStateDatabase;

  constructor(stateDatabase: StateDatabase, budgetBytes = DEFAULT_BUDGET_BYTES) {
    this.db = new CachingStateDatabase(stateDatabase, budgetBytes);
  }

  /** A private StateDB on the state with root `root`, as chain.stateAt gives (a missing root throws the same). */
  stateAt(root: Bytes): StateDB {
    return new StateDB(this.db, root);
  }

  /** Tries currently cached. */
  get cachedTries(): number {
    return this.db.size;
  }

  /** Encoded bytes of the nodes the cached tries have loaded. */
  get cachedBytes(): number {
    return this.db.loadedBytes;
  }
}

const caches = new WeakMap<StateDatabase, RpcStateCache>();

/** The cache of the chain whose state lives in `stateDatabase` (one per chain, made on first use). */
export function rpcStateCache(stateDatabase: StateDatabase): RpcStateCache {
  let cache = caches.get(stateDatabase);
  if (cache === undefined) {
    cache = new RpcStateCache(stateDatabase);
    caches.set(stateDatabase, cache);
  }
  return cache;
}
