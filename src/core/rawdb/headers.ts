// Headers and the indexes around them: header by (number, hash), number by hash, canonical hash by number and
// total difficulty. Writers take a batch so that a caller commits a whole block (or genesis) at once.
import { bytesToHex, type Bytes } from '../../common/bytes.js';
import type { KeyValueReader, KeyValueStore, KeyValueWriter } from '../../db/keyValueStore.js';
import {
  canonicalHashKey,
  decodeBlockNumber,
  encodeBlockNumber,
  headerKey,
  headerNumberKey,
  headerNumberPrefix,
  headerTdKey,
} from '../../db/schema.js';
import { decodeRlp, encodeRlp, expectUint } from '../../rlp/rlp.js';
import { decodeHeader, encodeHeader, type Header } from '../types/header.js';
import { corrupt } from './corruption.js';

/** Stores the header and its hash -> number entry (not the canonical mapping: that is a separate decision). */
export function writeHeader(writer: KeyValueWriter, header: Header): void {
  writer.put(headerKey(header.number, header.hash), encodeHeader(header));
  writer.put(headerNumberKey(header.hash), encodeBlockNumber(header.number));
}

export function readHeader(reader: KeyValueReader, hash: Bytes, number: bigint): Header | undefined {
  const data = reader.get(headerKey(number, hash));
  if (data === undefined) return undefined;
  try {
    return decodeHeader(data);
  } catch (e) {
    throw corrupt(`header ${number} ${bytesToHex(hash)}`, e);
  }
}

/** Removes the header, its hash -> number entry and its total difficulty (rewinding the chain). */
export function deleteHeader(writer: KeyValueWriter, hash: Bytes, number: bigint): void {
  writer.delete(headerKey(number, hash));
  writer.delete(headerTdKey(number, hash));
  writer.delete(headerNumberKey(hash));
}

/** The hashes of every stored header at this height, canonical or not (geth's ReadAllHashes). */
export async function readAllHashes(store: KeyValueStore, number: bigint): Promise<Bytes[]> {
  const prefix = headerNumberPrefix(number);
  const hashes: Bytes[] = [];
  for await (const [key] of store.entries(prefix)) {
    // The TD entries (one byte longer) and the canonical hash entry (no hash) share the prefix.
    if (key.length === prefix.length + 32) hashes.push(key.slice(prefix.length));
  }
  return hashes;
}

export function readHeaderNumber(reader: KeyValueReader, hash: Bytes): bigint | undefined {
  const data = reader.get(headerNumberKey(hash));
  if (data === undefined) return undefined;
  try {
    return decodeBlockNumber(data);
  } catch (e) {
    throw corrupt(`number of block ${bytesToHex(hash)}`, e);
  }
}

export function writeCanonicalHash(writer: KeyValueWriter, hash: Bytes, number: bigint): void {
  writer.put(canonicalHashKey(number), hash);
}

export function deleteCanonicalHash(writer: KeyValueWriter, number: bigint): void {
  writer.delete(canonicalHashKey(number));
}

export function readCanonicalHash(reader: KeyValueReader, number: bigint): Bytes | undefined {
  const data = reader.get(canonicalHashKey(number));
  if (data !== undefined && data.length !== 32) throw corrupt(`canonical hash ${number}`, `${data.length} bytes`);
  return data;
}

export function writeTotalDifficulty(writer: KeyValueWriter, hash: Bytes, number: bigint, td: bigint): void {
  writer.put(headerTdKey(number, hash), encodeRlp(td));
}

export function readTotalDifficulty(reader: KeyValueReader, hash: Bytes, number: bigint): bigint | undefined {
  const data = reader.get(headerTdKey(number, hash));
  if (data === undefined) return undefined;
  try {
    return expectUint(decodeRlp(data), 'total difficulty');
  } catch (e) {
    throw corrupt(`total difficulty of ${number} ${bytesToHex(hash)}`, e);
  }
}
