// The singleton pointers to the current heads: the latest known header and the latest fully stored block.
import type { Bytes } from '../../common/bytes.js';
import type { KeyValueReader, KeyValueWriter } from '../../db/keyValueStore.js';
import { HEAD_BLOCK_KEY, HEAD_HEADER_KEY } from '../../db/schema.js';
import { corrupt } from './corruption.js';

function readHash(reader: KeyValueReader, key: Bytes, what: string): Bytes | undefined {
  const data = reader.get(key);
  if (data !== undefined && data.length !== 32) throw corrupt(what, `${data.length} bytes instead of 32`);
  return data;
}

export function readHeadHeaderHash(reader: KeyValueReader): Bytes | undefined {
  return readHash(reader, HEAD_HEADER_KEY, 'head header hash');
}

export function writeHeadHeaderHash(writer: KeyValueWriter, hash: Bytes): void {
  writer.put(HEAD_HEADER_KEY, hash);
}

export function readHeadBlockHash(reader: KeyValueReader): Bytes | undefined {
  return readHash(reader, HEAD_BLOCK_KEY, 'head block hash');
}

export function writeHeadBlockHash(writer: KeyValueWriter, hash: Bytes): void {
  writer.put(HEAD_BLOCK_KEY, hash);
}
