import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../common/bytes.js';
import { MemoryStore } from '../../db/memoryStore.js';
import { bodyKey } from '../../db/schema.js';
import { deleteBody, readBody, writeBody } from './bodies.js';

const hash = new Uint8Array(32).fill(3);

describe('body accessor', () => {
  it('stores bodies by (number, hash), with or without withdrawals', async () => {
    const db = new MemoryStore();
    const batch = db.batch();
    writeBody(batch, hash, 1n, { transactions: [], ommers: [] });
    writeBody(batch, hash, 2n, { transactions: [], ommers: [], withdrawals: [] });
    await batch.write();
    expect(db.get(bodyKey(1n, hash))).toEqual(hexToBytes('0xc2c0c0'));
    expect(readBody(db, hash, 1n)).toEqual({ transactions: [], ommers: [] });
    expect(readBody(db, hash, 2n)).toEqual({ transactions: [], ommers: [], withdrawals: [] });
    expect(readBody(db, hash, 3n)).toBeUndefined();
  });

  it('reports a body that does not decode', () => {
    const db = new MemoryStore();
    db.put(bodyKey(1n, hash), hexToBytes('0xc1c0'));
    expect(() => readBody(db, hash, 1n)).toThrow('database: corrupt body of 1 0x0303');
  });

  it('deletes a body', async () => {
    const db = new MemoryStore();
    db.put(bodyKey(1n, hash), hexToBytes('0xc2c0c0'));
    const batch = db.batch();
    deleteBody(batch, hash, 1n);
    await batch.write();
    expect(readBody(db, hash, 1n)).toBeUndefined();
  });
});
