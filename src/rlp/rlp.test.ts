import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../common/bytes.js';
import { decodeRlp, encodeRlp, expectFixedBytes, expectList, expectUint, RlpError } from './rlp.js';

const decodeHex = (hex: string) => decodeRlp(hexToBytes(hex));

describe('strict RLP decoding', () => {
  it('decodes canonical items', () => {
    expect(decodeHex('0x83646f67')).toEqual(hexToBytes('0x646f67'));
    expect(decodeHex('0xc7c0c1c0c3c0c1c0')).toEqual([[], [[]], [[], [[]]]]);
    expect(decodeHex('0x7f')).toEqual(new Uint8Array([0x7f]));
  });

  // The four cases @ethereumjs/rlp accepts on its own (see shared/STACK.md).
  it.each([
    ['0x8100', 'single byte below 0x80'],
    ['0x8101', 'single byte below 0x80'],
    ['0x817f', 'single byte below 0x80'],
    ['0xb800', 'leading zero'],
    ['0xb801ff', 'long form'],
    ['0xf803112233', 'long form'],
  ])('rejects non-canonical %s', (hex, reason) => {
    expect(() => decodeHex(hex)).toThrow(reason);
  });

  it('rejects truncated input', () => {
    expect(() => decodeHex('0x83646f')).toThrow(/exceeds the input/);
    expect(() => decodeHex('0x81')).toThrow(/too short/);
    expect(() => decodeHex('0xc5010203')).toThrow(/exceeds the input/);
  });

  it('rejects an oversized length prefix without allocating', () => {
    expect(() => decodeHex('0xbf0f000000000000021111')).toThrow(RlpError);
    expect(() => decodeHex('0xffffffffffffffffff0001020304050607')).toThrow(/exceeds the input/);
  });

  it('rejects trailing bytes and empty input', () => {
    expect(() => decodeHex('0x8080')).toThrow(/trailing/);
    expect(() => decodeRlp(new Uint8Array(0))).toThrow(/empty/);
  });

  it('rejects a list whose items overrun it', () => {
    expect(() => decodeHex('0xc28300')).toThrow(RlpError);
  });
});

describe('encoding', () => {
  it('encodes integers minimally', () => {
    expect(bytesToHex(encodeRlp(0n))).toBe('0x80');
    expect(bytesToHex(encodeRlp(1024n))).toBe('0x820400');
    expect(bytesToHex(encodeRlp([hexToBytes('0x01'), []]))).toBe('0xc201c0');
  });
});

describe('shape helpers', () => {
  it('give clear errors for wrong shapes', () => {
    expect(() => expectList(hexToBytes('0x01'), 'header')).toThrow('header: expected a list');
    expect(() => expectList([], 'header', 15)).toThrow('expected 15 elements, got 0');
    expect(() => expectUint(hexToBytes('0x0001'), 'nonce')).toThrow('nonce: integer has a leading zero byte');
    expect(() => expectUint(new Uint8Array(33).fill(1), 'value')).toThrow('longer than 32 bytes');
    expect(() => expectFixedBytes(new Uint8Array(19), 'to', 20)).toThrow('to: expected 20 bytes, got 19');
    expect(expectUint(new Uint8Array(0), 'x')).toBe(0n);
  });
});
