// A block's receipts as the RLP list of their consensus encodings, keyed by (number, hash).
import type { Bytes } from '../../common/bytes.js';
import type { KeyValueReader, KeyValueWriter } from '../../db/keyValueStore.js';
import { receiptsKey } from '../../db/schema.js';

export function writeReceiptsRlp(writer: KeyValueWriter, hash: Bytes, number: bigint, rlp: Bytes): void {
  writer.put(receiptsKey(number, hash), rlp);
}

export function readReceiptsRlp(reader: KeyValueReader, hash: Bytes, number: bigint): Bytes | undefined {
  return reader.get(receiptsKey(number, hash));
}

export function deleteReceipts(writer: KeyValueWriter, hash: Bytes, number: bigint): void {
  writer.delete(receiptsKey(number, hash));
}
