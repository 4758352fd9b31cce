import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, utf8ToBytes, type Bytes } from '../common/bytes.js';
import { EMPTY_TRIE_ROOT, keccak256 } from '../crypto/keccak.js';
import type { KeyValueReader, KeyValueWriter } from '../db/keyValueStore.js';
import { MemoryStore } from '../db/memoryStore.js';
import { encodeRlp, type RlpInput } from '../rlp/rlp.js';
import { InvalidNodeError, MissingNodeError } from './errors.js';
import { hexPrefixEncode } from './hexPrefix.js';
import { bytesToNibbles } from './nibbles.js';
import { Trie } from './trie.js';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function shuffled<T>(items: T[], seed: number): T[] {
  const r = rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const hex = bytesToHex;

/**
 * Keys of mixed lengths (empty, 1-3 bytes, 32 bytes) with many shared prefixes, so the trie gets leaves,
 * extensions, branches with values, embedded and hashed nodes.
 */
function sampleEntries(count: number, seed: number): Map<string, Bytes> {
  const r = rng(seed);
  const entries = new Map<string, Bytes>();
  entries.set('0x', utf8ToBytes('empty key'));
  while (entries.size < count) {
    const kind = r();
    const len = kind < 0.3 ? 1 + Math.floor(r() * 3) : kind < 0.6 ? 32 : 4 + Math.floor(r() * 8);
    const key = new Uint8Array(len);
    for (let i = 0; i < len; i++) key[i] = kind < 0.45 ? Math.floor(r() * 4) * 0x11 : Math.floor(r() * 256);
    const vlen = r() < 0.5 ? 1 + Math.floor(r() * 4) : 30 + Math.floor(r() * 60);
    const value = new Uint8Array(vlen);
    for (let i = 0; i < vlen; i++) value[i] = Math.floor(r() * 256);
    if (value[0] === 0 && vlen === 1) value[0] = 1;
    entries.set(hex(key), value);
  }
  return entries;
}

/** The root straight from the yellow paper's definition over the whole key set: no insertion, no caching. */
function referenceRoot(entries: Map<string, Bytes>): string {
  const items: Array<[Uint8Array, Bytes]> = [...entries].map(([k, v]) => [bytesToNibbles(hexToBytes(k)), v]);
  if (items.length === 0) return hex(EMPTY_TRIE_ROOT);
  const ref = (set: Array<[Uint8Array, Bytes]>, depth: number): RlpInput => {
    if (set.length === 0) return new Uint8Array(0);
    const raw = structure(set, depth);
    const enc = encodeRlp(raw);
    return enc.length < 32 ? raw : keccak256(enc);
  };
  const structure = (set: Array<[Uint8Array, Bytes]>, depth: number): RlpInput => {
    if (set.length === 1) return [hexPrefixEncode(set[0]![0].subarray(depth), true), set[0]![1]];
    let shared = 0;
    for (;;) {
      const at = depth + shared;
      const first = set[0]![0];
      if (set.some(([k]) => k.length <= at || k[at] !== first[at])) break;
      shared++;
    }
    if (shared > 0) {
      return [hexPrefixEncode(set[0]![0].subarray(depth, depth + shared), false), ref(set, depth + shared)];
    }
    const out: RlpInput[] = [];
    for (let n = 0; n < 16; n++) out.push(ref(set.filter(([k]) => k.length > depth && k[depth] === n), depth + 1));
    out.push(set.find(([k]) => k.length === depth)?.[1] ?? new Uint8Array(0));
    return out;
  };
  return hex(keccak256(encodeRlp(structure(items, 0))));
}

function build(entries: Map<string, Bytes>, seed: number, reader?: KeyValueReader): Trie {
  const trie = new Trie(reader);
  for (const k of shuffled([...entries.keys()], seed)) trie.put(hexToBytes(k), entries.get(k)!);
  return trie;
}

/** A writer that records what it is asked to write. */
function recordingWriter(store: MemoryStore): KeyValueWriter & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    put(key, value) {
      keys.push(hex(key));
      store.put(key, value);
    },
    delete(key) {
      store.delete(key);
    },
  };
}

function compareBytes(a: Bytes, b: Bytes): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

