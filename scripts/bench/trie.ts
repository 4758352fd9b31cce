// Trie figures: the root of 100,000 random accounts (keccak keys, account RLP values, as a state trie holds them),
// committing that trie into a MemoryStore, reads, and an incremental update. (The genesis section times the
// mainnet genesis state root.)
import { bytesToHex, type Bytes } from '../../src/common/bytes.js';
import { EMPTY_TRIE_ROOT, KECCAK256_EMPTY, keccak256 } from '../../src/crypto/keccak.js';
import { MemoryStore } from '../../src/db/memoryStore.js';
import { encodeRlp } from '../../src/rlp/rlp.js';
import { Trie } from '../../src/trie/trie.js';
import { timeMs, type BenchResult } from './measure.js';

const ACCOUNTS = 100_000;
const UPDATES = 1_000;

/** Deterministic pseudo-random accounts (xorshift), so every run hashes the same trie. */
function randomAccounts(count: number): Array<[Bytes, Bytes]> {
  let s = 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  const out: Array<[Bytes, Bytes]> = [];
  for (let i = 0; i < count; i++) {
    const seed = new Uint8Array(8);
    new DataView(seed.buffer).setUint32(0, next());
    new DataView(seed.buffer).setUint32(4, i);
    const balance = (BigInt(next()) << 32n) | BigInt(next());
    out.push([keccak256(seed), encodeRlp([BigInt(next() % 1000), balance, EMPTY_TRIE_ROOT, KECCAK256_EMPTY])]);
  }
  return out;
}

export async function bench(): Promise<BenchResult[]> {
  const accounts = randomAccounts(ACCOUNTS);
  const avgValue = accounts.reduce((n, [, v]) => n + v.length, 0) / ACCOUNTS;
  const results: BenchResult[] = [];

  const trie = new Trie();
  const insertMs = await timeMs(() => {
    for (const [k, v] of accounts) trie.put(k, v);
  });
  let root: Bytes = EMPTY_TRIE_ROOT;
  const hashMs = await timeMs(() => (root = trie.hash()));
  const totalMs = insertMs + hashMs;
  const k = `${ACCOUNTS / 1000}k`;
  results.push(
    {
      name: `trie insert ${k} accounts`,
      value: (ACCOUNTS * 1000) / insertMs,
      unit: 'inserts/s',
      note: `${insertMs.toFixed(0)} ms, values ~${avgValue.toFixed(0)} B`,
    },
    { name: `trie hash ${k} accounts`, value: hashMs, unit: 'ms' },
    {
      name: `trie root of ${k} accounts (insert + hash)`,
      value: totalMs,
      unit: 'ms',
      note: `${((ACCOUNTS * 1000) / totalMs).toFixed(0)} accounts/s`,
    },
  );

  const store = new MemoryStore();
  let committed: Bytes = EMPTY_TRIE_ROOT;
  const commitMs = await timeMs(() => (committed = trie.commit(store)));
  if (bytesToHex(committed) !== bytesToHex(root)) throw new Error('commit gave another root than hash()');
  results.push({ name: 'trie commit into MemoryStore', value: commitMs, unit: 'ms', note: `${store.size} nodes` });

  const reopened = new Trie(store, root);
  const readMs = await timeMs(() => {
    for (const [k] of accounts) if (reopened.get(k) === undefined) throw new Error('a committed key is missing');
  });
  results.push({ name: 'trie get from a reopened trie (cold)', value: (ACCOUNTS * 1000) / readMs, unit: 'gets/s' });
  const warmMs = await timeMs(() => {
    for (const [k] of accounts) reopened.get(k);
  });
  results.push({ name: 'trie get (nodes in memory)', value: (ACCOUNTS * 1000) / warmMs, unit: 'gets/s' });

  const updateMs = await timeMs(() => {
    for (let i = 0; i < UPDATES; i++) trie.put(accounts[i * 97]![0], accounts[i]![1]);
    trie.hash();
  });
  results.push({ name: `trie update ${UPDATES} of ${k} accounts + rehash`, value: updateMs, unit: 'ms' });

  return results;
}
