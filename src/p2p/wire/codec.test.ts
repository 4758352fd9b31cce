import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { expectBytes, expectList, expectUint, type RlpItem } from '../../rlp/rlp.js';
import { decodeEach, expectBoundedList, WireDecodeError, wireCodec } from './codec.js';
import { MAX_MESSAGE_SIZE } from './limits.js';
import { junkInputs, rejectionOf } from './testMessages.js';

// A toy message: a list of small integers.
const numbers = wireCodec<bigint[]>(
  'Numbers',
  (xs) => xs,
  (item) => decodeEach(expectBoundedList(item, 'numbers', 3), 'number', (x: RlpItem, what) => expectUint(x, what, 1)),
);

describe('wireCodec', () => {
  it('round-trips a message as one RLP item', () => {
    const bytes = numbers.encode([1n, 2n, 255n]);
    expect(bytesToHex(bytes)).toBe('0xc4010281ff');
    expect(numbers.decode(bytes)).toEqual([1n, 2n, 255n]);
  });

  it('names the message and the element in errors', () => {
    const e = (() => {
      try {
        numbers.decode(Uint8Array.of(0xc4, 0x01, 0x82, 0x01, 0x00));
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(WireDecodeError);
    expect((e as WireDecodeError).messageName).toBe('Numbers');
    expect((e as Error).message).toBe('invalid Numbers message: rlp: number 1: integer longer than 1 bytes');
  });

  it('refuses more elements than the bound', () => {
    expect(rejectionOf(numbers, numbers.encode([1n, 2n, 3n, 4n]))).toContain('numbers: 4 elements, at most 3 allowed');
  });

  it.each(junkInputs(numbers.encode([1n])))('refuses %s', (_name, bytes) => {
    expect(rejectionOf(numbers, bytes)).toMatch(/^invalid Numbers message: /);
  });

  it('reports nesting deeper than the stack as such', () => {
    const deep = junkInputs(numbers.encode([1n])).find(([name]) => name.includes('nested'))![1];
    expect(rejectionOf(numbers, deep)).toBe('invalid Numbers message: RLP nesting too deep');
  });

  it('refuses an oversized message before reading it', () => {
    expect(rejectionOf(numbers, new Uint8Array(MAX_MESSAGE_SIZE + 1))).toContain(
      `${MAX_MESSAGE_SIZE + 1} bytes exceeds the ${MAX_MESSAGE_SIZE}-byte limit`,
    );
  });

  it('refuses to encode an oversized message', () => {
    const blob = wireCodec<Uint8Array>('Blob', (b) => b, (item) => expectBytes(item, 'blob'));
    expect(blob.decode(blob.encode(new Uint8Array(MAX_MESSAGE_SIZE - 4)))).toHaveLength(MAX_MESSAGE_SIZE - 4);
    expect(() => blob.encode(new Uint8Array(MAX_MESSAGE_SIZE))).toThrow('Blob message of 10485764 bytes exceeds');
  });
});

describe('decodeEach', () => {
  it('labels each element with its index', () => {
    const seen: string[] = [];
    decodeEach(expectList([new Uint8Array(0), new Uint8Array(0)], 'x'), 'item', (_x, what) => seen.push(what));
    expect(seen).toEqual(['item 0', 'item 1']);
  });
});
