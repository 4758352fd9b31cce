// GetBlockHeaders / BlockHeaders: a run of headers from an origin (a hash or a number), `amount` of them, every
// (skip + 1)th, towards genesis when `reverse`. rlp([origin, amount, skip, reverse]) / rlp([header, ...]).
import type { Bytes } from '../../common/bytes.js';
import { headerFromRlp, headerToRlp, type Header } from '../../core/types/header.js';
import { expectBytes, expectList, expectUint, RlpError, type RlpItem } from '../../rlp/rlp.js';
import { decodeEach, expectBoundedList, wireCodec, type WireCodec } from './codec.js';
import { MAX_HEADERS_SERVE, MAX_REQUEST_ITEMS } from './limits.js';

export interface GetBlockHeaders {
  /** A 32-byte block hash, or a block number (of the canonical chain). */
  origin: Bytes | bigint;
  /** How many headers; at most MAX_REQUEST_ITEMS. */
  amount: number;
  /** Headers left out between two returned ones (a uint64). */
  skip: bigint;
  /** Towards genesis instead of towards the head. */
  reverse: boolean;
}

/** As geth's HashOrNumber: a 32-byte string is a hash, anything else must be a canonical uint64. */
function originFromRlp(item: RlpItem): Bytes | bigint {
  const b = expectBytes(item, 'origin');
  if (b.length === 32) return b;
  return expectUint(item, 'origin (a 32-byte hash or a block number)', 8);
}

function getBlockHeadersFromRlp(item: RlpItem): GetBlockHeaders {
  const [origin, amount, skip, reverse] = expectList(item, 'request', 4) as [RlpItem, RlpItem, RlpItem, RlpItem];
  const count = expectUint(amount, 'amount', 8);
  if (count > BigInt(MAX_REQUEST_ITEMS)) {
    throw new RlpError(`amount: ${count} headers requested, at most ${MAX_REQUEST_ITEMS} allowed`);
  }
  // A bool is 0x80 (false) or 0x01 (true); anything else is not canonical.
  const flag = expectUint(reverse, 'reverse', 1);
  if (flag > 1n) throw new RlpError(`reverse: expected 0 or 1, got ${flag}`);
  return {
    origin: originFromRlp(origin),
    amount: Number(count),
    skip: expectUint(skip, 'skip', 8),
    reverse: flag === 1n,
  };
}

export const getBlockHeadersCodec: WireCodec<GetBlockHeaders> = wireCodec<GetBlockHeaders>(
  'GetBlockHeaders',
  (r) => {
    if (typeof r.origin !== 'bigint' && r.origin.length !== 32) {
      throw new Error(`GetBlockHeaders: origin hash must be 32 bytes, got ${r.origin.length}`);
    }
    return [r.origin, r.amount, r.skip, r.reverse ? 1 : 0];
  },
  getBlockHeadersFromRlp,
);

export const blockHeadersCodec: WireCodec<Header[]> = wireCodec<Header[]>(
  'BlockHeaders',
  (headers) => headers.map(headerToRlp),
  (item) => decodeEach(expectBoundedList(item, 'headers', MAX_HEADERS_SERVE), 'header', headerFromRlp),
);
