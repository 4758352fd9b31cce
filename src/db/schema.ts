// The database key layout, after geth's rawdb schema: one-byte prefixes, block numbers as 8-byte big-endian (so
// that key order is block order), hashes as raw 32 bytes. Trie nodes are keyed by their bare 32-byte hash (geth's
// hash scheme); no other key is 32 bytes long, so they cannot collide with the prefixed keys.
import { concatBytes, utf8ToBytes, type Bytes } from '../common/bytes.js';

const UINT64_MAX = (1n << 64n) - 1n;

/** Single-byte prefixes (geth's letters). */
const HEADER_PREFIX = utf8ToBytes('h'); // h + num + hash -> header RLP
const HEADER_TD_SUFFIX = utf8ToBytes('t'); // h + num + hash + t -> total difficulty RLP
const HEADER_HASH_SUFFIX = utf8ToBytes('n'); // h + num + n -> canonical hash
const HEADER_NUMBER_PREFIX = utf8ToBytes('H'); // H + hash -> num (8 bytes)
const BODY_PREFIX = utf8ToBytes('b'); // b + num + hash -> body RLP
const RECEIPTS_PREFIX = utf8ToBytes('r'); // r + num + hash -> receipts RLP
const TX_LOOKUP_PREFIX = utf8ToBytes('l'); // l + tx hash -> block number
const CODE_PREFIX = utf8ToBytes('c'); // c + code hash -> code

/** Singletons: the hash of the head of each chain view. */
export const HEAD_HEADER_KEY: Bytes = utf8ToBytes('LastHeader');
export const HEAD_BLOCK_KEY: Bytes = utf8ToBytes('LastBlock');

const CONFIG_PREFIX = utf8ToBytes('ethereum-config-'); // + genesis hash -> chain config JSON
const GENESIS_PREFIX = utf8ToBytes('ethereum-genesis-'); // + genesis hash -> genesis spec JSON
/** Dev chains only (anvil_setBalance and the like, impersonation): edits made outside any block. */
export const DEV_STATE_PREFIX: Bytes = utf8ToBytes('dev-state-'); // + block hash -> root of the block's edited state
export const DEV_SENDER_PREFIX: Bytes = utf8ToBytes('dev-sender-'); // + tx hash -> sender of an unsigned tx

export function encodeBlockNumber(number: bigint): Bytes {
  if (number < 0n || number > UINT64_MAX) throw new Error(`block number ${number} is not a uint64`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, number);
  return out;
}

export function decodeBlockNumber(bytes: Bytes): bigint {
  if (bytes.length !== 8) throw new Error(`stored block number must be 8 bytes, got ${bytes.length}`);
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
}

function hash32(hash: Bytes, what: string): Bytes {
  if (hash.length !== 32) throw new Error(`${what} must be 32 bytes, got ${hash.length}`);
  return hash;
}

export function headerKey(number: bigint, hash: Bytes): Bytes {
  return concatBytes(headerNumberPrefix(number), hash32(hash, 'block hash'));
}

/** The prefix every header key (and TD key, and the canonical hash key) at this height starts with. */
export function headerNumberPrefix(number: bigint): Bytes {
  return concatBytes(HEADER_PREFIX, encodeBlockNumber(number));
}

export function headerTdKey(number: bigint, hash: Bytes): Bytes {
  return concatBytes(headerKey(number, hash), HEADER_TD_SUFFIX);
}

export function canonicalHashKey(number: bigint): Bytes {
  return concatBytes(HEADER_PREFIX, encodeBlockNumber(number), HEADER_HASH_SUFFIX);
}

export function headerNumberKey(hash: Bytes): Bytes {
  return concatBytes(HEADER_NUMBER_PREFIX, hash32(hash, 'block hash'));
}

export function bodyKey(number: bigint, hash: Bytes): Bytes {
  return concatBytes(BODY_PREFIX, encodeBlockNumber(number), hash32(hash, 'block hash'));
}

export function receiptsKey(number: bigint, hash: Bytes): Bytes {
  return concatBytes(RECEIPTS_PREFIX, encodeBlockNumber(number), hash32(hash, 'block hash'));
}

export function txLookupKey(txHash: Bytes): Bytes {
  return concatBytes(TX_LOOKUP_PREFIX, hash32(txHash, 'transaction hash'));
}

export function codeKey(codeHash: Bytes): Bytes {
  return concatBytes(CODE_PREFIX, hash32(codeHash, 'code hash'));
}

export function trieNodeKey(nodeHash: Bytes): Bytes {
  return hash32(nodeHash, 'trie node hash');
}

export function chainConfigKey(genesisHash: Bytes): Bytes {
  return concatBytes(CONFIG_PREFIX, hash32(genesisHash, 'genesis hash'));
}

export function genesisSpecKey(genesisHash: Bytes): Bytes {
  return concatBytes(GENESIS_PREFIX, hash32(genesisHash, 'genesis hash'));
}

export function devStateKey(blockHash: Bytes): Bytes {
  return concatBytes(DEV_STATE_PREFIX, hash32(blockHash, 'block hash'));
}

export function devSenderKey(txHash: Bytes): Bytes {
  return concatBytes(DEV_SENDER_PREFIX, hash32(txHash, 'transaction hash'));
}
