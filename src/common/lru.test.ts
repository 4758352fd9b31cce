import { describe, expect, it } from 'vitest';
import { LruCache, LruSet } from './lru.js';

describe('LruCache', () => {
  it('forgets the least recently used entry beyond its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // now b is the oldest
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    cache.set('a', 10); // replacing counts as a use
    cache.set('d', 4);
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('a')).toBe(10);
    expect(cache.size).toBe(2);
  });

  it('forgets everything on clear', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('a')).toBeUndefined();
    cache.set('c', 3);
    expect(cache.get('c')).toBe(3);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LruCache(0)).toThrow('LRU capacity must be a positive integer, got 0');
    expect(() => new LruCache(1.5)).toThrow('LRU capacity must be a positive integer, got 1.5');
  });
});

describe('LruSet', () => {
  it('reports new keys as new and repeated keys as duplicates', () => {
    const s = new LruSet<string>(3);
    expect(s.add('a')).toBe(true);
    expect(s.add('b')).toBe(true);
    expect(s.add('a')).toBe(false);
    expect(s.size).toBe(2);
    expect(s.has('a')).toBe(true);
    expect(s.has('c')).toBe(false);
  });

  it('evicts the least recently seen key when full, a repeat counting as seen again', () => {
    const s = new LruSet<number>(2);
    s.add(1);
    s.add(2);
    s.add(1); // 2 is now the oldest
    s.add(3);
    expect(s.has(1)).toBe(true);
    expect(s.has(2)).toBe(false);
    expect(s.has(3)).toBe(true);
    expect(s.size).toBe(2);
    expect(s.add(2)).toBe(true); // forgotten, so new again; evicts 1
    expect(s.has(1)).toBe(false);
  });

  it('holds one key with capacity 1', () => {
    const s = new LruSet<string>(1);
    s.add('x');
    s.add('y');
    expect([s.has('x'), s.has('y'), s.size]).toEqual([false, true, 1]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, NaN, Infinity]) {
      expect(() => new LruSet(bad)).toThrow(/LRU capacity must be a positive integer/);
    }
  });
});
