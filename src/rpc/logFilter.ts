// Log filter criteria (geth's filters.FilterCriteria): the JSON object eth_getLogs, eth_newFilter and the "logs"
// subscription take, and the test of one log or one block bloom against it. Addresses are ORed; topics match by
// position, each position a list of alternatives (ORed) where an empty list (from null) matches anything.
import { bytesEqual, type Bytes } from '../common/bytes.js';
import { bloomContains } from '../core/types/bloom.js';
import type { Log } from '../core/types/log.js';
import { decodeBlockNumberOrTag, type BlockNumberOrTag } from './blockParam.js';
import { decodeAddress, decodeField, decodeHash, decodeObject, ParamError, within } from './params.js';

/** geth's limits on one filter's addresses and topic positions. */
export const MAX_FILTER_ADDRESSES = 1000;
export const MAX_FILTER_TOPICS = 4;

export interface FilterCriteria {
  /** EIP-234: the logs of this one block; excludes fromBlock and toBlock. */
  blockHash?: Bytes;
  fromBlock?: BlockNumberOrTag;
  toBlock?: BlockNumberOrTag;
  /** Empty matches every address. */
  addresses: Bytes[];
  /** By position; an empty position matches any topic. A log with fewer topics than positions never matches (geth). */
  topics: Bytes[][];
}

const FIELDS = new Set(['blockHash', 'fromBlock', 'toBlock', 'address', 'topics']);

export function decodeFilterCriteria(v: unknown): FilterCriteria {
  const obj = decodeObject(v);
  for (const key of Object.keys(obj)) {
    if (!FIELDS.has(key)) throw new ParamError(`unknown field ${JSON.stringify(key)}`);
  }
  const blockHash = decodeField(obj, 'blockHash', decodeHash);
  const fromBlock = decodeField(obj, 'fromBlock', decodeBlockNumberOrTag);
  const toBlock = decodeField(obj, 'toBlock', decodeBlockNumberOrTag);
  if (blockHash !== undefined && (fromBlock !== undefined || toBlock !== undefined)) {
    throw new ParamError('cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other');
  }
  const addresses = decodeField(obj, 'address', decodeAddresses) ?? [];
  const topics = decodeField(obj, 'topics', decodeTopics) ?? [];
  const criteria: FilterCriteria = { addresses, topics };
  if (blockHash !== undefined) criteria.blockHash = blockHash;
  if (fromBlock !== undefined) criteria.fromBlock = fromBlock;
  if (toBlock !== undefined) criteria.toBlock = toBlock;
  return criteria;
}

function decodeAddresses(v: unknown): Bytes[] {
  if (typeof v === 'string') return [decodeAddress(v)];
  if (!Array.isArray(v)) throw new ParamError('expected an address or an array of addresses');
  if (v.length > MAX_FILTER_ADDRESSES) throw new ParamError('exceed max addresses');
  return v.map((a, i) => within(`item ${i}`, () => decodeAddress(a)));
}

function decodeTopics(v: unknown): Bytes[][] {
  if (!Array.isArray(v)) throw new ParamError('expected an array of topics');
  if (v.length > MAX_FILTER_TOPICS) throw new ParamError('exceed max topics');
  return v.map((position, i) =>
    within(`position ${i}`, () => {
      if (position === null) return [];
      if (typeof position === 'string') return [decodeHash(position)];
      if (!Array.isArray(position)) throw new ParamError('expected null, a topic or an array of topics');
      // A null among the alternatives makes the whole position a wildcard, as geth reads it.
      if (position.includes(null)) return [];
      return position.map((t, j) => within(`item ${j}`, () => decodeHash(t)));
    }),
  );
}

/** Whether `log` passes the address and topic tests of `criteria` (block range aside). */
export function logMatches(log: Log, criteria: FilterCriteria): boolean {
  const { addresses, topics } = criteria;
  if (addresses.length > 0 && !addresses.some((a) => bytesEqual(a, log.address))) return false;
  if (topics.length > log.topics.length) return false;
  for (let i = 0; i < topics.length; i++) {
    const wanted = topics[i]!;
    if (wanted.length > 0 && !wanted.some((t) => bytesEqual(t, log.topics[i]!))) return false;
  }
  return true;
}

/** False when a block of this bloom cannot hold a matching log (true may be a false positive). */
export function bloomMayMatch(bloom: Bytes, criteria: FilterCriteria): boolean {
  const { addresses, topics } = criteria;
  if (addresses.length > 0 && !addresses.some((a) => bloomContains(bloom, a))) return false;
  for (const wanted of topics) {
    if (wanted.length > 0 && !wanted.some((t) => bloomContains(bloom, t))) return false;
  }
  return true;
}
