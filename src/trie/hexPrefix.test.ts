import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../common/bytes.js';
import { hexPrefixDecode, hexPrefixEncode } from './hexPrefix.js';

// BasicTests/hexencodetest.json
const VECTORS: Array<[number[], boolean, string]> = [
  [[0, 0, 1, 2, 3, 4, 5], false, '10012345'],
  [[0, 1, 2, 3, 4, 5], false, '00012345'],
  [[1, 2, 3, 4, 5], false, '112345'],
  [[0, 0, 1, 2, 3, 4], false, '00001234'],
  [[0, 1, 2, 3, 4], false, '101234'],
  [[1, 2, 3, 4], false, '001234'],
  [[0, 0, 1, 2, 3, 4, 5], true, '30012345'],
  [[0, 1, 2, 3, 4, 5], true, '20012345'],
  [[1, 2, 3, 4, 5], true, '312345'],
  [[0, 0, 1, 2, 3, 4], true, '20001234'],
  [[0, 1, 2, 3, 4], true, '301234'],
  [[1, 2, 3, 4], true, '201234'],
];

describe('hexPrefixEncode', () => {
  it.each(VECTORS)('%j terminating=%s -> %s', (nibbles, term, out) => {
    expect(bytesToHex(hexPrefixEncode(nibbles, term))).toBe('0x' + out);
    expect(bytesToHex(hexPrefixEncode(Uint8Array.from(nibbles), term))).toBe('0x' + out);
  });

  it('encodes the empty path as a single flag byte', () => {
    expect(bytesToHex(hexPrefixEncode([], false))).toBe('0x00');
    expect(bytesToHex(hexPrefixEncode([], true))).toBe('0x20');
  });

  it('rejects values that are not nibbles', () => {
    expect(() => hexPrefixEncode([1, 16], false)).toThrow('16 is not a nibble');
    expect(() => hexPrefixEncode([-1], true)).toThrow('-1 is not a nibble');
    expect(() => hexPrefixEncode([1.5, 2], true)).toThrow('1.5 is not a nibble');
  });
});

describe('hexPrefixDecode', () => {
  it.each(VECTORS)('inverts %j terminating=%s', (nibbles, term, out) => {
    const decoded = hexPrefixDecode(Uint8Array.from(Buffer.from(out, 'hex')));
    expect([...decoded.nibbles]).toEqual(nibbles);
    expect(decoded.terminating).toBe(term);
  });

  it('rejects malformed encodings', () => {
    expect(() => hexPrefixDecode(new Uint8Array(0))).toThrow('empty path encoding');
    expect(() => hexPrefixDecode(Uint8Array.of(0x40))).toThrow('invalid flag nibble 4');
    expect(() => hexPrefixDecode(Uint8Array.of(0x05, 0x12))).toThrow('non-zero padding nibble');
    expect(() => hexPrefixDecode(Uint8Array.of(0x2f))).toThrow('non-zero padding nibble');
  });
});
