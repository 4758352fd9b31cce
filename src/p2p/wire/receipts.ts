// GetReceipts / Receipts: the receipts of whole blocks by block hash. rlp([hash, ...]) / rlp([[receipt, ...], ...])
// with each receipt in its consensus encoding (a legacy one as its list, a typed one as a byte string holding
// type || rlp(list)), so the requester can check them against the header's receipts root. Blocks the server does
// not have are left out.
import type { Bytes } from '../../common/bytes.js';
import { receiptFromRlp, receiptToRlp, type Receipt } from '../../core/types/receipt.js';
import { expectList, type RlpItem } from '../../rlp/rlp.js';
import { decodeEach, expectBoundedList, wireCodec, type WireCodec } from './codec.js';
import { hashListCodec } from './hashList.js';
import { MAX_RECEIPTS_SERVE } from './limits.js';

export const getReceiptsCodec: WireCodec<Bytes[]> = hashListCodec('GetReceipts');

function blockReceiptsFromRlp(item: RlpItem, what: string): Receipt[] {
  return decodeEach(expectList(item, what), `${what} receipt`, receiptFromRlp);
}

export const receiptsCodec: WireCodec<Receipt[][]> = wireCodec<Receipt[][]>(
  'Receipts',
  (blocks) => blocks.map((receipts) => receipts.map(receiptToRlp)),
  (item) => decodeEach(expectBoundedList(item, 'blocks', MAX_RECEIPTS_SERVE), 'block', blockReceiptsFromRlp),
);
