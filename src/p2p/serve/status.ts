// This node's side of the handshake: its Status, and the fork id filter a peer's Status is checked with. Both
// read the chain's head when called, so they stay right as the chain advances.
import type { Block } from '../../core/types/block.js';
import type { Header } from '../../core/types/header.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { computeForkId, forkIdFilter, type ForkIdFilter } from '../wire/forkId.js';
import { WIRE_PROTOCOL_VERSION, type Status } from '../wire/status.js';

/** What the handshake reads from the chain; core's Blockchain satisfies it. */
export interface StatusChain {
  readonly config: ChainConfig;
  readonly genesis: Block;
  readonly currentHeader: Header;
  /** Total difficulty of the head. */
  readonly currentTd: bigint;
}

export function localStatus(chain: StatusChain, networkId: bigint): Status {
  const head = chain.currentHeader;
  return {
    protocolVersion: WIRE_PROTOCOL_VERSION,
    networkId,
    chainId: chain.config.chainId,
    totalDifficulty: chain.currentTd,
    headHash: head.hash,
    headNumber: head.number,
    genesisHash: chain.genesis.hash,
    forkId: computeForkId(chain.config, chain.genesis.header, head),
  };
}

export function localForkIdFilter(chain: StatusChain): ForkIdFilter {
  return forkIdFilter(chain.config, chain.genesis.header, () => chain.currentHeader);
}
