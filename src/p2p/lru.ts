// A bounded set that forgets its least recently seen key when full: the memory of "have I seen this message
// already" for one subscription. A Map keeps insertion order, so re-inserting a key on every hit makes the
// first key the least recently seen one and eviction O(1).

export class LruSet<K> {
  readonly #keys = new Map<K, true>();

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.#keys.size;
  }

  has(key: K): boolean {
    return this.#keys.has(key);
  }

  /**
   * Records `key` as the most recently seen. Returns false when it was already present (a duplicate), true when
   * it is new; adding a new key to a full set evicts the least recently seen one.
   */
  add(key: K): boolean {
    const present = this.#keys.delete(key);
    this.#keys.set(key, true);
    if (!present && this.#keys.size > this.capacity) {
      this.#keys.delete(this.#keys.keys().next().value as K);
    }
    return !present;
  }
}
