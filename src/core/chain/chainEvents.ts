// What the chain tells the layers above it (txpool, RPC subscriptions, p2p announcements), over the common typed
// emitter. Events fire after the change is on disk. A listener that throws is logged and does not stop the chain
// or the other listeners.
import { log as rootLog, type Logger } from '../../common/log.js';
import { TypedEmitter } from '../../common/typedEmitter.js';
import type { Block } from '../types/block.js';

export interface ReorgEvent {
  oldHead: Block;
  newHead: Block;
  /** The last block both chains share. */
  ancestor: Block;
  /** Blocks that left the canonical chain, newest first. */
  removed: Block[];
  /** Blocks that joined it, oldest first (the new head last). */
  added: Block[];
}

export interface ChainEventMap {
  /** A block became the head (each one in turn while a chain is imported). */
  chainHead: Block;
  /** A valid block was stored on a side chain, the head did not move. */
  chainSideHead: Block;
  /** The head moved to another branch; `chainHead` follows for the new head. */
  reorg: ReorgEvent;
  /** Dev chains: the head's state was edited outside any block (anvil_setBalance...); the head did not move. */
  headStateChanged: Block;
}

export type ChainEventName = keyof ChainEventMap;

export class ChainEvents extends TypedEmitter<ChainEventMap> {
  constructor(log: Logger = rootLog) {
    super('Chain event listener failed', log);
  }
}
