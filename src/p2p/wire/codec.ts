// The shape every wire message shares: a name, an encoder and a strict, bounded decoder. Each message travels
// alone on its own libp2p stream (a request, its response, or a gossip payload), so a message is exactly one RLP
// item with no id or type prefix: the protocol the stream was opened for says what it holds.
import type { Bytes } from '../../common/bytes.js';
import { decodeRlp, encodeRlp, expectList, RlpError, type RlpInput, type RlpItem } from '../../rlp/rlp.js';
import { MAX_MESSAGE_SIZE } from './limits.js';

/** Malformed, oversized or non-canonical bytes from a peer; the message names which protocol message it was. */
export class WireDecodeError extends Error {
  constructor(
    readonly messageName: string,
    reason: string,
  ) {
    super(`invalid ${messageName} message: ${reason}`);
    this.name = 'WireDecodeError';
  }
}

export interface WireCodec<T> {
  /** The protocol message name, as errors and logs show it (e.g. "GetBlockHeaders"). */
  readonly name: string;
  /** Throws when the message would exceed MAX_MESSAGE_SIZE (a peer would refuse it). */
  encode(message: T): Bytes;
  /** Throws a WireDecodeError for anything malformed, non-canonical, oversized or over a count limit. */
  decode(bytes: Bytes): T;
}

function reasonOf(e: unknown): string {
  // Deeply nested lists make the recursive RLP walk overflow the stack: a property of the input, not a bug.
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'RLP nesting too deep';
  return e instanceof Error ? e.message : String(e);
}

export function wireCodec<T>(
  name: string,
  toRlp: (message: T) => RlpInput,
  fromRlp: (item: RlpItem) => T,
): WireCodec<T> {
  return {
    name,
    encode(message: T): Bytes {
      const bytes = encodeRlp(toRlp(message));
      if (bytes.length > MAX_MESSAGE_SIZE) {
        throw new Error(`${name} message of ${bytes.length} bytes exceeds the ${MAX_MESSAGE_SIZE}-byte limit`);
      }
      return bytes;
    },
    decode(bytes: Bytes): T {
      // Checked first, so an oversized message costs nothing to refuse.
      if (bytes.length > MAX_MESSAGE_SIZE) {
        throw new WireDecodeError(name, `${bytes.length} bytes exceeds the ${MAX_MESSAGE_SIZE}-byte limit`);
      }
      try {
        return fromRlp(decodeRlp(bytes));
      } catch (e) {
        throw new WireDecodeError(name, reasonOf(e));
      }
    },
  };
}

/** A list of at most `max` elements. */
export function expectBoundedList(item: RlpItem, what: string, max: number): RlpItem[] {
  const list = expectList(item, what);
  if (list.length > max) throw new RlpError(`${what}: ${list.length} elements, at most ${max} allowed`);
  return list;
}

/** Decodes each element of a list, handing the decoder a label with the element's index for its errors. */
export function decodeEach<T>(list: RlpItem[], label: string, decode: (item: RlpItem, what: string) => T): T[] {
  return list.map((item, i) => decode(item, `${label} ${i}`));
}
