// EIP-2124 fork identifiers: FORK_HASH = CRC32 of the genesis hash followed by every fork already passed (each as
// a big-endian uint64), FORK_NEXT = the next fork the node knows of (0 for none). Block-numbered forks come first,
// then timestamp forks (as geth does since Shanghai). Two nodes compare them in the Status handshake and part
// before exchanging anything when their chains have diverged or one of them needs an update.
import { crc32 } from 'node:zlib';
import { bigintToFixedBytes, type Bytes } from '../../common/bytes.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { expectFixedBytes, expectList, expectUint, type RlpInput, type RlpItem } from '../../rlp/rlp.js';

export interface ForkId {
  /** 4 bytes: the CRC32 checksum, big-endian. */
  hash: Bytes;
  /** The next fork's block number or timestamp; 0 when none is known. */
  next: bigint;
}

/** What the checksum starts from: the genesis block's header. */
export interface ForkGenesis {
  readonly hash: Bytes;
  readonly timestamp: bigint;
}

/** The local head the identifier is computed for: a header does. */
export interface ForkHead {
  readonly number: bigint;
  readonly timestamp: bigint;
}

type BlockForkField = Extract<keyof ChainConfig, `${string}Block`>;
type TimeForkField = Extract<keyof ChainConfig, `${string}Time`>;

// Every *Block and *Time field of the config counts, as geth gathers them by name; typing these as records over
// those names makes a fork added to ChainConfig fail to compile until it is listed here.
const BLOCK_FORKS: Record<BlockForkField, true> = {
  homesteadBlock: true,
  daoForkBlock: true,
  eip150Block: true,
  eip155Block: true,
  eip158Block: true,
  byzantiumBlock: true,
  constantinopleBlock: true,
  petersburgBlock: true,
  istanbulBlock: true,
  muirGlacierBlock: true,
  berlinBlock: true,
  londonBlock: true,
  arrowGlacierBlock: true,
  grayGlacierBlock: true,
  mergeNetsplitBlock: true,
};
const TIME_FORKS: Record<TimeForkField, true> = {
  shanghaiTime: true,
  cancunTime: true,
  pragueTime: true,
  osakaTime: true,
  bpo1Time: true,
  bpo2Time: true,
  bpo3Time: true,
  bpo4Time: true,
  bpo5Time: true,
};

const MAX_UINT64 = (1n << 64n) - 1n;
/**
 * A FORK_NEXT above this is a timestamp, not a block number (geth's timestampThreshold, mainnet's launch time):
 * lets a node still on block forks tell that a remote's announced time fork has passed locally.
 */
const TIMESTAMP_THRESHOLD = 1_438_269_973n;

export class ForkIdError extends Error {
  constructor(readonly kind: 'remote-stale' | 'local-incompatible') {
    // geth's wording (forkid.ErrRemoteStale, forkid.ErrLocalIncompatibleOrStale).
    super(kind === 'remote-stale' ? 'remote needs update' : 'local incompatible or needs update');
    this.name = 'ForkIdError';
  }
}

function sortedUnique(values: (bigint | undefined)[]): bigint[] {
  const set = new Set(values.filter((v): v is bigint => v !== undefined));
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The forks that change the identifier, in order: forks at block 0 and time forks at or before genesis are the
 * genesis rules and do not count; forks sharing an activation point count once.
 */
export function gatherForks(config: ChainConfig, genesisTime: bigint): { byBlock: bigint[]; byTime: bigint[] } {
  const byBlock = sortedUnique(Object.keys(BLOCK_FORKS).map((k) => config[k as BlockForkField])).filter((n) => n > 0n);
  const byTime = sortedUnique(Object.keys(TIME_FORKS).map((k) => config[k as TimeForkField])).filter(
    (t) => t > genesisTime,
  );
  return { byBlock, byTime };
}

function checksumUpdate(sum: number, fork: bigint): number {
  return crc32(bigintToFixedBytes(fork, 8), sum);
}

function checksumBytes(sum: number): Bytes {
  return bigintToFixedBytes(BigInt(sum), 4);
}

function checksumOf(hash: Bytes): number {
  return ((hash[0]! << 24) | (hash[1]! << 16) | (hash[2]! << 8) | hash[3]!) >>> 0;
}

/** The identifier of a node whose head is `head`. */
export function computeForkId(config: ChainConfig, genesis: ForkGenesis, head: ForkHead): ForkId {
  const { byBlock, byTime } = gatherForks(config, genesis.timestamp);
  let sum = crc32(genesis.hash);
  for (const fork of byBlock) {
    if (fork > head.number) return { hash: checksumBytes(sum), next: fork };
    sum = checksumUpdate(sum, fork);
  }
  for (const fork of byTime) {
    if (fork > head.timestamp) return { hash: checksumBytes(sum), next: fork };
    sum = checksumUpdate(sum, fork);
  }
  return { hash: checksumBytes(sum), next: 0n };
}

/** Throws a ForkIdError when a remote identifier is incompatible with the local chain. */
export type ForkIdFilter = (remote: ForkId) => void;

/**
 * A validator of remote identifiers against the local chain (EIP-2124's rules); it reads the local head on every
 * call so it stays right as the chain advances. Throws a ForkIdError when the peer must be dropped.
 */
export function forkIdFilter(config: ChainConfig, genesis: ForkGenesis, head: () => ForkHead): ForkIdFilter {
  const { byBlock, byTime } = gatherForks(config, genesis.timestamp);
  const forks = [...byBlock, ...byTime];
  // sums[i] is the checksum with the first i forks applied.
  const sums = [crc32(genesis.hash)];
  for (const fork of forks) sums.push(checksumUpdate(sums[sums.length - 1]!, fork));
  // A sentinel that is never passed ends the scan below; without time forks it compares against the block number.
  forks.push(MAX_UINT64);
  const blockForkCount = byTime.length === 0 ? forks.length : byBlock.length;

  return (remote: ForkId): void => {
    const remoteSum = checksumOf(remote.hash);
    const { number, timestamp } = head();
    for (let i = 0; i < forks.length; i++) {
      const local = i < blockForkCount ? number : timestamp;
      if (local >= forks[i]!) continue;
      // forks[i] is the first fork not yet passed locally, so sums[i] is the local checksum.
      if (sums[i] === remoteSum) {
        // Same state now. Reject only if the remote's next fork has already passed here unknown to us.
        const passed =
          remote.next > 0n && (local >= remote.next || (remote.next > TIMESTAMP_THRESHOLD && timestamp >= remote.next));
        if (passed) throw new ForkIdError('local-incompatible');
        return;
      }
      // The remote is behind on our chain: fine if it knows the fork that comes next for it.
      for (let j = 0; j < i; j++) {
        if (sums[j] === remoteSum) {
          if (forks[j] !== remote.next) throw new ForkIdError('remote-stale');
          return;
        }
      }
      // The remote is ahead on our chain (we are syncing): fine.
      for (let j = i + 1; j < sums.length; j++) if (sums[j] === remoteSum) return;
      throw new ForkIdError('local-incompatible');
    }
    // Only a head at the uint64 maximum passes the sentinel; accept it, as geth does.
  };
}

export function forkIdToRlp(id: ForkId): RlpInput {
  return [id.hash, id.next];
}

export function forkIdFromRlp(item: RlpItem, what = 'forkId'): ForkId {
  const [hash, next] = expectList(item, what, 2) as [RlpItem, RlpItem];
  return { hash: expectFixedBytes(hash, `${what} hash`, 4), next: expectUint(next, `${what} next`, 8) };
}
