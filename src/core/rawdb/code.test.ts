import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import { MemoryStore } from '../../db/memoryStore.js';
import { readCode, writeCode } from './code.js';

describe('code accessor', () => {
  it('stores code under its hash', async () => {
    const db = new MemoryStore();
    const code = hexToBytes('0x6060606060');
    const batch = db.batch();
    writeCode(batch, keccak256(code), code);
    await batch.write();
    expect(readCode(db, keccak256(code))).toEqual(code);
    expect(readCode(db, keccak256(hexToBytes('0x00')))).toBeUndefined();
    expect(() => writeCode(batch, code, code)).toThrow('code hash must be 32 bytes');
  });
});
