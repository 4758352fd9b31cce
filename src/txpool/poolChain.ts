// What the pool needs from the chain: the head, its state, and head/reorg notifications. Blockchain provides it;
// keeping the interface this narrow keeps the pool off the chain's import and write paths.
import type { Bytes } from '../common/bytes.js';
import type { TypedEmitter } from '../common/typedEmitter.js';
import type { ChainEventMap } from '../core/chain/chainEvents.js';
import type { Header } from '../core/types/header.js';
import type { ChainConfig } from '../params/chainConfig.js';

/** The account fields admission and demotion look at. */
export interface PoolState {
  getNonce(address: Bytes): bigint;
  getBalance(address: Bytes): bigint;
}

export interface TxPoolChain {
  readonly config: ChainConfig;
  readonly currentHeader: Header;
  /** Throws when the state `root` is not stored. */
  stateAt(root: Bytes): PoolState;
  /** The state after `header`'s block (a dev chain's edits included); throws when it is not stored. */
  stateAtHeader(header: Header): PoolState;
  readonly events: Pick<TypedEmitter<ChainEventMap>, 'on'>;
}
