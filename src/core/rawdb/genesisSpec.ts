// The genesis specification (geth's genesis.json text) under its genesis hash, so that the exact spec a
// database was initialised with can be printed again (dumpgenesis --datadir). Its meaning is the genesis
// module's business; here it is text.
import { bytesToHex, utf8ToBytes, type Bytes } from '../../common/bytes.js';
import type { KeyValueReader, KeyValueWriter } from '../../db/keyValueStore.js';
import { genesisSpecKey } from '../../db/schema.js';
import { corrupt } from './corruption.js';

export function writeGenesisSpec(writer: KeyValueWriter, genesisHash: Bytes, json: string): void {
  writer.put(genesisSpecKey(genesisHash), utf8ToBytes(json));
}

export function readGenesisSpec(reader: KeyValueReader, genesisHash: Bytes): string | undefined {
  const data = reader.get(genesisSpecKey(genesisHash));
  if (data === undefined) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch (e) {
    throw corrupt(`genesis spec of ${bytesToHex(genesisHash)}`, e);
  }
}
