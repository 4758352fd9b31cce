// Installed filters and live subscriptions (geth's eth/filters FilterAPI and EventSystem): both are fed by the
// chain's head and reorg events and the pool's new transactions. Polling filters (eth_newFilter and friends) keep
// what arrived since the last eth_getFilterChanges and are dropped once nobody polled them for `timeoutMs`;
// subscriptions push each item to their callback as it comes. The system listens to the chain and the pool only
// while it has at least one filter or subscription.
import { randomBytes } from 'node:crypto';
import { bytesToHex } from '../common/bytes.js';
import { log as rootLog, type Logger } from '../common/log.js';
import type { ReorgEvent } from '../core/chain/chainEvents.js';
import type { Block } from '../core/types/block.js';
import type { Receipt } from '../core/types/receipt.js';
import type { Transaction } from '../core/types/transaction.js';
import type { RpcBackend, SyncProgress } from './backend.js';
import { serverError, type RpcObject } from './jsonrpc.js';
import { bloomMayMatch, type FilterCriteria } from './logFilter.js';
import { blockLogs } from './logQuery.js';

/** geth's filter timeout: a polling filter not polled for five minutes is removed. */
export const DEFAULT_FILTER_TIMEOUT_MS = 5 * 60 * 1000;

export interface FilterSystemOptions {
  /** Milliseconds a polling filter lives without being polled. */
  timeoutMs: number;
  /** The clock deadlines are measured on (milliseconds); tests pass their own. */
  now: () => number;
  log: Logger;
}

/** geth's rpc.NewID: 16 random bytes in hex, leading zeros dropped. */
export function newFilterId(): string {
  const hex = bytesToHex(new Uint8Array(randomBytes(16))).slice(2).replace(/^0+/, '');
  return `0x${hex === '' ? '0' : hex}`;
}

/** What one filter or subscription wants to hear of; each hook is optional. */
interface Consumer {
  /** A block joined the canonical chain (each block of a reorg's new branch, and every new head). */
  added?(block: Block, receipts: () => readonly Receipt[]): void;
  /** A block left the canonical chain (reorg), newest first. */
  removed?(block: Block, receipts: () => readonly Receipt[]): void;
  newTransactions?(txs: readonly Transaction[]): void;
  /** A sync started or moved on (its progress), or ended (undefined). */
  syncing?(progress: SyncProgress | undefined): void;
}

interface PollingFilter {
  consumer: Consumer;
  /** Gathered since the last poll, in JSON form. */
  pending: unknown[];
  deadline: number;
  criteria?: FilterCriteria;
}

export const FILTER_NOT_FOUND = 'filter not found';

/** The live part of a log filter: matching logs of blocks added (and removed, flagged) within its numeric range. */
function logConsumer(criteria: FilterCriteria, push: (log: RpcObject) => void): Consumer {
  const inRange = (block: Block): boolean =>
    (typeof criteria.fromBlock !== 'bigint' || block.number >= criteria.fromBlock) &&
    (typeof criteria.toBlock !== 'bigint' || block.number <= criteria.toBlock);
  const deliver = (block: Block, receipts: () => readonly Receipt[], removed: boolean): void => {
    if (!inRange(block) || !bloomMayMatch(block.header.logsBloom, criteria)) return;
    for (const log of blockLogs(block, receipts(), criteria, removed)) push(log);
  };
  return {
    added: (block, receipts) => deliver(block, receipts, false),
    removed: (block, receipts) => deliver(block, receipts, true),
  };
}

