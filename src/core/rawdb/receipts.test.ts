import { describe, expect, it } from 'vitest';
import { encodeRlp } from '../../rlp/rlp.js';
import { MemoryStore } from '../../db/memoryStore.js';
import { deleteReceipts, readReceiptsRlp, writeReceiptsRlp } from './receipts.js';

describe('receipts accessor', () => {
  it('stores the receipts list by (number, hash)', async () => {
    const db = new MemoryStore();
    const hash = new Uint8Array(32).fill(9);
    const batch = db.batch();
    writeReceiptsRlp(batch, hash, 0n, encodeRlp([]));
    await batch.write();
    expect(readReceiptsRlp(db, hash, 0n)).toEqual(Uint8Array.of(0xc0));
    expect(readReceiptsRlp(db, hash, 1n)).toBeUndefined();
  });

  it('deletes the receipts of one block only', async () => {
    const db = new MemoryStore();
    const hash = new Uint8Array(32).fill(9);
    const batch = db.batch();
    writeReceiptsRlp(batch, hash, 1n, encodeRlp([]));
    writeReceiptsRlp(batch, hash, 2n, encodeRlp([]));
    deleteReceipts(batch, hash, 1n);
    await batch.write();
    expect(readReceiptsRlp(db, hash, 1n)).toBeUndefined();
    expect(readReceiptsRlp(db, hash, 2n)).toEqual(Uint8Array.of(0xc0));
  });
});
