import { describe, expect, it } from 'vitest';
import { bytesToHex } from './bytes.js';
import {
  isAbsent,
  JsonFieldError,
  parseAddress,
  parseWord,
  readBool,
  readHexBytes,
  readObject,
  readSafeUint,
  readUint,
} from './jsonFields.js';

describe('readUint', () => {
  it('accepts JSON numbers, bigints, hex and decimal strings', () => {
    expect(readUint(5, 'f')).toBe(5n);
    expect(readUint(58750000000000000000000n, 'f')).toBe(58750000000000000000000n);
    expect(readUint('0x1388', 'f')).toBe(5000n);
    expect(readUint('0X10', 'f')).toBe(16n);
    expect(readUint('1234567000000000000000', 'f')).toBe(1234567000000000000000n);
    expect(readUint('0x', 'f')).toBe(0n);
  });

  it.each([
    [-1, 'f: negative value -1'],
    ['-5', 'f: negative value "-5"'],
    [1.5, 'f: not an integer: 1.5'],
    [1e21, 'lost precision'],
    ['0xzz', 'f: invalid integer "0xzz"'],
    ['12a', 'invalid integer'],
    ['', 'invalid integer'],
    [true, 'f: expected an integer, got a boolean'],
    [[1], 'got an array'],
    [{}, 'got an object'],
  ])('rejects %j naming the field', (v, message) => {
    expect(() => readUint(v, 'f')).toThrow(JsonFieldError);
    expect(() => readUint(v, 'f')).toThrow(message);
  });

  it('enforces the width', () => {
    expect(readUint('0xffffffffffffffff', 'n', 64)).toBe(2n ** 64n - 1n);
    expect(() => readUint('0x10000000000000000', 'n', 64)).toThrow('n: value "0x10000000000000000" exceeds 64 bits');
    expect(() => readUint(2n ** 256n, 'n')).toThrow('exceeds 256 bits');
    expect(() => readSafeUint(2n ** 53n, 'n')).toThrow('exceeds 53 bits');
    expect(readSafeUint('0x10', 'n')).toBe(16);
  });
});

describe('hex, address and word readers', () => {
  it('reads 0x hex bytes with an optional exact length', () => {
    expect(bytesToHex(readHexBytes('0xABcd', 'x'))).toBe('0xabcd');
    expect(readHexBytes('0x', 'x')).toHaveLength(0);
    expect(() => readHexBytes('abcd', 'x')).toThrow('x: hex string without 0x prefix');
    expect(() => readHexBytes('0xabc', 'x')).toThrow('odd length');
    expect(() => readHexBytes('0xzz', 'x')).toThrow('invalid hex string');
    expect(() => readHexBytes('0x00', 'mixHash', 32)).toThrow('mixHash: expected 32 bytes, got 1');
    expect(() => readHexBytes(5, 'x')).toThrow('x: expected a string, got a number');
  });

  it('reads addresses with or without 0x', () => {
    const a = 'cd2a3d9f938e13cd947ec05abc7fe734df8dd826';
    expect(bytesToHex(parseAddress(a, 'a'))).toBe('0x' + a);
    expect(bytesToHex(parseAddress('0x' + a.toUpperCase(), 'a'))).toBe('0x' + a);
    expect(() => parseAddress(a.slice(2), 'alloc.x')).toThrow('alloc.x: invalid address');
    expect(() => parseAddress(a + '00', 'a')).toThrow('invalid address');
    expect(() => parseAddress('0x' + 'g'.repeat(40), 'a')).toThrow('invalid address');
  });

  it('left-pads short words to 32 bytes', () => {
    expect(bytesToHex(parseWord('0x03', 's'))).toBe('0x' + '00'.repeat(31) + '03');
    expect(bytesToHex(parseWord('7', 's'))).toBe('0x' + '00'.repeat(31) + '07');
    expect(() => parseWord('0x' + '1'.repeat(65), 's')).toThrow('s: more than 32 bytes');
    expect(() => parseWord('0xq', 's')).toThrow('invalid hex string');
  });
});

describe('other readers', () => {
  it('reads objects and booleans and treats null as absent', () => {
    expect(readObject({ a: 1 }, 'o')).toEqual({ a: 1 });
    expect(() => readObject([], 'o')).toThrow('o: expected an object, got an array');
    expect(() => readObject(null, 'o')).toThrow('got null');
    expect(readBool(false, 'b')).toBe(false);
    expect(() => readBool('true', 'b')).toThrow('b: expected true or false');
    expect(isAbsent(null) && isAbsent(undefined) && !isAbsent(0)).toBe(true);
  });
});
