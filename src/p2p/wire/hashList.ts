// A request that is a list of 32-byte hashes (GetBlockBodies, GetReceipts, GetPooledTransactions), bounded to
// MAX_REQUEST_ITEMS.
import type { Bytes } from '../../common/bytes.js';
import { expectFixedBytes, type RlpItem } from '../../rlp/rlp.js';
import { decodeEach, expectBoundedList, wireCodec, type WireCodec } from './codec.js';
import { MAX_REQUEST_ITEMS } from './limits.js';

export function hashListCodec(name: string): WireCodec<Bytes[]> {
  return wireCodec<Bytes[]>(
    name,
    (hashes) => {
      hashes.forEach((h, i) => {
        if (h.length !== 32) throw new Error(`${name}: hash ${i} must be 32 bytes, got ${h.length}`);
      });
      return hashes;
    },
    (item) =>
      decodeEach(expectBoundedList(item, 'hashes', MAX_REQUEST_ITEMS), 'hash', (h: RlpItem, what) =>
        expectFixedBytes(h, what, 32),
      ),
  );
}
