// The EVM's view of a block (geth's core/evm.go): the BlockContext taken from a header, and BLOCKHASH served by
// walking the block's own ancestry, so a block on a side chain sees its side chain's hashes, not the canonical ones.
import type { Bytes } from '../common/bytes.js';
import { blobScheduleAt, calcBlobBaseFee } from '../consensus/misc/eip4844.js';
import { rulesFor, type ChainConfig, type Rules } from '../params/chainConfig.js';
import type { Header, HeaderFields } from './types/header.js';
import type { BlockContext } from './vm/evm.js';

const ZERO_HASH: Bytes = new Uint8Array(32);

/** BLOCKHASH reaches back this many blocks; older ones read as zero. */
export const BLOCKHASH_WINDOW = 256n;

/** The header fields the EVM context is made of (a header being built has them before it has a hash). */
export type ContextHeader = Pick<
  HeaderFields,
  'number' | 'timestamp' | 'gasLimit' | 'difficulty' | 'mixHash' | 'baseFeePerGas' | 'excessBlobGas'
>;

/**
 * The fork rules a block executes under. As geth does, a zero difficulty marks a post-merge block (its mixHash is
 * then the beacon chain's randomness): execution does not need the total difficulty.
 */
export function blockRules(config: ChainConfig, header: ContextHeader): Rules {
  return rulesFor(config, header.number, header.difficulty === 0n, header.timestamp);
}

/**
 * The block context for executing `header`'s transactions. `coinbase` is the account fees go to: the engine's
 * author of an imported block, the builder's own address for a block being built.
 */
export function newBlockContext(
  config: ChainConfig,
  header: ContextHeader,
  coinbase: Bytes,
  getHash: (n: bigint) => Bytes,
): BlockContext {
  let blobBaseFee = 0n;
  if (header.excessBlobGas !== undefined) {
    const schedule = blobScheduleAt(config, header.timestamp);
    if (schedule === undefined) {
      throw new Error(`block ${header.number} has excessBlobGas but no blob schedule is active at ${header.timestamp}`);
    }
    blobBaseFee = calcBlobBaseFee(header.excessBlobGas, schedule);
  }
  return {
    coinbase,
    number: header.number,
    time: header.timestamp,
    gasLimit: header.gasLimit,
    baseFee: header.baseFeePerGas ?? 0n,
    // Before the merge the EVM reads DIFFICULTY instead and never looks at this.
    prevRandao: header.difficulty === 0n ? header.mixHash : ZERO_HASH,
    difficulty: header.difficulty,
    blobBaseFee,
    getHash,
  };
}

/** Reads stored headers by (hash, number), as the chain and engines' ChainHeaderReader do. */
export interface HeaderSource {
  getHeader(hash: Bytes, number: bigint): Header | undefined;
}

/**
 * BLOCKHASH for a block at `ref.number` whose parent is `ref.parentHash` (geth's GetHashFn): hashes of its own
 * ancestors, found by following parent hashes back and remembered for the rest of the block. Zero for the block
 * itself, later ones, ones more than 256 back (the EVM does not ask for those) and unknown ancestors.
 */
export function ancestorHashFn(
  ref: Pick<HeaderFields, 'number' | 'parentHash'>,
  source: HeaderSource,
): (n: bigint) => Bytes {
  // hashes[i] is the hash of block ref.number - 1 - i.
  const hashes: Bytes[] = [];
  return (n) => {
    if (n >= ref.number || n < 0n) return ZERO_HASH;
    const idx = Number(ref.number - 1n - n);
    if (hashes.length === 0) hashes.push(ref.parentHash);
    while (hashes.length <= idx) {
      const number = ref.number - BigInt(hashes.length);
      const header = source.getHeader(hashes[hashes.length - 1]!, number);
      if (header === undefined) return ZERO_HASH;
      hashes.push(header.parentHash);
    }
    return hashes[idx]!;
  };
}
