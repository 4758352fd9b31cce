import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../db/memoryStore.js';
import { genesisSpecKey } from '../../db/schema.js';
import { readGenesisSpec, writeGenesisSpec } from './genesisSpec.js';

const hash = new Uint8Array(32).fill(7);

describe('genesis spec accessor', () => {
  it('stores the text under the genesis hash', async () => {
    const db = new MemoryStore();
    const batch = db.batch();
    writeGenesisSpec(batch, hash, '{"config":{"chainId":1},"extraData":"0x\u00e9"}');
    await batch.write();
    expect(readGenesisSpec(db, hash)).toBe('{"config":{"chainId":1},"extraData":"0x\u00e9"}');
    expect(readGenesisSpec(db, new Uint8Array(32))).toBeUndefined();
  });

  it('reports bytes that are not UTF-8 text', () => {
    const db = new MemoryStore();
    db.put(genesisSpecKey(hash), Uint8Array.of(0xff, 0xfe));
    expect(() => readGenesisSpec(db, hash)).toThrow('database: corrupt genesis spec of 0x0707');
  });
});
