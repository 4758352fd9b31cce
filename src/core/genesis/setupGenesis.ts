// Putting a genesis into a database: everything in one batch (state nodes, code, header, body, receipts, total
// difficulty, canonical hash, head pointers, chain config, the spec itself), so a crash leaves either no genesis
// or all of it. A database that already has a genesis keeps it; a different one is refused.
import { bytesEqual, bytesToHex, type Bytes } from '../../common/bytes.js';
import { stringifyJsonLossless } from '../../common/losslessJson.js';
import type { KeyValueReader, KeyValueStore } from '../../db/keyValueStore.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { writeBody } from '../rawdb/bodies.js';
import { writeChainConfig } from '../rawdb/chainConfig.js';
import { readGenesisSpec, writeGenesisSpec } from '../rawdb/genesisSpec.js';
import { readCanonicalHash, writeCanonicalHash, writeHeader, writeTotalDifficulty } from '../rawdb/headers.js';
import { writeHeadBlockHash, writeHeadHeaderHash } from '../rawdb/heads.js';
import { writeReceiptsRlp } from '../rawdb/receipts.js';
import type { Header } from '../types/header.js';
import { genesisToJson, parseGenesis, type Genesis } from './genesis.js';
import { genesisBlock } from './genesisBlock.js';
import { buildGenesisState } from './genesisState.js';

export class GenesisMismatchError extends Error {
  constructor(
    readonly stored: Bytes,
    readonly given: Bytes,
  ) {
    super(`database contains incompatible genesis (have ${bytesToHex(stored)}, new ${bytesToHex(given)})`);
    this.name = 'GenesisMismatchError';
  }
}

/** Writes the genesis block and state in one atomic batch and returns the genesis header. */
export async function commitGenesis(store: KeyValueStore, genesis: Genesis): Promise<Header> {
  const batch = store.batch();
  const stateRoot = buildGenesisState(genesis.alloc, batch);
  const block = genesisBlock(genesis, stateRoot);
  const { header } = block;
  writeHeader(batch, header);
  writeTotalDifficulty(batch, header.hash, header.number, header.difficulty);
  writeBody(batch, header.hash, header.number, block.body);
  writeReceiptsRlp(batch, header.hash, header.number, encodeRlp([]));
  writeCanonicalHash(batch, header.hash, header.number);
  writeHeadHeaderHash(batch, header.hash);
  writeHeadBlockHash(batch, header.hash);
  writeChainConfig(batch, header.hash, genesis.config);
  writeGenesisSpec(batch, header.hash, stringifyJsonLossless(genesisToJson(genesis), 0));
  await batch.write();
  return header;
}

export interface GenesisSetup {
  header: Header;
  /** False when the database already held this genesis and nothing was written. */
  written: boolean;
}

/**
 * Makes sure `store` holds `genesis`: writes it into an empty database, accepts a database that already has the
 * same genesis block, and throws GenesisMismatchError when it has another one.
 */
export async function setupGenesis(store: KeyValueStore, genesis: Genesis): Promise<GenesisSetup> {
  const stored = readCanonicalHash(store, 0n);
  if (stored === undefined) return { header: await commitGenesis(store, genesis), written: true };
  const { header } = genesisBlock(genesis);
  if (!bytesEqual(stored, header.hash)) throw new GenesisMismatchError(stored, header.hash);
  return { header, written: false };
}

/** The genesis spec a database was initialised with, or undefined for a database without one. */
export function readStoredGenesis(reader: KeyValueReader): Genesis | undefined {
  const hash = readCanonicalHash(reader, 0n);
  if (hash === undefined) return undefined;
  const spec = readGenesisSpec(reader, hash);
  if (spec === undefined) throw new Error(`database has genesis ${bytesToHex(hash)} but not its spec`);
  return parseGenesis(spec);
}
