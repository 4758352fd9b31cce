// Splits a byte stream of concatenated RLP items (geth's export format: one block after another) into items,
// holding at most one item in memory. Each item is still decoded strictly by whoever consumes it.
import type { Bytes } from '../common/bytes.js';
import { RlpError, rlpItemSize } from './rlp.js';

export interface StreamItem {
  bytes: Bytes;
  /** Byte offset of the item in the stream, for error messages. */
  offset: number;
}

export async function* readRlpItems(source: AsyncIterable<Uint8Array>, maxItemBytes = 256 * 1024 * 1024): AsyncGenerator<StreamItem> {
  let buf: Uint8Array = new Uint8Array(0);
  let start = 0; // first unread byte of buf
  let offset = 0; // stream offset of buf[start]
  for await (const chunk of source) {
    buf = append(buf.subarray(start), chunk);
    start = 0;
    for (;;) {
      let size: number | undefined;
      try {
        size = rlpItemSize(buf, start);
      } catch (e) {
        throw new RlpError(`bad item at byte ${offset}: ${(e as Error).message.replace(/^rlp: /, '')}`);
      }
      if (size === undefined || start + size > buf.length) {
        if (size !== undefined && size > maxItemBytes) {
          throw new RlpError(`item at byte ${offset} is ${size} bytes, more than the ${maxItemBytes}-byte limit`);
        }
        break;
      }
      yield { bytes: buf.slice(start, start + size), offset };
      start += size;
      offset += size;
    }
  }
  const left = buf.length - start;
  if (left > 0) {
    const size = safeSize(buf, start);
    const want = size === undefined ? 'a complete prefix' : `${size} bytes`;
    throw new RlpError(`truncated input: the item at byte ${offset} has ${left} bytes, want ${want}`);
  }
}

function safeSize(buf: Bytes, pos: number): number | undefined {
  try {
    return rlpItemSize(buf, pos);
  } catch {
    return undefined;
  }
}

function append(rest: Bytes, chunk: Uint8Array): Uint8Array {
  if (rest.length === 0) return chunk;
  const out = new Uint8Array(rest.length + chunk.length);
  out.set(rest, 0);
  out.set(chunk, rest.length);
  return out;
}
