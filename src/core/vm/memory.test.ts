import { describe, expect, it } from 'vitest';
import { MAX_MEMORY_SIZE, Memory, memoryGasCost, regionEnd } from './memory.js';

describe('memory', () => {
  it('prices words linearly plus quadratically', () => {
    expect(memoryGasCost(0)).toBe(0);
    expect(memoryGasCost(1)).toBe(3);
    expect(memoryGasCost(32)).toBe(98);
    expect(memoryGasCost(1024)).toBe(3 * 1024 + 2048);
  });

  it('charges only the growth, rounding to whole words', () => {
    const m = new Memory(64);
    expect(m.expansionCost(1)).toBe(3);
    m.grow(1);
    expect(m.size).toBe(32);
    expect(m.expansionCost(32)).toBe(0);
    expect(m.expansionCost(33)).toBe(memoryGasCost(2) - memoryGasCost(1));
    m.grow(1000);
    expect(m.size).toBe(1024);
    expect(m.buf.length).toBeGreaterThanOrEqual(1024);
    expect(m.buf.subarray(0, 1024).every((b) => b === 0)).toBe(true);
  });

  it('regionEnd ignores the offset of an empty region and refuses beyond the cap', () => {
    expect(regionEnd(1n << 255n, 0n)).toBe(0);
    expect(regionEnd(10n, 22n)).toBe(32);
    expect(regionEnd(BigInt(MAX_MEMORY_SIZE), 1n)).toBe(-1);
    expect(regionEnd((1n << 256n) - 1n, 1n)).toBe(-1);
  });

  it('writePadded zero-fills what lies past the source', () => {
    const m = new Memory(64);
    m.grow(64);
    m.buf.fill(0xee);
    m.writePadded(0, new Uint8Array([1, 2, 3]), 1n, 4);
    expect([...m.buf.subarray(0, 5)]).toEqual([2, 3, 0, 0, 0xee]);
    m.writePadded(8, new Uint8Array([1, 2, 3]), 1n << 200n, 2);
    expect([...m.buf.subarray(8, 11)]).toEqual([0, 0, 0xee]);
  });

  it('reset clears used memory for reuse', () => {
    const m = new Memory(32);
    m.grow(32);
    m.buf[5] = 9;
    m.reset();
    expect(m.size).toBe(0);
    expect(m.buf[5]).toBe(0);
    expect(m.expansionCost(32)).toBe(3);
  });
});
