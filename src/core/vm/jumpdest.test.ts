import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import { analyzeJumpdests, isJumpdest, JumpdestCache } from './jumpdest.js';

function dests(code: string): number[] {
  const bytes = hexToBytes(code);
  const map = analyzeJumpdests(bytes);
  return Array.from({ length: bytes.length + 8 }, (_, i) => i).filter((i) => isJumpdest(map, i));
}

describe('jumpdest analysis', () => {
  it('finds JUMPDEST opcodes', () => {
    expect(dests('0x5b005b5b')).toEqual([0, 2, 3]);
  });

  it('skips PUSH immediates of every length', () => {
    expect(dests('0x605b5b')).toEqual([2]); // PUSH1 0x5b, JUMPDEST
    expect(dests('0x7f' + '5b'.repeat(32) + '5b')).toEqual([33]);
    expect(dests('0x615b5b5b')).toEqual([3]);
  });

  it('treats a PUSH cut off by the end of code as covering the rest', () => {
    expect(dests('0x5b635b5b')).toEqual([0]);
  });

  it('PUSH0 has no immediate', () => {
    expect(dests('0x5f5b')).toEqual([1]);
  });

  it('is empty for empty code', () => {
    expect(dests('0x')).toEqual([]);
  });

  it('caches by code hash and evicts the oldest beyond capacity', () => {
    const cache = new JumpdestCache(2);
    const a = hexToBytes('0x5b');
    const b = hexToBytes('0x605b');
    const c = hexToBytes('0x00');
    const ma = cache.get(keccak256(a), a);
    expect(cache.get(keccak256(a), a)).toBe(ma);
    cache.get(keccak256(b), b);
    cache.get(keccak256(c), c);
    expect(cache.size).toBe(2);
    expect(cache.get(keccak256(a), a)).not.toBe(ma);
  });
});
