// The chain configuration as geth's genesis.json spells it, and the fork rules derived from it.
// Block-numbered forks up to the merge, timestamp-activated forks (Shanghai on) after it.
import type { BlobScheduleEntry } from './protocolFees.js';

export interface CliqueConfig {
  period: number;
  epoch: number;
}

/** The forks that carry a blob schedule (EIP-7840), in activation order, as genesis.json names them. */
export const BLOB_SCHEDULE_FORKS = ['cancun', 'prague', 'osaka', 'bpo1', 'bpo2', 'bpo3', 'bpo4', 'bpo5'] as const;
export type BlobScheduleFork = (typeof BLOB_SCHEDULE_FORKS)[number];

export interface ChainConfig {
  chainId: bigint;
  homesteadBlock?: bigint;
  daoForkBlock?: bigint;
  daoForkSupport?: boolean;
  eip150Block?: bigint;
  eip155Block?: bigint;
  eip158Block?: bigint;
  byzantiumBlock?: bigint;
  constantinopleBlock?: bigint;
  petersburgBlock?: bigint;
  istanbulBlock?: bigint;
  muirGlacierBlock?: bigint;
  berlinBlock?: bigint;
  londonBlock?: bigint;
  arrowGlacierBlock?: bigint;
  grayGlacierBlock?: bigint;
  mergeNetsplitBlock?: bigint;
  shanghaiTime?: bigint;
  cancunTime?: bigint;
  pragueTime?: bigint;
  osakaTime?: bigint;
  /** Blob-parameter-only forks (EIP-7892): each changes nothing but the blob schedule. */
  bpo1Time?: bigint;
  bpo2Time?: bigint;
  bpo3Time?: bigint;
  bpo4Time?: bigint;
  bpo5Time?: bigint;
  terminalTotalDifficulty?: bigint;
  terminalTotalDifficultyPassed?: boolean;
  depositContractAddress?: string;
  clique?: CliqueConfig;
  /** Whether the chain was configured with an ethash section (proof-of-work before the merge). */
  ethash?: boolean;
  blobSchedule?: Partial<Record<BlobScheduleFork, BlobScheduleEntry>>;
}

/** Which forks are active for one block: every consensus rule asks this, never the raw config. */
export interface Rules {
  chainId: bigint;
  isHomestead: boolean;
  isEIP150: boolean;
  isEIP155: boolean;
  isEIP158: boolean;
  isByzantium: boolean;
  isConstantinople: boolean;
  isPetersburg: boolean;
  isIstanbul: boolean;
  isBerlin: boolean;
  isLondon: boolean;
  isMerge: boolean;
  isShanghai: boolean;
  isCancun: boolean;
  isPrague: boolean;
}

function activeAt(fork: bigint | undefined, number: bigint): boolean {
  return fork !== undefined && fork <= number;
}

export function isLondon(config: ChainConfig, number: bigint): boolean {
  return activeAt(config.londonBlock, number);
}

/**
 * Rules for a block. `isMerge` is the caller's knowledge of whether the block is past the terminal total
 * difficulty (a header alone cannot tell); timestamp forks only count after the merge, as in geth.
 */
export function rulesFor(config: ChainConfig, number: bigint, isMerge: boolean, time: bigint): Rules {
  // A clique chain runs the timestamp forks without a merge: our PoA devnets run through Cancun (geth's clique
  // stops at London).
  const timed = isMerge || config.clique !== undefined;
  const timeActive = (fork: bigint | undefined) => timed && fork !== undefined && fork <= time;
  return {
    chainId: config.chainId,
    isHomestead: activeAt(config.homesteadBlock, number),
    isEIP150: activeAt(config.eip150Block, number),
    isEIP155: activeAt(config.eip155Block, number),
    isEIP158: activeAt(config.eip158Block, number),
    isByzantium: activeAt(config.byzantiumBlock, number),
    isConstantinople: activeAt(config.constantinopleBlock, number),
    isPetersburg: activeAt(config.petersburgBlock, number),
    isIstanbul: activeAt(config.istanbulBlock, number),
    isBerlin: activeAt(config.berlinBlock, number),
    isLondon: activeAt(config.londonBlock, number),
    isMerge,
    isShanghai: timeActive(config.shanghaiTime),
    isCancun: timeActive(config.cancunTime),
    isPrague: timeActive(config.pragueTime),
  };
}

/** True when the chain starts merged: a terminal total difficulty of zero (as dev and test chains do). */
export function isMergedAtGenesis(config: ChainConfig): boolean {
  return config.terminalTotalDifficulty === 0n;
}