describe('Trie', () => {
  it('is empty at first', () => {
    const trie = new Trie();
    expect(hex(trie.hash())).toBe(hex(EMPTY_TRIE_ROOT));
    expect(trie.get(utf8ToBytes('x'))).toBeUndefined();
    expect([...trie.entries()]).toEqual([]);
    expect(hex(new Trie(new MemoryStore(), EMPTY_TRIE_ROOT).hash())).toBe(hex(EMPTY_TRIE_ROOT));
  });

  it('gives the known root of the TrieTests "puppy" case', () => {
    const trie = new Trie();
    for (const [k, v] of [['do', 'verb'], ['horse', 'stallion'], ['doge', 'coin'], ['dog', 'puppy']]) {
      trie.put(utf8ToBytes(k!), utf8ToBytes(v!));
    }
    expect(hex(trie.hash())).toBe('0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84');
    expect(new TextDecoder().decode(trie.get(utf8ToBytes('doge')))).toBe('coin');
    expect(trie.get(utf8ToBytes('do'))).toEqual(utf8ToBytes('verb'));
    expect(trie.get(utf8ToBytes('d'))).toBeUndefined();
    expect(trie.get(utf8ToBytes('doges'))).toBeUndefined();
    expect(trie.get(utf8ToBytes('horses'))).toBeUndefined();
  });

  it('gives the same root as the definition for any insertion order', () => {
    const entries = sampleEntries(400, 1);
    const expected = referenceRoot(entries);
    for (const seed of [1, 2, 3, 4, 5]) {
      const trie = build(entries, seed);
      expect(hex(trie.hash())).toBe(expected);
      for (const [k, v] of entries) expect(hex(trie.get(hexToBytes(k))!)).toBe(hex(v));
    }
  });

  it('gives the same root as the definition after deletions in any order, and the empty root when all are gone', () => {
    const entries = sampleEntries(300, 7);
    for (const seed of [11, 12, 13]) {
      const trie = build(entries, seed);
      const remaining = new Map(entries);
      const order = shuffled([...entries.keys()], seed + 100);
      order.forEach((k, i) => {
        trie.delete(hexToBytes(k));
        remaining.delete(k);
        expect(trie.get(hexToBytes(k))).toBeUndefined();
        if (i % 50 === 0) expect(hex(trie.hash())).toBe(referenceRoot(remaining));
      });
      expect(hex(trie.hash())).toBe(hex(EMPTY_TRIE_ROOT));
    }
  });

  it('mixes updates, overwrites and deletions, tracking the definition', () => {
    const r = rng(99);
    const keys = [...sampleEntries(120, 3).keys()];
    const model = new Map<string, Bytes>();
    const trie = new Trie();
    for (let step = 0; step < 2000; step++) {
      const k = keys[Math.floor(r() * keys.length)]!;
      if (r() < 0.35) {
        trie.delete(hexToBytes(k));
        model.delete(k);
      } else {
        const v = utf8ToBytes(`v${step}`.repeat(1 + Math.floor(r() * 8)));
        trie.put(hexToBytes(k), v);
        model.set(k, v);
      }
      if (step % 100 === 0) expect(hex(trie.hash())).toBe(referenceRoot(model));
    }
    expect(hex(trie.hash())).toBe(referenceRoot(model));
  });

  it('treats an empty value as a deletion and ignores deleting what is absent', () => {
    const trie = new Trie();
    trie.put(utf8ToBytes('a'), utf8ToBytes('1'));
    trie.put(utf8ToBytes('ab'), utf8ToBytes('2'));
    const root = hex(trie.hash());
    trie.delete(utf8ToBytes('abc'));
    trie.delete(utf8ToBytes('b'));
    trie.delete(new Uint8Array(0));
    expect(hex(trie.hash())).toBe(root);
    trie.put(utf8ToBytes('ab'), new Uint8Array(0));
    expect(trie.get(utf8ToBytes('ab'))).toBeUndefined();
    const single = new Trie();
    single.put(utf8ToBytes('a'), utf8ToBytes('1'));
    expect(hex(trie.hash())).toBe(hex(single.hash()));
  });

  it('keeps the root when a key is set to the value it already has', () => {
    const entries = sampleEntries(50, 5);
    const trie = build(entries, 1);
    const root = hex(trie.hash());
    for (const [k, v] of entries) trie.put(hexToBytes(k), Uint8Array.from(v));
    expect(hex(trie.hash())).toBe(root);
  });

  it('makes copies that change independently', () => {
    const trie = build(sampleEntries(60, 8), 1);
    const before = hex(trie.hash());
    const copy = trie.copy();
    copy.put(utf8ToBytes('new key'), utf8ToBytes('new value'));
    trie.delete(hexToBytes('0x'));
    expect(hex(copy.hash())).not.toBe(before);
    expect(copy.get(hexToBytes('0x'))).toBeDefined();
    expect(trie.get(utf8ToBytes('new key'))).toBeUndefined();
  });

  describe('commit', () => {
    it('writes each node once and only new nodes later', () => {
      const entries = sampleEntries(300, 21);
      const store = new MemoryStore();
      const trie = build(entries, 2, store);
      const writer = recordingWriter(store);
      const root = trie.commit(writer);
      expect(hex(root)).toBe(referenceRoot(entries));
      expect(writer.keys.length).toBeGreaterThan(50);
      expect(new Set(writer.keys).size).toBe(writer.keys.length);
      expect(store.size).toBe(writer.keys.length);
      for (const k of writer.keys) expect(hex(keccak256(store.get(hexToBytes(k))!))).toBe(k);

      // Nothing changed: nothing to write.
      writer.keys.length = 0;
      expect(hex(trie.commit(writer))).toBe(hex(root));
      expect(writer.keys).toEqual([]);

      // One changed key: only new nodes on its path (at most one per level) are written.
      const key = hexToBytes([...entries.keys()][17]!);
      trie.put(key, utf8ToBytes('changed'));
      const before = new Set(writer.keys);
      const root2 = trie.commit(writer);
      expect(writer.keys.length).toBeGreaterThan(0);
      expect(writer.keys.length).toBeLessThanOrEqual(key.length * 2 + 1);
      expect(writer.keys.some((k) => before.has(k))).toBe(false);
      expect(writer.keys).toContain(hex(root2));

      // The store now holds the whole new trie.
      const reopened = new Trie(store, root2);
      for (const [k, v] of entries) {
        expect(hex(reopened.get(hexToBytes(k))!)).toBe(hex(k === hex(key) ? utf8ToBytes('changed') : v));
      }
    });

    it('does not write the empty trie and gives its root', () => {
      const store = new MemoryStore();
      expect(hex(new Trie(store).commit(store))).toBe(hex(EMPTY_TRIE_ROOT));
      expect(store.size).toBe(0);
    });

    it('stores a root under 32 bytes by its hash, and nothing else', () => {
      const store = new MemoryStore();
      const trie = new Trie(store);
      trie.put(Uint8Array.of(1), Uint8Array.of(2));
      const root = trie.commit(store);
      expect(store.size).toBe(1);
      expect(hex(store.get(root)!)).toBe(hex(encodeRlp([hexPrefixEncode([0, 1], true), Uint8Array.of(2)])));
      expect(hex(new Trie(store, root).get(Uint8Array.of(1))!)).toBe('0x02');
    });
  });

  describe('reopening from a store', () => {
    it('reads the same values and iterates the same entries', () => {
      const entries = sampleEntries(250, 31);
      const store = new MemoryStore();
      const root = build(entries, 3).commit(store);
      const reopened = new Trie(store, root);
      expect(hex(reopened.hash())).toBe(hex(root));
      for (const [k, v] of entries) expect(hex(reopened.get(hexToBytes(k))!)).toBe(hex(v));
      expect(reopened.get(utf8ToBytes('absent key'))).toBeUndefined();
      const keysOf = (t: Trie) => [...t.entries()].map(([k]) => hex(k));
      expect(keysOf(reopened)).toEqual(keysOf(build(entries, 4)));
    });

    it('keeps working on top of the stored nodes: updates and deletions match a fresh trie', () => {
      const entries = sampleEntries(200, 41);
      const store = new MemoryStore();
      const root = build(entries, 5).commit(store);
      const reopened = new Trie(store, root);
      const model = new Map(entries);
      for (const k of shuffled([...entries.keys()], 9).slice(0, 120)) {
        reopened.delete(hexToBytes(k));
        model.delete(k);
      }
      reopened.put(utf8ToBytes('fresh'), utf8ToBytes('value'));
      model.set(hex(utf8ToBytes('fresh')), utf8ToBytes('value'));
      expect(hex(reopened.hash())).toBe(referenceRoot(model));
      const root2 = reopened.commit(store);
      const again = new Trie(store, root2);
      for (const [k, v] of model) expect(hex(again.get(hexToBytes(k))!)).toBe(hex(v));
    });

    it('names the missing root', () => {
      const root = keccak256(utf8ToBytes('nowhere'));
      expect(() => new Trie(new MemoryStore(), root)).toThrow(MissingNodeError);
      expect(() => new Trie(new MemoryStore(), root)).toThrow(`trie: missing node ${hex(root)} at the root`);
    });

    it('names a missing inner node and its path, while other paths still read', () => {
      const store = new MemoryStore();
      const trie = new Trie(store);
      const keys = ['0x1100', '0x1200', '0x2100', '0x2200'].map(hexToBytes);
      for (const k of keys) trie.put(k, new Uint8Array(40).fill(k[0]!));
      const root = trie.commit(store);
      // Delete the branch under nibble 1 (the root's child for keys 0x11.. and 0x12..).
      const rootNode = store.get(root)!;
      const child = rootNode.subarray(rootNode.indexOf(0xa0, 3) + 1, rootNode.indexOf(0xa0, 3) + 33);
      store.delete(child);
      const reopened = new Trie(store, root);
      expect(hex(reopened.get(keys[2]!)!)).toBe(hex(new Uint8Array(40).fill(0x21)));
      let error: unknown;
      try {
        reopened.get(keys[0]!);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MissingNodeError);
      expect(hex((error as MissingNodeError).hash)).toBe(hex(child));
      expect((error as Error).message).toBe(`trie: missing node ${hex(child)} at nibble path 1`);
      expect(() => reopened.put(keys[1]!, utf8ToBytes('x'))).toThrow(MissingNodeError);
      expect(() => [...reopened.entries()]).toThrow(MissingNodeError);
    });

    it('names a corrupt node', () => {
      const store = new MemoryStore();
      const root = keccak256(utf8ToBytes('corrupt'));
      store.put(root, hexToBytes('0xc3010203'));
      expect(() => new Trie(store, root)).toThrow(InvalidNodeError);
      expect(() => new Trie(store, root)).toThrow(`trie: invalid node ${hex(root)}: a list of 3 items`);
    });

    it('rejects a bad root and a root without a store', () => {
      expect(() => new Trie(new MemoryStore(), new Uint8Array(31))).toThrow('a root hash is 32 bytes, got 31');
      expect(() => new Trie(undefined, keccak256(Uint8Array.of(1)))).toThrow('needs a store');
    });
  });

  describe('ordered iteration', () => {
    const entries = sampleEntries(300, 51);
    const trie = build(entries, 6);
    const sorted = [...entries.keys()].map(hexToBytes).sort(compareBytes);

    it('lists entries in key order, from a start key', () => {
      const all = [...trie.entries()];
      expect(all.map(([k]) => hex(k))).toEqual(sorted.map(hex));
      for (const [k, v] of all) expect(hex(v)).toBe(hex(entries.get(hex(k))!));
      const start = sorted[100]!;
      expect([...trie.entries(start)].map(([k]) => hex(k))).toEqual(sorted.slice(100).map(hex));
      const between = Uint8Array.from([...start, 0]);
      expect([...trie.entries(between)][0]?.[0]).toEqual(sorted.find((k) => compareBytes(k, between) >= 0));
    });

    it('finds the next and previous keys of present and absent keys', () => {
      const r = rng(5);
      const probes = [...sorted, new Uint8Array(0), Uint8Array.of(0xff, 0xff, 0xff)];
      for (let i = 0; i < 300; i++) {
        const base = sorted[Math.floor(r() * sorted.length)]!;
        probes.push(Uint8Array.from([...base.subarray(0, Math.floor(r() * (base.length + 1))), Math.floor(r() * 256)]));
      }
      for (const probe of probes) {
        const next = sorted.find((k) => compareBytes(k, probe) > 0);
        const prev = [...sorted].reverse().find((k) => compareBytes(k, probe) < 0);
        expect(trie.nextKey(probe) && hex(trie.nextKey(probe)!)).toBe(next && hex(next));
        expect(trie.prevKey(probe) && hex(trie.prevKey(probe)!)).toBe(prev && hex(prev));
      }
    });

    it('has no neighbours in an empty trie', () => {
      expect(new Trie().nextKey(Uint8Array.of(1))).toBeUndefined();
      expect(new Trie().prevKey(Uint8Array.of(1))).toBeUndefined();
    });
  });
});
