// Block parameters: a number or tag ("latest", "pending"...), and the EIP-1898 form that also takes a block
// hash, as a bare 32-byte hex string or as {blockHash, requireCanonical} / {blockNumber}.
import type { Bytes } from '../common/bytes.js';
import { decodeBool, decodeHash, decodeObject, decodeUint64, ParamError } from './params.js';

export const BLOCK_TAGS = ['earliest', 'latest', 'pending', 'safe', 'finalized'] as const;
export type BlockTag = (typeof BLOCK_TAGS)[number];

export type BlockNumberOrTag = bigint | BlockTag;

export type BlockRef =
  | { readonly number: BlockNumberOrTag }
  | { readonly hash: Bytes; readonly requireCanonical: boolean };

export const LATEST: BlockRef = { number: 'latest' };

const MAX_INT64 = (1n << 63n) - 1n;

function isTag(s: string): s is BlockTag {
  return (BLOCK_TAGS as readonly string[]).includes(s);
}

export function decodeBlockNumberOrTag(v: unknown): BlockNumberOrTag {
  if (typeof v === 'string' && isTag(v)) return v;
  if (typeof v !== 'string') throw new ParamError(`expected a block number or tag, got ${v === null ? 'null' : typeof v}`);
  const n = decodeUint64(v);
  if (n > MAX_INT64) throw new ParamError('block number larger than int64');
  return n;
}

export function decodeBlockRef(v: unknown): BlockRef {
  if (typeof v === 'string') {
    // A 0x-prefixed 32-byte string is a hash (as geth decides it, by length).
    if (v.length === 66) return { hash: decodeHash(v), requireCanonical: false };
    return { number: decodeBlockNumberOrTag(v) };
  }
  const obj = decodeObject(v);
  for (const key of Object.keys(obj)) {
    if (key !== 'blockHash' && key !== 'blockNumber' && key !== 'requireCanonical') {
      throw new ParamError(`unknown field ${JSON.stringify(key)} (want blockHash, blockNumber or requireCanonical)`);
    }
  }
  const hasHash = obj.blockHash !== undefined && obj.blockHash !== null;
  const hasNumber = obj.blockNumber !== undefined && obj.blockNumber !== null;
  if (hasHash && hasNumber) throw new ParamError('cannot specify both BlockHash and BlockNumber, choose one or the other');
  if (hasHash) {
    const requireCanonical = obj.requireCanonical === undefined ? false : decodeBool(obj.requireCanonical);
    return { hash: decodeHash(obj.blockHash), requireCanonical };
  }
  if (hasNumber) return { number: decodeBlockNumberOrTag(obj.blockNumber) };
  throw new ParamError('invalid arguments; neither block nor hash specified');
}
