// Bounded memories that forget what was least recently used (geth's lru.Cache): LruCache maps keys to values (the
// clique engine's snapshots and recovered signers, the chain's decoded blocks and receipts), LruSet remembers keys
// only (the dispatcher's "seen this message already"). A Map keeps insertion order, so re-inserting on every use
// keeps the oldest entry first and eviction O(1).

export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Whether `key` is held; does not count as a use. */
  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** The value, which becomes the most recently used. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Sets `key` as the most recently used; returns whether it was held before. */
  set(key: K, value: V): boolean {
    const present = this.#entries.delete(key);
    this.#entries.set(key, value);
    if (!present && this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as K);
    return present;
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries.clear();
  }
}

export class LruSet<K> {
  readonly #cache: LruCache<K, true>;

  constructor(capacity: number) {
    this.#cache = new LruCache(capacity);
  }

  get size(): number {
    return this.#cache.size;
  }

  has(key: K): boolean {
    return this.#cache.has(key);
  }

  /**
   * Records `key` as the most recently seen. Returns false when it was already present (a duplicate), true when
   * it is new; adding a new key to a full set evicts the least recently seen one.
   */
  add(key: K): boolean {
    return !this.#cache.set(key, true);
  }
}
