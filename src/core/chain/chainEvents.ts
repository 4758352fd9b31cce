// What the chain tells the layers above it (txpool, RPC subscriptions, p2p announcements), as a small typed
// emitter. Events fire after the change is on disk. A listener that throws is logged and does not stop the chain
// or the other listeners.
import { log as rootLog, type Logger } from '../../common/log.js';
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
}

export type ChainEventName = keyof ChainEventMap;
type Listener<K extends ChainEventName> = (payload: ChainEventMap[K]) => void;

export class ChainEvents {
  private readonly listeners: { [K in ChainEventName]: Set<Listener<K>> } = {
    chainHead: new Set(),
    chainSideHead: new Set(),
    reorg: new Set(),
  };

  constructor(private readonly log: Logger = rootLog) {}

  /** Adds a listener; the returned function removes it. */
  on<K extends ChainEventName>(event: K, listener: Listener<K>): () => void {
    this.listeners[event].add(listener);
    return () => this.off(event, listener);
  }

  off<K extends ChainEventName>(event: K, listener: Listener<K>): void {
    this.listeners[event].delete(listener);
  }

  listenerCount(event: ChainEventName): number {
    return this.listeners[event].size;
  }

  emit<K extends ChainEventName>(event: K, payload: ChainEventMap[K]): void {
    for (const listener of [...this.listeners[event]]) {
      try {
        listener(payload);
      } catch (e) {
        this.log.error('Chain event listener failed', { event, err: e });
      }
    }
  }
}
