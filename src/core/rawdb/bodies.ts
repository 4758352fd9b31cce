// Block bodies (transactions, ommers, withdrawals), stored as their RLP and keyed like headers by (number, hash).
import { bytesToHex, type Bytes } from '../../common/bytes.js';
import type { KeyValueReader, KeyValueWriter } from '../../db/keyValueStore.js';
import { bodyKey } from '../../db/schema.js';
import { decodeBody, encodeBody, type Body } from '../types/block.js';
import { corrupt } from './corruption.js';

export function writeBody(writer: KeyValueWriter, hash: Bytes, number: bigint, body: Body): void {
  writer.put(bodyKey(number, hash), encodeBody(body));
}

export function readBody(reader: KeyValueReader, hash: Bytes, number: bigint): Body | undefined {
  const data = reader.get(bodyKey(number, hash));
  if (data === undefined) return undefined;
  try {
    return decodeBody(data);
  } catch (e) {
    throw corrupt(`body of ${number} ${bytesToHex(hash)}`, e);
  }
}

export function deleteBody(writer: KeyValueWriter, hash: Bytes, number: bigint): void {
  writer.delete(bodyKey(number, hash));
}
