// Transaction lookup entries: tx hash -> number of the canonical block that includes it. The block hash comes from
// the canonical index and the position from the block body, so an entry stays this small (as geth's v6 entries).
// Only canonical blocks have entries: a reorg deletes those of the blocks it drops and writes the new ones.
import { bytesToHex, type Bytes } from '../../common/bytes.js';
import type { KeyValueReader, KeyValueWriter } from '../../db/keyValueStore.js';
import { decodeBlockNumber, encodeBlockNumber, txLookupKey } from '../../db/schema.js';
import { corrupt } from './corruption.js';

export function writeTxLookup(writer: KeyValueWriter, txHash: Bytes, blockNumber: bigint): void {
  writer.put(txLookupKey(txHash), encodeBlockNumber(blockNumber));
}

export function readTxLookup(reader: KeyValueReader, txHash: Bytes): bigint | undefined {
  const data = reader.get(txLookupKey(txHash));
  if (data === undefined) return undefined;
  try {
    return decodeBlockNumber(data);
  } catch (e) {
    throw corrupt(`lookup entry of transaction ${bytesToHex(txHash)}`, e);
  }
}

export function deleteTxLookup(writer: KeyValueWriter, txHash: Bytes): void {
  writer.delete(txLookupKey(txHash));
}