export class FilterSystem {
  readonly options: Readonly<FilterSystemOptions>;
  private readonly consumers = new Set<Consumer>();
  private readonly filters = new Map<string, PollingFilter>();
  private readonly subscriptions = new Map<string, Consumer>();
  private detach: (() => void) | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly backend: RpcBackend,
    options: Partial<FilterSystemOptions> = {},
  ) {
    this.options = { timeoutMs: DEFAULT_FILTER_TIMEOUT_MS, now: Date.now, log: rootLog, ...options };
  }

  // --- polling filters ---

  /** eth_newFilter: logs matching `criteria` from the blocks to come. */
  newLogFilter(criteria: FilterCriteria): string {
    if (
      typeof criteria.fromBlock === 'bigint' &&
      typeof criteria.toBlock === 'bigint' &&
      criteria.fromBlock > criteria.toBlock
    ) {
      throw serverError('invalid block range params');
    }
    return this.install((push) => logConsumer(criteria, push), criteria);
  }

  /** eth_newBlockFilter: hashes of the blocks to come. */
  newBlockFilter(): string {
    return this.install((push) => ({ added: (block) => push(bytesToHex(block.hash)) }));
  }

  /** eth_newPendingTransactionFilter: the transactions the pool is going to admit, each as `format` gives it. */
  newPendingTransactionFilter(format: (tx: Transaction) => unknown): string {
    return this.install((push) => ({
      newTransactions: (txs) => {
        for (const tx of txs) push(format(tx));
      },
    }));
  }

  /** eth_getFilterChanges: what the filter gathered since it was last polled (which restarts its timeout). */
  changes(id: string): unknown[] {
    const filter = this.liveFilter(id);
    filter.deadline = this.options.now() + this.options.timeoutMs;
    const out = filter.pending;
    filter.pending = [];
    return out;
  }

  /** The criteria of a log filter (eth_getFilterLogs); other kinds are "filter not found", as in geth. */
  logCriteria(id: string): FilterCriteria {
    const filter = this.liveFilter(id);
    if (filter.criteria === undefined) throw serverError(FILTER_NOT_FOUND);
    filter.deadline = this.options.now() + this.options.timeoutMs;
    return filter.criteria;
  }

  /** eth_uninstallFilter: whether there was such a filter. */
  uninstall(id: string): boolean {
    this.expire();
    const filter = this.filters.get(id);
    if (filter === undefined) return false;
    this.filters.delete(id);
    this.removeConsumer(filter.consumer);
    return true;
  }

  /** Removes the filters whose deadline passed (also run by a timer while there are filters). */
  expire(): void {
    const now = this.options.now();
    for (const [id, filter] of this.filters) {
      if (filter.deadline <= now) {
        this.filters.delete(id);
        this.removeConsumer(filter.consumer);
      }
    }
  }

  get filterCount(): number {
    return this.filters.size;
  }

  private liveFilter(id: string): PollingFilter {
    this.expire();
    const filter = this.filters.get(id);
    if (filter === undefined) throw serverError(FILTER_NOT_FOUND);
    return filter;
  }

  private install(make: (push: (item: unknown) => void) => Consumer, criteria?: FilterCriteria): string {
    this.expire();
    const id = newFilterId();
    const filter: PollingFilter = {
      consumer: make((item) => filter.pending.push(item)),
      pending: [],
      deadline: this.options.now() + this.options.timeoutMs,
    };
    if (criteria !== undefined) filter.criteria = criteria;
    this.filters.set(id, filter);
    this.addConsumer(filter.consumer);
    if (this.sweeper === undefined) {
      this.sweeper = setInterval(() => this.expire(), this.options.timeoutMs);
      this.sweeper.unref();
    }
    return id;
  }

  // --- subscriptions ---

  /** newHeads: each block joining the canonical chain, as its header object. */
  subscribeNewHeads(send: (block: Block) => void): string {
    return this.subscribe({ added: (block) => send(block) });
  }

  /** logs: each matching log, with removed: true for those of blocks a reorg dropped. */
  subscribeLogs(criteria: FilterCriteria, send: (log: RpcObject) => void): string {
    return this.subscribe(logConsumer(criteria, send));
  }

  /** newPendingTransactions: each transaction the pool admits. */
  subscribePendingTransactions(send: (tx: Transaction) => void): string {
    return this.subscribe({
      newTransactions: (txs) => {
        for (const tx of txs) send(tx);
      },
    });
  }

  /** syncing: each change of the sync's progress, undefined when it ends. */
  subscribeSyncing(send: (progress: SyncProgress | undefined) => void): string {
    return this.subscribe({ syncing: send });
  }

  /** Whether there was such a subscription. */
  unsubscribe(id: string): boolean {
    const consumer = this.subscriptions.get(id);
    if (consumer === undefined) return false;
    this.subscriptions.delete(id);
    this.removeConsumer(consumer);
    return true;
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  private subscribe(consumer: Consumer): string {
    const id = newFilterId();
    this.subscriptions.set(id, consumer);
    this.addConsumer(consumer);
    return id;
  }

  // --- event fan-out ---

  /** Whether the system is listening to the chain and the pool. */
  get listening(): boolean {
    return this.detach !== undefined;
  }

  private addConsumer(consumer: Consumer): void {
    this.consumers.add(consumer);
    if (this.detach !== undefined) return;
    const { chain, txPool } = this.backend;
    const stops = [
      chain.events.on('reorg', (e) => this.onReorg(e)),
      chain.events.on('chainHead', (block) => this.onBlocks([block], 'added')),
      txPool.onNewTransactions((txs) => this.forEach((c) => c.newTransactions?.(txs))),
      this.backend.onSyncProgress?.((progress) => this.forEach((c) => c.syncing?.(progress))) ?? (() => {}),
    ];
    this.detach = () => {
      for (const stop of stops) stop();
    };
  }

  private removeConsumer(consumer: Consumer): void {
    this.consumers.delete(consumer);
    if (this.filters.size === 0 && this.sweeper !== undefined) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
    if (this.consumers.size === 0 && this.detach !== undefined) {
      this.detach();
      this.detach = undefined;
    }
  }

  private onReorg(e: ReorgEvent): void {
    this.onBlocks(e.removed, 'removed');
    // The new head itself follows as a chainHead event.
    this.onBlocks(e.added.slice(0, -1), 'added');
  }

  private onBlocks(blocks: readonly Block[], hook: 'added' | 'removed'): void {
    for (const block of blocks) {
      let receipts: readonly Receipt[] | undefined;
      // Read once per block, and only when a log filter's bloom test lets it through.
      const load = (): readonly Receipt[] => {
        receipts ??= this.backend.chain.getReceipts(block.hash);
        if (receipts === undefined) throw new Error(`receipts of block ${block.number} not found`);
        return receipts;
      };
      this.forEach((c) => c[hook]?.(block, load));
    }
  }

  /** Calls `fn` on every consumer; one that fails is logged and does not keep the others from their items. */
  private forEach(fn: (c: Consumer) => void): void {
    for (const consumer of [...this.consumers]) {
      try {
        fn(consumer);
      } catch (e) {
        this.options.log.error('Filter delivery failed', { err: e });
      }
    }
  }
}
