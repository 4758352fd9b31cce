// The genesis specification as geth's genesis.json writes it: the chain config, the genesis header's own fields
// and the initial allocation. parseGenesis reads it (numbers as JSON numbers, hex or decimal strings; big
// literals kept exact), genesisToJson writes it back in geth's shape.
import { bytesToHex, EMPTY_BYTES, toQuantity, type Bytes } from '../../common/bytes.js';
import {
  isAbsent,
  JsonFieldError,
  parseAddress,
  parseWord,
  readAddress,
  readHexBytes,
  readObject,
  readUint,
  readWord,
  type JsonObject,
} from '../../common/jsonFields.js';
import { JsonSyntaxError, parseJsonLossless } from '../../common/losslessJson.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { chainConfigFromJson, chainConfigToJson } from '../../params/chainConfigJson.js';

export interface GenesisAccount {
  balance: bigint;
  nonce: bigint;
  code: Bytes;
  /** 32-byte slot (lower-case 0x hex) -> 32-byte value. */
  storage: Map<string, Bytes>;
}

export interface Genesis {
  config: ChainConfig;
  nonce: bigint;
  timestamp: bigint;
  extraData: Bytes;
  /** 0 means "not given": the block gets geth's GenesisGasLimit. */
  gasLimit: bigint;
  /** Absent: 0 on a chain merged at genesis, else geth's GenesisDifficulty. */
  difficulty?: bigint;
  mixHash: Bytes;
  coinbase: Bytes;
  number: bigint;
  gasUsed: bigint;
  parentHash: Bytes;
  baseFeePerGas?: bigint;
  excessBlobGas?: bigint;
  blobGasUsed?: bigint;
  /** Address (lower-case 0x hex) -> account. */
  alloc: Map<string, GenesisAccount>;
}

/** A genesis file that cannot be used; the message names the field. */
export class GenesisFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenesisFormatError';
  }
}

export interface ParseGenesisOptions {
  /** Used when the file has no `config` (the old GenesisTests have none); without it a missing config is an error. */
  defaultConfig?: ChainConfig;
}

const ZERO_HASH = new Uint8Array(32);
const ZERO_ADDRESS = new Uint8Array(20);

/** Parses genesis JSON text, or an already parsed value (which must not have lost big-number digits). */
export function parseGenesis(input: string | unknown, options: ParseGenesisOptions = {}): Genesis {
  try {
    const value = typeof input === 'string' ? parseJsonLossless(input) : input;
    return readGenesis(value, options);
  } catch (e) {
    if (e instanceof JsonFieldError || e instanceof JsonSyntaxError) throw new GenesisFormatError(e.message);
    throw e;
  }
}

function readGenesis(value: unknown, options: ParseGenesisOptions): Genesis {
  const o = readObject(value, 'genesis');
  let config: ChainConfig;
  if (!isAbsent(o.config)) config = chainConfigFromJson(o.config, 'config');
  else if (options.defaultConfig) config = options.defaultConfig;
  else throw new JsonFieldError('config', 'missing (the chain config with at least chainId)');

  const uint = (key: string, bits: number, fallback: bigint) => (isAbsent(o[key]) ? fallback : readUint(o[key], key, bits));
  const optUint = (key: string, bits: number) => (isAbsent(o[key]) ? undefined : readUint(o[key], key, bits));
  return {
    config,
    nonce: uint('nonce', 64, 0n),
    timestamp: uint('timestamp', 64, 0n),
    extraData: isAbsent(o.extraData) ? EMPTY_BYTES : readHexBytes(o.extraData, 'extraData'),
    gasLimit: uint('gasLimit', 64, 0n),
    difficulty: optUint('difficulty', 256),
    mixHash: isAbsent(o.mixHash) ? ZERO_HASH : readHexBytes(o.mixHash, 'mixHash', 32),
    coinbase: isAbsent(o.coinbase) ? ZERO_ADDRESS : readAddress(o.coinbase, 'coinbase'),
    number: uint('number', 64, 0n),
    gasUsed: uint('gasUsed', 64, 0n),
    parentHash: isAbsent(o.parentHash) ? ZERO_HASH : readHexBytes(o.parentHash, 'parentHash', 32),
    baseFeePerGas: optUint('baseFeePerGas', 256),
    excessBlobGas: optUint('excessBlobGas', 64),
    blobGasUsed: optUint('blobGasUsed', 64),
    alloc: isAbsent(o.alloc) ? new Map() : readAlloc(o.alloc),
  };
}

