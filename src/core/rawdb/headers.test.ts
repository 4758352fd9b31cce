import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../common/bytes.js';
import { EMPTY_TRIE_ROOT, EMPTY_UNCLE_HASH } from '../../crypto/keccak.js';
import { MemoryStore } from '../../db/memoryStore.js';
import { canonicalHashKey, headerKey, headerNumberKey, headerTdKey } from '../../db/schema.js';
import { Header } from '../types/header.js';
import { DatabaseCorruptionError } from './corruption.js';
import {
  deleteCanonicalHash,
  deleteHeader,
  readAllHashes,
  readCanonicalHash,
  readHeader,
  readHeaderNumber,
  readTotalDifficulty,
  writeCanonicalHash,
  writeHeader,
  writeTotalDifficulty,
} from './headers.js';

function header(number: bigint): Header {
  return new Header({
    parentHash: new Uint8Array(32),
    ommersHash: EMPTY_UNCLE_HASH,
    coinbase: new Uint8Array(20),
    stateRoot: EMPTY_TRIE_ROOT,
    transactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: new Uint8Array(256),
    difficulty: 1n,
    number,
    gasLimit: 5000n,
    gasUsed: 0n,
    timestamp: 0n,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
  });
}

describe('header accessors', () => {
  it('writes header and number index into a batch and reads them back after it lands', async () => {
    const db = new MemoryStore();
    const h = header(7n);
    const batch = db.batch();
    writeHeader(batch, h);
    writeCanonicalHash(batch, h.hash, 7n);
    writeTotalDifficulty(batch, h.hash, 7n, 2n ** 80n);
    expect(readHeader(db, h.hash, 7n)).toBeUndefined();
    await batch.write();
    expect(readHeader(db, h.hash, 7n)?.hash).toEqual(h.hash);
    expect(readHeaderNumber(db, h.hash)).toBe(7n);
    expect(readCanonicalHash(db, 7n)).toEqual(h.hash);
    expect(readTotalDifficulty(db, h.hash, 7n)).toBe(2n ** 80n);
  });

  it('returns undefined for what is not there', () => {
    const db = new MemoryStore();
    const hash = new Uint8Array(32).fill(1);
    expect(readHeader(db, hash, 1n)).toBeUndefined();
    expect(readHeader(db, header(1n).hash, 2n)).toBeUndefined();
    expect(readHeaderNumber(db, hash)).toBeUndefined();
    expect(readCanonicalHash(db, 0n)).toBeUndefined();
    expect(readTotalDifficulty(db, hash, 1n)).toBeUndefined();
  });

  it('reports corrupt entries as DatabaseCorruptionError naming them', () => {
    const db = new MemoryStore();
    const hash = new Uint8Array(32).fill(1);
    db.put(headerKey(3n, hash), hexToBytes('0xc0'));
    db.put(headerNumberKey(hash), hexToBytes('0x01'));
    db.put(canonicalHashKey(3n), hexToBytes('0x0102'));
    db.put(headerTdKey(3n, hash), hexToBytes('0xc0'));
    expect(() => readHeader(db, hash, 3n)).toThrow(DatabaseCorruptionError);
    expect(() => readHeader(db, hash, 3n)).toThrow(/^database: corrupt header 3 0x0101.*: /);
    expect(() => readHeaderNumber(db, hash)).toThrow('database: corrupt number of block 0x0101');
    expect(() => readCanonicalHash(db, 3n)).toThrow('database: corrupt canonical hash 3: 2 bytes');
    expect(() => readTotalDifficulty(db, hash, 3n)).toThrow('database: corrupt total difficulty of 3');
  });

  it('deletes a header with its number and TD entries, and a canonical hash, leaving the rest', async () => {
    const db = new MemoryStore();
    const a = header(5n);
    const b = new Header({ ...header(5n), extraData: Uint8Array.of(1) });
    const batch = db.batch();
    for (const h of [a, b]) {
      writeHeader(batch, h);
      writeTotalDifficulty(batch, h.hash, 5n, 9n);
    }
    writeCanonicalHash(batch, a.hash, 5n);
    await batch.write();
    expect((await readAllHashes(db, 5n)).map((h) => h.join()).sort()).toEqual([a.hash.join(), b.hash.join()].sort());
    expect(await readAllHashes(db, 4n)).toEqual([]);

    const del = db.batch();
    deleteHeader(del, a.hash, 5n);
    deleteCanonicalHash(del, 5n);
    await del.write();
    expect(readHeader(db, a.hash, 5n)).toBeUndefined();
    expect(readHeaderNumber(db, a.hash)).toBeUndefined();
    expect(readTotalDifficulty(db, a.hash, 5n)).toBeUndefined();
    expect(readCanonicalHash(db, 5n)).toBeUndefined();
    expect(readHeader(db, b.hash, 5n)?.hash).toEqual(b.hash);
    expect(readTotalDifficulty(db, b.hash, 5n)).toBe(9n);
    expect(await readAllHashes(db, 5n)).toEqual([b.hash]);
  });
});
