import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../db/memoryStore.js';
import { HEAD_BLOCK_KEY } from '../../db/schema.js';
import { readHeadBlockHash, readHeadHeaderHash, writeHeadBlockHash, writeHeadHeaderHash } from './heads.js';

describe('head pointers', () => {
  it('are absent in a new database and kept separately', async () => {
    const db = new MemoryStore();
    expect(readHeadHeaderHash(db)).toBeUndefined();
    expect(readHeadBlockHash(db)).toBeUndefined();
    const batch = db.batch();
    writeHeadHeaderHash(batch, new Uint8Array(32).fill(1));
    writeHeadBlockHash(batch, new Uint8Array(32).fill(2));
    await batch.write();
    expect(readHeadHeaderHash(db)).toEqual(new Uint8Array(32).fill(1));
    expect(readHeadBlockHash(db)).toEqual(new Uint8Array(32).fill(2));
  });

  it('reject a stored pointer that is not a hash', () => {
    const db = new MemoryStore();
    db.put(HEAD_BLOCK_KEY, new Uint8Array(5));
    expect(() => readHeadBlockHash(db)).toThrow('database: corrupt head block hash: 5 bytes instead of 32');
  });
});
