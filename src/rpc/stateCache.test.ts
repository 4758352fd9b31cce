import { describe, expect, it } from 'vitest';
import { bigintToFixedBytes, hexToBytes, type Bytes } from '../common/bytes.js';
import { StateDatabase } from '../core/state/stateDatabase.js';
import { StateDB } from '../core/state/stateDb.js';
import { MemoryStore } from '../db/memoryStore.js';
import { InvalidNodeError, MissingNodeError } from '../trie/errors.js';
import { RpcStateCache, rpcStateCache } from './stateCache.js';

const addr = (n: number): Bytes => bigintToFixedBytes(BigInt(n), 20);
const CODE = hexToBytes('0x6001600055');

/**
 * Stores a state of `accounts` accounts (balance = base + i, nonce = i), the first with code and storage, in `db`
 * (a fresh one unless given).
 */
async function storedState(accounts: number, base = 1000n, db = new StateDatabase(new MemoryStore())): Promise<{ db: StateDatabase; root: Bytes }> {
  const store = db.store as MemoryStore;
  const state = new StateDB(db);
  for (let i = 1; i <= accounts; i++) {
    state.setBalance(addr(i), base + BigInt(i));
    state.setNonce(addr(i), BigInt(i));
  }
  state.setCode(addr(1), CODE);
  state.setState(addr(1), 7n, 42n);
  const batch = store.batch();
  const root = state.commit(batch, true);
  await batch.write();
  return { db, root };
}

describe('RpcStateCache', () => {
  it('reads what a freshly opened state reads, the first time and from cached nodes', async () => {
    const { db, root } = await storedState(50);
    const cache = new RpcStateCache(db);
    for (let round = 0; round < 2; round++) {
      const state = cache.stateAt(root);
      for (let i = 1; i <= 50; i++) {
        expect(state.getBalance(addr(i))).toBe(1000n + BigInt(i));
        expect(state.getNonce(addr(i))).toBe(BigInt(i));
      }
      expect(state.getCode(addr(1))).toEqual(CODE);
      expect(state.getState(addr(1), 7n)).toBe(42n);
      expect(state.exist(addr(51))).toBe(false);
    }
    expect(cache.cachedTries).toBe(2); // the account trie and the storage trie of account 1
  });

  it('keeps states opened from it apart: one state writing (and hashing) changes neither the others nor the cache', async () => {
    const { db, root } = await storedState(20);
    const cache = new RpcStateCache(db);
    const writer = cache.stateAt(root);
    const reader = cache.stateAt(root);
    writer.setBalance(addr(3), 5n);
    writer.setState(addr(1), 7n, 9n);
    writer.intermediateRoot(true);
    expect(reader.getBalance(addr(3))).toBe(1003n);
    expect(reader.getState(addr(1), 7n)).toBe(42n);
    const later = cache.stateAt(root);
    expect(later.getBalance(addr(3))).toBe(1003n);
    expect(later.getState(addr(1), 7n)).toBe(42n);
    expect(later.intermediateRoot(true)).toEqual(root);
  });

  it('throws for a root the store does not hold or cannot decode, and caches (and counts) nothing of it', async () => {
    const { db } = await storedState(1);
    const cache = new RpcStateCache(db);
    expect(() => cache.stateAt(new Uint8Array(32).fill(0xab))).toThrow(MissingNodeError);
    const garbage = new Uint8Array(32).fill(0xcd);
    (db.store as MemoryStore).put(garbage, hexToBytes('0xc3010203'));
    expect(() => cache.stateAt(garbage)).toThrow(InvalidNodeError);
    expect(cache.cachedTries).toBe(0);
    expect(cache.cachedBytes).toBe(0);
  });

  it('drops the least recently used tries once the nodes it loaded pass its byte budget, and still reads right', async () => {
    const { db, root } = await storedState(3);
    const second = await storedState(3, 5000n, db);
    const readAll = (cache: RpcStateCache, r: Bytes, base: bigint): void => {
      const state = cache.stateAt(r);
      for (let i = 1; i <= 3; i++) expect(state.getBalance(addr(i))).toBe(base + BigInt(i));
    };
    const unbounded = new RpcStateCache(db);
    readAll(unbounded, root, 1000n);
    const oneTrie = unbounded.cachedBytes;
    readAll(unbounded, second.root, 5000n);
    expect(unbounded.cachedTries).toBe(2);

    // Room for the first trie fully read, not for it and the second's root node as well.
    const cache = new RpcStateCache(db, oneTrie + 8);
    readAll(cache, root, 1000n);
    expect(cache.cachedBytes).toBe(oneTrie);
    readAll(cache, second.root, 5000n);
    expect(cache.cachedTries).toBe(1);
    expect(cache.cachedBytes).toBeLessThan(oneTrie + 8);
    readAll(cache, root, 1000n);

    // With no budget nothing stays, and reads are still right.
    const none = new RpcStateCache(db, 0);
    readAll(none, root, 1000n);
    readAll(none, root, 1000n);
    expect(none.cachedTries).toBe(0);
  });

  it('is one cache per state database', async () => {
    const a = await storedState(1);
    const b = await storedState(1);
    expect(rpcStateCache(a.db)).toBe(rpcStateCache(a.db));
    expect(rpcStateCache(a.db)).not.toBe(rpcStateCache(b.db));
  });
});
