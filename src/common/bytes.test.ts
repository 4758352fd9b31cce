import { describe, expect, it } from 'vitest';
import {
  bigintToBytes,
  bigintToFixedBytes,
  bytesEqual,
  bytesToBigint,
  bytesToHex,
  bytesToNumber,
  concatBytes,
  hexToBytes,
  padLeft,
  parseBigint,
  toQuantity,
} from './bytes.js';

describe('hex', () => {
  it('round-trips bytes through hex', () => {
    const b = new Uint8Array([0, 1, 0x7f, 0x80, 0xff]);
    expect(bytesToHex(b)).toBe('0x00017f80ff');
    expect(hexToBytes('0x00017f80ff')).toEqual(b);
    expect(hexToBytes('00017F80FF')).toEqual(b);
  });
  it('writes long inputs and views into a larger buffer alike', () => {
    const whole = new Uint8Array(300).map((_, i) => (i * 37) & 0xff);
    for (const [start, end] of [[0, 15], [0, 16], [1, 33], [7, 300]] as const) {
      const view = whole.subarray(start, end);
      const expected = `0x${[...view].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
      expect(bytesToHex(view)).toBe(expected);
      expect(hexToBytes(expected)).toEqual(view);
    }
  });
  it('reads an odd-length hex string as if it had a leading zero', () => {
    expect(hexToBytes('0x123')).toEqual(new Uint8Array([0x01, 0x23]));
  });
  it('rejects non-hex characters with a clear error', () => {
    expect(() => hexToBytes('0xzz')).toThrow(/invalid hex string/);
  });
});

describe('integers', () => {
  it('encodes minimal big-endian, zero as empty', () => {
    expect(bigintToBytes(0n)).toEqual(new Uint8Array(0));
    expect(bigintToBytes(0x0100n)).toEqual(new Uint8Array([1, 0]));
    expect(() => bigintToBytes(-1n)).toThrow(/negative/);
  });
  it('decodes words of any length', () => {
    const max = (1n << 256n) - 1n;
    expect(bytesToBigint(bigintToBytes(max))).toBe(max);
    expect(bytesToBigint(hexToBytes('0x0102030405060708090a'))).toBe(0x0102030405060708090an);
    expect(bytesToBigint(new Uint8Array(0))).toBe(0n);
  });
  it('fixed-width encoding pads and refuses overflow', () => {
    expect(bigintToFixedBytes(1n, 4)).toEqual(new Uint8Array([0, 0, 0, 1]));
    expect(() => bigintToFixedBytes(1n << 32n, 4)).toThrow(/does not fit/);
  });
  it('refuses numbers beyond the safe range', () => {
    expect(() => bytesToNumber(bigintToBytes(1n << 60n))).toThrow(/safe/);
  });
  it('parses hex and decimal strings', () => {
    expect(parseBigint('0x10')).toBe(16n);
    expect(parseBigint('58750000000000000000000')).toBe(58750000000000000000000n);
    expect(parseBigint('0x')).toBe(0n);
    expect(parseBigint(7)).toBe(7n);
    expect(() => parseBigint('12a')).toThrow(/invalid integer/);
    expect(() => parseBigint(2 ** 60)).toThrow(/safe integer/);
  });
  it('formats quantities without leading zeros', () => {
    expect(toQuantity(0n)).toBe('0x0');
    expect(toQuantity(255)).toBe('0xff');
  });
});

describe('byte helpers', () => {
  it('concatenates, compares and pads', () => {
    const a = new Uint8Array([1, 2]);
    const b = new Uint8Array([3]);
    expect(concatBytes(a, b)).toEqual(new Uint8Array([1, 2, 3]));
    expect(bytesEqual(a, new Uint8Array([1, 2]))).toBe(true);
    expect(bytesEqual(a, b)).toBe(false);
    expect(padLeft(b, 3)).toEqual(new Uint8Array([0, 0, 3]));
  });
});
