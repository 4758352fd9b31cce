import { describe, expect, it } from 'vitest';
import { bytesToNibbles, commonPrefixLength, concatNibbles, nibblesToBytes } from './nibbles.js';

describe('nibbles', () => {
  it('splits bytes high nibble first and packs them back', () => {
    const nibbles = bytesToNibbles(Uint8Array.of(0x12, 0xab, 0x0f));
    expect([...nibbles]).toEqual([1, 2, 10, 11, 0, 15]);
    expect([...nibblesToBytes(nibbles)]).toEqual([0x12, 0xab, 0x0f]);
    expect(bytesToNibbles(new Uint8Array(0)).length).toBe(0);
  });

  it('refuses to pack an odd number of nibbles', () => {
    expect(() => nibblesToBytes([1, 2, 3])).toThrow('3 nibbles is not whole bytes');
  });

  it('measures common prefixes from an offset', () => {
    const key = Uint8Array.of(1, 2, 3, 4);
    expect(commonPrefixLength(Uint8Array.of(2, 3, 9), key, 1)).toBe(2);
    expect(commonPrefixLength(Uint8Array.of(2, 3, 4, 5), key, 1)).toBe(3);
    expect(commonPrefixLength(Uint8Array.of(7), key, 0)).toBe(0);
    expect(commonPrefixLength(Uint8Array.of(1), key, 4)).toBe(0);
  });

  it('concatenates', () => {
    expect([...concatNibbles([1], Uint8Array.of(2, 3))]).toEqual([1, 2, 3]);
  });
});
