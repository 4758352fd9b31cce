import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import {
  addressToWord,
  byteLength,
  bytes32ToWord,
  bytesToWord,
  MAX_WORD,
  readWord,
  toSigned,
  toUnsigned,
  wordToAddress,
  wordToBytes32,
  writeWord,
} from './words.js';

describe('words', () => {
  it('round-trips through 32 bytes', () => {
    for (const v of [0n, 1n, 0xffn, 1n << 64n, (1n << 200n) + 12345n, MAX_WORD]) {
      expect(bytes32ToWord(wordToBytes32(v))).toBe(v);
      const buf = new Uint8Array(40);
      const view = new DataView(buf.buffer);
      writeWord(view, 3, v);
      expect(readWord(view, 3)).toBe(v);
    }
    expect(bytesToHex(wordToBytes32(0x0102n))).toBe('0x' + '00'.repeat(30) + '0102');
  });

  it('bytesToWord reads any length and zero-pads past the end', () => {
    const b = hexToBytes('0x0102030405060708090a');
    expect(bytesToWord(b, 0, 10)).toBe(0x0102030405060708090an);
    expect(bytesToWord(b, 8, 4)).toBe(0x090a0000n);
    expect(bytesToWord(b, 20, 2)).toBe(0n);
    expect(bytesToWord(b, 0, 0)).toBe(0n);
  });

  it('converts addresses, dropping the high 96 bits', () => {
    const a = hexToBytes('0x00000000000000000000000000000000deadbeef');
    expect(addressToWord(a)).toBe(0xdeadbeefn);
    expect(wordToAddress(MAX_WORD)).toEqual(new Uint8Array(20).fill(0xff));
    expect(bytesToHex(wordToAddress((1n << 200n) | 0xdeadbeefn))).toBe(bytesToHex(a));
  });

  it('signed views', () => {
    expect(toSigned(MAX_WORD)).toBe(-1n);
    expect(toSigned(5n)).toBe(5n);
    expect(toUnsigned(-1n)).toBe(MAX_WORD);
  });

  it('byteLength', () => {
    expect(byteLength(0n)).toBe(0);
    expect(byteLength(0xffn)).toBe(1);
    expect(byteLength(0x100n)).toBe(2);
    expect(byteLength(MAX_WORD)).toBe(32);
  });
});
