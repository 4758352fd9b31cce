// Contract code, keyed by its keccak256 hash (content-addressed: many accounts can share one entry).
import type { Bytes } from '../../common/bytes.js';
import type { KeyValueReader, KeyValueWriter } from '../../db/keyValueStore.js';
import { codeKey } from '../../db/schema.js';

export function writeCode(writer: KeyValueWriter, codeHash: Bytes, code: Bytes): void {
  writer.put(codeKey(codeHash), code);
}

export function readCode(reader: KeyValueReader, codeHash: Bytes): Bytes | undefined {
  return reader.get(codeKey(codeHash));
}
