import { describe, expect, it } from 'vitest';
import { concatBytes, hexToBytes } from '../common/bytes.js';
import { decodeRlp, encodeRlp, rlpItemSize } from './rlp.js';
import { readRlpItems } from './rlpStream.js';

async function* chunks(data: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function collect(data: Uint8Array, chunkSize: number, max?: number) {
  const out = [];
  for await (const item of readRlpItems(chunks(data, chunkSize), max)) out.push(item);
  return out;
}

const items = [encodeRlp([1n, 2n, new Uint8Array(70).fill(9)]), encodeRlp(hexToBytes('0x7f')), encodeRlp([]), encodeRlp(new Uint8Array(300).fill(1))];
const stream = concatBytes(...items);

describe('rlpItemSize', () => {
  it('reads sizes from prefixes alone', () => {
    for (const item of items) expect(rlpItemSize(item)).toBe(item.length);
    expect(rlpItemSize(hexToBytes('0xb9'))).toBeUndefined();
    expect(() => rlpItemSize(hexToBytes('0xb80a'))).toThrow(/long form/);
    expect(() => rlpItemSize(hexToBytes('0xb90001'))).toThrow(/leading zero/);
  });
});

describe('readRlpItems', () => {
  it.each([1, 3, 64, 4096])('splits concatenated items read in chunks of %i bytes', async (size) => {
    const got = await collect(stream, size);
    expect(got.map((g) => g.bytes)).toEqual(items);
    expect(got.map((g) => g.offset)).toEqual([0, items[0]!.length, items[0]!.length + 1, items[0]!.length + 2]);
    expect(decodeRlp(got[0]!.bytes)).toHaveLength(3);
  });

  it('reports a truncated last item with its offset', async () => {
    await expect(collect(stream.subarray(0, stream.length - 5), 16)).rejects.toThrow(
      `truncated input: the item at byte ${stream.length - 303} has 298 bytes, want 303 bytes`,
    );
  });

  it('refuses an oversized length prefix without waiting for the data', async () => {
    await expect(collect(hexToBytes('0xb910001111'), 4, 1024)).rejects.toThrow(
      'item at byte 0 is 4099 bytes, more than the 1024-byte limit',
    );
    await expect(collect(hexToBytes('0xbf0f00000000000002111111'), 4)).rejects.toThrow(/bad item at byte 0: string length exceeds/);
  });

  it('reports a non-canonical prefix', async () => {
    await expect(collect(hexToBytes('0xb800'), 4)).rejects.toThrow(/bad item at byte 0: leading zero/);
  });
});
