// The chain config, stored as geth's JSON under the genesis hash it belongs to.
import { bytesToHex, utf8ToBytes, type Bytes } from '../../common/bytes.js';
import { parseJsonLossless, stringifyJsonLossless } from '../../common/losslessJson.js';
import type { KeyValueReader, KeyValueWriter } from '../../db/keyValueStore.js';
import { chainConfigKey } from '../../db/schema.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { chainConfigFromJson, chainConfigToJson } from '../../params/chainConfigJson.js';
import { corrupt } from './corruption.js';
import { readCanonicalHash } from './headers.js';

export function writeChainConfig(writer: KeyValueWriter, genesisHash: Bytes, config: ChainConfig): void {
  writer.put(chainConfigKey(genesisHash), utf8ToBytes(stringifyJsonLossless(chainConfigToJson(config), 0)));
}

export function readChainConfig(reader: KeyValueReader, genesisHash: Bytes): ChainConfig | undefined {
  const data = reader.get(chainConfigKey(genesisHash));
  if (data === undefined) return undefined;
  try {
    return chainConfigFromJson(parseJsonLossless(new TextDecoder().decode(data)));
  } catch (e) {
    throw corrupt(`chain config of genesis ${bytesToHex(genesisHash)}`, e);
  }
}

/** The config of the chain the store holds (the one of its genesis block); undefined for an empty store. */
export function readStoredChainConfig(reader: KeyValueReader): ChainConfig | undefined {
  const genesisHash = readCanonicalHash(reader, 0n);
  return genesisHash === undefined ? undefined : readChainConfig(reader, genesisHash);
}