function readAlloc(value: unknown): Map<string, GenesisAccount> {
  const alloc = new Map<string, GenesisAccount>();
  for (const [key, raw] of Object.entries(readObject(value, 'alloc'))) {
    const address = bytesToHex(parseAddress(key, `alloc.${key}`));
    if (alloc.has(address)) throw new JsonFieldError(`alloc.${key}`, `address ${address} is given twice`);
    alloc.set(address, readAccount(raw, `alloc.${key}`));
  }
  return alloc;
}

function readAccount(value: unknown, field: string): GenesisAccount {
  const o = readObject(value, field);
  const storage = new Map<string, Bytes>();
  if (!isAbsent(o.storage)) {
    for (const [slot, v] of Object.entries(readObject(o.storage, `${field}.storage`))) {
      const key = bytesToHex(parseWord(slot, `${field}.storage.${slot}`));
      if (storage.has(key)) throw new JsonFieldError(`${field}.storage.${slot}`, `slot ${key} is given twice`);
      storage.set(key, readWord(v, `${field}.storage.${slot}`));
    }
  }
  // `wei` is the old cpp-ethereum name for the balance, still used by the GenesisTests vectors.
  if (!isAbsent(o.balance) && !isAbsent(o.wei)) throw new JsonFieldError(`${field}.wei`, 'given together with balance');
  const balanceKey = isAbsent(o.wei) ? 'balance' : 'wei';
  return {
    balance: isAbsent(o[balanceKey]) ? 0n : readUint(o[balanceKey], `${field}.${balanceKey}`),
    nonce: isAbsent(o.nonce) ? 0n : readUint(o.nonce, `${field}.nonce`, 64),
    code: isAbsent(o.code) ? EMPTY_BYTES : readHexBytes(o.code, `${field}.code`),
    storage,
  };
}

/**
 * The genesis in geth's JSON shape (as `geth dumpgenesis` prints it): header fields as hex quantities, alloc keyed
 * by unprefixed lower-case address. Feed it to stringifyJsonLossless: config numbers are bigints.
 */
export function genesisToJson(g: Genesis): JsonObject {
  const alloc: JsonObject = {};
  for (const [address, a] of g.alloc) {
    const account: JsonObject = {};
    if (a.code.length > 0) account.code = bytesToHex(a.code);
    if (a.storage.size > 0) {
      const storage: JsonObject = {};
      for (const [slot, v] of a.storage) storage[slot] = bytesToHex(v);
      account.storage = storage;
    }
    account.balance = toQuantity(a.balance);
    if (a.nonce !== 0n) account.nonce = toQuantity(a.nonce);
    alloc[address.slice(2)] = account;
  }
  return {
    config: chainConfigToJson(g.config),
    nonce: toQuantity(g.nonce),
    timestamp: toQuantity(g.timestamp),
    extraData: bytesToHex(g.extraData),
    gasLimit: toQuantity(g.gasLimit),
    difficulty: g.difficulty === undefined ? undefined : toQuantity(g.difficulty),
    mixHash: bytesToHex(g.mixHash),
    coinbase: bytesToHex(g.coinbase),
    alloc,
    number: toQuantity(g.number),
    gasUsed: toQuantity(g.gasUsed),
    parentHash: bytesToHex(g.parentHash),
    baseFeePerGas: g.baseFeePerGas === undefined ? undefined : toQuantity(g.baseFeePerGas),
    excessBlobGas: g.excessBlobGas === undefined ? undefined : toQuantity(g.excessBlobGas),
    blobGasUsed: g.blobGasUsed === undefined ? undefined : toQuantity(g.blobGasUsed),
  };
}
