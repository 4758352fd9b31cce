import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../db/memoryStore.js';
import { txLookupKey } from '../../db/schema.js';
import { DatabaseCorruptionError } from './corruption.js';
import { deleteTxLookup, readTxLookup, writeTxLookup } from './txLookup.js';

const txHash = new Uint8Array(32).fill(0xab);

describe('transaction lookup entries', () => {
  it('maps a transaction hash to its block number until deleted', async () => {
    const db = new MemoryStore();
    const batch = db.batch();
    writeTxLookup(batch, txHash, 0x1234n);
    expect(readTxLookup(db, txHash)).toBeUndefined();
    await batch.write();
    expect(readTxLookup(db, txHash)).toBe(0x1234n);
    expect(readTxLookup(db, new Uint8Array(32))).toBeUndefined();
    const del = db.batch();
    deleteTxLookup(del, txHash);
    await del.write();
    expect(readTxLookup(db, txHash)).toBeUndefined();
  });

  it('rejects a hash that is not 32 bytes and reports a corrupt entry', () => {
    const db = new MemoryStore();
    expect(() => writeTxLookup(db, new Uint8Array(31), 1n)).toThrow('transaction hash must be 32 bytes, got 31');
    db.put(txLookupKey(txHash), Uint8Array.of(1, 2, 3));
    expect(() => readTxLookup(db, txHash)).toThrow(DatabaseCorruptionError);
    expect(() => readTxLookup(db, txHash)).toThrow(
      `database: corrupt lookup entry of transaction 0x${'ab'.repeat(32)}: stored block number must be 8 bytes, got 3`,
    );
  });
});
