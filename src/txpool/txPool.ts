// The transaction pool (geth's core/txpool/legacypool): transactions waiting for a block, per account in two
// lists. Pending holds the executable run (contiguous nonces from the account's state nonce), queued the rest
// (future nonces, waiting for a gap to fill). New transactions enter the queue (or replace a pending one of the
// same nonce) and are promoted as soon as they are executable; each new head re-checks everything against its
// state: what the block used is dropped, what became unaffordable is dropped or demoted, and the transactions of
// blocks that left the canonical chain come back. Limits per account and overall keep the pool bounded; when it is
// full the cheapest remote transactions make room for better ones.
//
// Unlike geth's, this pool does its maintenance synchronously within add() and the head change, so every call
// sees a consistent pool. Head changes are applied lazily: a burst of chain events (a sync importing many blocks)
// costs one re-check, made on the next event-loop turn or by the next call, whichever comes first.
import { bytesEqual, bytesToHex, hexToBytes, type Bytes } from '../common/bytes.js';
import { log as rootLog, type Logger } from '../common/log.js';
import { TypedEmitter } from '../common/typedEmitter.js';
import { calcBaseFee } from '../consensus/misc/eip1559.js';
import type { ReorgEvent } from '../core/chain/chainEvents.js';
import type { Block } from '../core/types/block.js';
import type { Header } from '../core/types/header.js';
import type { Transaction } from '../core/types/transaction.js';
import { BLOB_TX_TYPE } from '../core/types/txData.js';
import { txSender } from '../core/types/txSigner.js';
import { EMPTY_TRIE_ROOT } from '../crypto/keccak.js';
import { isLondon } from '../params/chainConfig.js';
import { sanitizeConfig, type TxPoolConfig } from './config.js';
import { alreadyKnown, poolFull, replaceUnderpriced, TxPoolError, underpriced } from './errors.js';
import { TxJournal } from './journal.js';
import { Noncer } from './noncer.js';
import type { PoolState, TxPoolChain } from './poolChain.js';
import { PricedList } from './pricedList.js';
import { TransactionsByPriceAndNonce } from './transactionsByPriceAndNonce.js';
import { numSlots, TxLookup, txKey, type PooledTx } from './txLookup.js';
import { TxList } from './txList.js';
import { validateTxBasics, validateTxWithState } from './validation.js';

/** How often queued transactions are checked for expiry. */
const EVICTION_INTERVAL_MS = 60_000;
/** Transactions of a reorg deeper than this are not re-injected (geth's limit: such reorgs happen while syncing). */
const MAX_REINJECT_DEPTH = 64;

export interface TxPoolOptions {
  chain: TxPoolChain;
  config?: Partial<TxPoolConfig>;
  log?: Logger;
  /** The clock in milliseconds; injectable so tests can age transactions. */
  now?: () => number;
}

export interface AddOptions {
  /** From this node's user (RPC), not the network: exempt from the price limit and price eviction, journaled. */
  local?: boolean;
}

export type AddResult = { ok: true; hash: Bytes } | { ok: false; error: TxPoolError };

export type TxStatus = 'pending' | 'queued' | 'unknown';

/** Transactions per sender (address in lowercase hex), by ascending nonce. */
export type TxsByAccount = Map<string, Transaction[]>;

export interface PendingFilter {
  /** The base fee of the block being built: each account's run stops at the first transaction that cannot pay it. */
  baseFee?: bigint;
  /** The run also stops at the first transaction whose tip (effective tip under the base fee) is below this. */
  minTip?: bigint;
}

export interface TxPoolEventMap {
  /** Transactions that became executable (new, promoted, re-injected, replacing a pending one), by account, nonce. */
  newTxs: Transaction[];
}

export class TxPool {
  readonly config: TxPoolConfig;
  readonly events: TypedEmitter<TxPoolEventMap>;
  readonly #chain: TxPoolChain;
  readonly #log: Logger;
  readonly #now: () => number;

  #head: Header;
  #state: PoolState;
  #pendingNonces: Noncer;
  readonly #pending = new Map<string, TxList>();
  readonly #queue = new Map<string, TxList>();
  /** Per account with queued transactions: the last time one of its transactions was promoted (or first queued). */
  readonly #beats = new Map<string, number>();
  readonly #all = new TxLookup();
  readonly #priced: PricedList;
  readonly #locals = new Set<string>();
  readonly #journal: TxJournal | undefined;
  /** Transactions evicted to make room since the last maintenance run (limits churn within one batch). */
  #changesSinceReorg = 0;

  /** The head to re-check the pool against, when the chain moved since the last re-check. */
  #resetHead: Header | undefined;
  /** Transactions of blocks that left the canonical chain and did not come back, to re-inject at the re-check. */
  readonly #lost = new Map<string, Transaction>();
  #resetTimer: NodeJS.Immediate | undefined;
  /** Transactions to announce when the current operation ends, per account and nonce. */
  #announce = new Map<string, Map<bigint, Transaction>>();
  #unsubscribe: Array<() => void> = [];
  #timers: NodeJS.Timeout[] = [];
  #started = false;

  constructor(options: TxPoolOptions) {
    this.#chain = options.chain;
    this.#log = options.log ?? rootLog;
    this.#now = options.now ?? Date.now;
    this.config = sanitizeConfig(options.config ?? {}, this.#log);
    this.events = new TypedEmitter<TxPoolEventMap>('Transaction pool event listener failed', this.#log);
    for (const address of this.config.locals) this.#locals.add(bytesToHex(address));
    this.#head = this.#chain.currentHeader;
    this.#state = this.#openHeadState(this.#head);
    this.#pendingNonces = new Noncer(this.#state);
    this.#priced = new PricedList(this.#all);
    this.#updateBaseFee();
    if (this.config.journal !== undefined && (!this.config.noLocals || this.#locals.size > 0)) {
      this.#journal = new TxJournal(this.config.journal, this.#log);
    }
  }

  // --- lifecycle ---

  /** Follows the chain, starts the expiry and journal timers, and reloads the journaled local transactions. */
  async start(): Promise<void> {
    if (this.#started) throw new Error('transaction pool already started');
    this.#started = true;
    const events = this.#chain.events;
    // The chain may have moved since the pool was made.
    const head = this.#chain.currentHeader;
    if (!bytesEqual(head.hash, this.#head.hash)) this.#resetHead = head;
    this.#unsubscribe.push(
      events.on('reorg', (e) => this.#onReorg(e)),
      events.on('chainHead', (b) => this.#onChainHead(b)),
      // A dev chain's head state edited outside blocks (anvil_setBalance...): re-checked as for a new head.
      events.on('headStateChanged', (b) => this.#onChainHead(b)),
    );
    this.#every(EVICTION_INTERVAL_MS, 'expiry', () => this.evictExpired());
    const journal = this.#journal;
    if (journal !== undefined) {
      await journal.load((txs) => this.add(txs, { local: true }).filter((r) => !r.ok).length);
      const rejournal = (): void => journal.rotate(this.#localTransactions());
      rejournal();
      this.#every(this.config.rejournal, 'journal', rejournal);
    }
  }

  /** Stops following the chain and the timers; rewrites the journal with the local transactions still pooled. */
  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    if (this.#resetTimer !== undefined) clearImmediate(this.#resetTimer);
    this.#resetTimer = undefined;
    if (this.#journal !== undefined) {
      this.#journal.rotate(this.#localTransactions());
      this.#journal.close();
    }
    this.#log.info('Transaction pool stopped');
  }

  // --- adding ---

  /**
   * Validates and pools each transaction; the results are in the order given. Executable ones are announced
   * (event 'newTxs') before this returns.
   */
  add(txs: readonly Transaction[], options: AddOptions = {}): AddResult[] {
    this.#applyReset();
    const local = options.local === true && !this.config.noLocals;
    const dirty = new Set<string>();
    const results = txs.map((tx): AddResult => {
      try {
        // The cheap check first: a known transaction costs no signature recovery.
        if (this.#all.get(txKey(tx)) !== undefined) throw alreadyKnown();
        const sender = validateTxBasics(tx, this.#head, this.#chain.config);
        const { from, replaced } = this.#insert(tx, sender, local, this.config.priceLimit);
        if (!replaced) dirty.add(from);
        return { ok: true, hash: tx.hash };
      } catch (e) {
        if (!(e instanceof TxPoolError)) throw e;
        this.#log.trace('Discarding transaction', { hash: tx.hash, err: e });
        return { ok: false, error: e };
      }
    });
    this.#maintain(this.#promoteExecutables(dirty));
    return results;
  }

  /**
   * Puts a validated transaction into the pool (geth's LegacyPool.add after the basic checks): the state checks,
   * room made by evicting cheaper ones when full, then into pending as a replacement or into the queue.
   */
  #insert(tx: Transaction, sender: Bytes, local: boolean, minTip: bigint): { from: string; replaced: boolean } {
    const from = bytesToHex(sender);
    const isLocal = local || this.#locals.has(from);
    if (!isLocal && tx.gasTipCap < minTip) throw underpriced(`gas tip cap ${tx.gasTipCap}, minimum needed ${minTip}`);
    validateTxWithState(tx, sender, this.#state, this.#pending.get(from));

    const capacity = this.config.globalSlots + this.config.globalQueue;
    if (this.#all.slots + numSlots(tx) > capacity) this.#makeRoom(tx, from, isLocal, capacity);

    const entry: PooledTx = { tx, sender, senderKey: from, local: isLocal, time: this.#now() };
    const pending = this.#pending.get(from);
    let replaced: boolean;
    if (pending?.has(tx.nonce)) {
      const { inserted, old } = pending.add(tx, this.config.priceBump);
      if (!inserted) throw replaceUnderpriced();
      this.#dropReplaced(old);
      this.#all.add(entry);
      this.#priced.put(tx, isLocal);
      this.#queueAnnouncement(from, tx);
      this.#beats.set(from, this.#now());
      replaced = true;
    } else {
      replaced = this.#enqueue(tx, from, entry);
    }
    if (local && !this.#locals.has(from)) {
      this.#log.info('Setting new local account', { address: sender });
      this.#locals.add(from);
      // Its pooled remote transactions turn local too, which leaves their price entries stale.
      this.#priced.removed(this.#all.markLocal(from));
    }
    if (this.#locals.has(from)) this.#journal?.insert(tx);
    return { from, replaced };
  }

  /** Evicts the cheapest remote transactions to fit `tx` into the full pool, or refuses it. */
  #makeRoom(tx: Transaction, from: string, isLocal: boolean, capacity: number): void {
    if (!isLocal && this.#priced.underpriced(tx)) throw underpriced();
    // Eviction is cheap to trigger; cap the churn one batch can cause.
    if (this.#changesSinceReorg > Math.floor(this.config.globalSlots / 4)) throw poolFull();
    const { drop, success } = this.#priced.discard(this.#all.slots - capacity + numSlots(tx), isLocal);
    if (!isLocal && !success) throw poolFull();
    // A transaction that cannot execute yet must not push out ones that can.
    if (!isLocal && this.#isGapped(from, tx)) {
      const hitsPending = drop.some((d) => {
        const entry = this.#all.get(txKey(d));
        return entry !== undefined && this.#pending.get(entry.senderKey)?.has(d.nonce) === true;
      });
      if (hitsPending) {
        for (const d of drop) this.#priced.put(d, false);
        throw new TxPoolError('futureReplacePending', 'future transaction tries to replace pending');
      }
    }
    for (const d of drop) {
      this.#log.trace('Discarding freshly underpriced transaction', { hash: d.hash, feeCap: d.gasFeeCap });
      this.#changesSinceReorg += this.#removeTx(txKey(d), false);
    }
  }

  /** Whether `tx` would leave a nonce gap that neither pending nor queued transactions of `from` fill. */
  #isGapped(from: string, tx: Transaction): boolean {
    const next = this.#pendingNonces.get(from);
    if (tx.nonce <= next) return false;
    const queue = this.#queue.get(from);
    if (queue === undefined) return true;
    for (let n = next; n < tx.nonce; n++) if (!queue.has(n)) return true;
    return false;
  }

  /** Puts `tx` into its sender's queue; `entry` when it is new to the pool. Returns whether it replaced one. */
  #enqueue(tx: Transaction, from: string, entry: PooledTx | undefined): boolean {
    let queue = this.#queue.get(from);
    if (queue === undefined) {
      queue = new TxList(false);
      this.#queue.set(from, queue);
    }
    const { inserted, old } = queue.add(tx, this.config.priceBump);
    if (!inserted) {
      if (queue.empty) this.#queue.delete(from);
      throw replaceUnderpriced();
    }
    this.#dropReplaced(old);
    if (entry !== undefined) {
      this.#all.add(entry);
      this.#priced.put(tx, entry.local);
    }
    if (!this.#beats.has(from)) this.#beats.set(from, this.#now());
    return old !== undefined;
  }

  /** Moves a pooled transaction from pending back to the queue. */
  #demote(tx: Transaction, from: string): void {
    try {
      this.#enqueue(tx, from, undefined);
    } catch (e) {
      if (!(e instanceof TxPoolError)) throw e;
      // The queue holds a better one of the same nonce: keep that, forget this one.
      this.#all.remove(txKey(tx));
      this.#priced.removed(1);
    }
  }

  #dropReplaced(old: Transaction | undefined): void {
    if (old === undefined) return;
    this.#all.remove(txKey(old));
    this.#priced.removed(1);
  }

  // --- removing ---

  /**
   * Drops a pooled transaction (one the miner found invalid while building a block, geth's removeTx). From
   * pending, the account's later transactions can no longer execute and go back to the queue, and its pending
   * nonce falls back to the removed one. Returns whether the transaction was pooled.
   */
  remove(hash: Bytes): boolean {
    this.#applyReset();
    const key = bytesToHex(hash);
    if (this.#all.get(key) === undefined) return false;
    this.#log.trace('Removing transaction', { hash });
    this.#removeTx(key, true);
    this.#maintain([]);
    return true;
  }

  // --- moving between pending and queued ---

  /** Adds a queued transaction to its sender's pending run; false when a better one already holds the nonce. */
  #promoteTx(from: string, tx: Transaction): boolean {
    let list = this.#pending.get(from);
    if (list === undefined) {
      list = new TxList(true);
      this.#pending.set(from, list);
    }
    const { inserted, old } = list.add(tx, this.config.priceBump);
    if (!inserted) {
      this.#all.remove(txKey(tx));
      this.#priced.removed(1);
      return false;
    }
    this.#dropReplaced(old);
    this.#pendingNonces.set(from, tx.nonce + 1n);
    this.#beats.set(from, this.#now());
    return true;
  }

  /**
   * For each account: drops queued transactions whose nonce is used or that the balance or block gas limit cannot
   * cover, promotes the ones that now follow the pending run, and trims the queue to the per-account limit.
   * Returns the promoted transactions.
   */
  #promoteExecutables(accounts: Iterable<string>): Transaction[] {
    const promoted: Transaction[] = [];
    const gasLimit = this.#head.gasLimit;
    for (const from of accounts) {
      const list = this.#queue.get(from);
      if (list === undefined) continue;
      const address = hexToBytes(from);
      const forwards = list.forward(this.#state.getNonce(address));
      const { removed: drops } = list.filter(this.#state.getBalance(address), gasLimit);
      for (const tx of forwards) this.#all.remove(txKey(tx));
      for (const tx of drops) this.#all.remove(txKey(tx));
      for (const tx of list.ready(this.#pendingNonces.get(from))) {
        if (this.#promoteTx(from, tx)) promoted.push(tx);
      }
      const caps = this.#locals.has(from) ? [] : list.cap(this.config.accountQueue);
      for (const tx of caps) this.#all.remove(txKey(tx));
      this.#priced.removed(forwards.length + drops.length + caps.length);
      if (forwards.length + drops.length + caps.length > 0) {
        const counts = { old: forwards.length, unpayable: drops.length, capped: caps.length };
        this.#log.trace('Removed queued transactions', { account: from, ...counts });
      }
      if (list.empty) {
        this.#queue.delete(from);
        this.#beats.delete(from);
      }
    }
    return promoted;
  }

  /**
   * After a new head: drops pending transactions whose nonce the chain used or that the balance or gas limit can
   * no longer cover; the ones after a dropped one go back to the queue.
   */
  #demoteUnexecutables(): void {
    const gasLimit = this.#head.gasLimit;
    for (const [from, list] of this.#pending) {
      const address = hexToBytes(from);
      const nonce = this.#state.getNonce(address);
      for (const tx of list.forward(nonce)) this.#all.remove(txKey(tx));
      const { removed: drops, invalids } = list.filter(this.#state.getBalance(address), gasLimit);
      for (const tx of drops) this.#all.remove(txKey(tx));
      for (const tx of invalids) this.#demote(tx, from);
      // The run must start at the state nonce; if it does not (it should not happen), none of it can execute.
      if (!list.empty && !list.has(nonce)) {
        for (const tx of list.cap(0)) {
          this.#log.warn('Demoting invalidated transaction', { hash: tx.hash });
          this.#demote(tx, from);
        }
      }
      if (list.empty) this.#pending.delete(from);
    }
  }

  /**
   * Removes a transaction; from pending, the later ones of its account go back to the queue. `outOfBound` when
   * the price heaps still hold it. Returns how many transactions left pending.
   */
  #removeTx(key: string, outOfBound: boolean): number {
    const entry = this.#all.remove(key);
    if (entry === undefined) return 0;
    const { tx, senderKey: from } = entry;
    if (outOfBound) this.#priced.removed(1);
    const pending = this.#pending.get(from);
    if (pending !== undefined) {
      const { removed, invalids } = pending.remove(tx);
      if (removed) {
        if (pending.empty) this.#pending.delete(from);
        for (const invalid of invalids) this.#demote(invalid, from);
        this.#pendingNonces.setIfLower(from, tx.nonce);
        return 1 + invalids.length;
      }
    }
    const queue = this.#queue.get(from);
    if (queue !== undefined) {
      queue.remove(tx);
      if (queue.empty) {
        this.#queue.delete(from);
        this.#beats.delete(from);
      }
    }
    return 0;
  }

  // --- limits ---

  /**
   * Brings pending down to the global limit by trimming the accounts over their guaranteed slots, the largest
   * first and evening them out, never below `accountSlots` and never a local account.
   */
  #truncatePending(): void {
    let pending = 0;
    const spammers: Array<{ from: string; size: number }> = [];
    for (const [from, list] of this.#pending) {
      pending += list.size;
      if (list.size > this.config.accountSlots && !this.#locals.has(from)) spammers.push({ from, size: list.size });
    }
    const limit = this.config.globalSlots;
    if (pending <= limit) return;
    spammers.sort((a, b) => b.size - a.size);
    const before = pending;
    const dropLast = (from: string): void => {
      const list = this.#pending.get(from)!;
      const caps = list.cap(list.size - 1);
      for (const tx of caps) {
        this.#all.remove(txKey(tx));
        this.#pendingNonces.setIfLower(from, tx.nonce);
      }
      this.#priced.removed(caps.length);
      pending -= caps.length;
    };
    const sizeOf = (from: string): number => this.#pending.get(from)!.size;
    const offenders: string[] = [];
    for (const spammer of spammers) {
      if (pending <= limit) break;
      offenders.push(spammer.from);
      if (offenders.length < 2) continue;
      // Trim the larger offenders down to this one's size, one transaction each per round.
      const threshold = sizeOf(spammer.from);
      while (pending > limit && sizeOf(offenders[offenders.length - 2]!) > threshold) {
        for (const from of offenders.slice(0, -1)) dropLast(from);
      }
    }
    // Still over: trim all offenders evenly, down to their guaranteed slots at most.
    if (offenders.length > 0) {
      while (pending > limit && sizeOf(offenders[offenders.length - 1]!) > this.config.accountSlots) {
        for (const from of offenders) dropLast(from);
      }
    }
    this.#log.debug('Truncated pending transactions', { dropped: before - pending });
  }

  /** Brings the queue down to the global limit, taking from the accounts whose last promotion is oldest. */
  #truncateQueue(): void {
    let queued = 0;
    for (const list of this.#queue.values()) queued += list.size;
    if (queued <= this.config.globalQueue) return;
    const accounts = [...this.#queue.keys()]
      .filter((from) => !this.#locals.has(from))
      .sort((a, b) => (this.#beats.get(a) ?? 0) - (this.#beats.get(b) ?? 0));
    let drop = queued - this.config.globalQueue;
    for (const from of accounts) {
      if (drop <= 0) break;
      // Highest nonces first: they are the furthest from executing.
      const txs = this.#queue.get(from)!.flatten().reverse();
      for (const tx of txs.slice(0, drop)) this.#removeTx(txKey(tx), true);
      drop -= Math.min(drop, txs.length);
    }
  }

  /** Drops the queued transactions of remote accounts with no promotion for longer than the lifetime; says how many. */
  evictExpired(): number {
    this.#applyReset();
    const now = this.#now();
    let evicted = 0;
    for (const [from, list] of this.#queue) {
      if (this.#locals.has(from)) continue;
      if (now - (this.#beats.get(from) ?? now) <= this.config.lifetime) continue;
      const txs = list.flatten();
      for (const tx of txs) this.#removeTx(txKey(tx), true);
      evicted += txs.length;
    }
    return evicted;
  }

  // --- following the chain ---

  #onReorg(event: ReorgEvent): void {
    if (event.removed.length > MAX_REINJECT_DEPTH) {
      this.#log.debug('Skipping deep transaction reorg', { depth: event.removed.length });
    } else {
      for (const block of event.removed) {
        for (const tx of block.transactions) if (tx.type !== BLOB_TX_TYPE) this.#lost.set(txKey(tx), tx);
      }
    }
    for (const block of event.added) this.#forgetIncluded(block);
  }

  #onChainHead(block: Block): void {
    this.#forgetIncluded(block);
    this.#resetHead = block.header;
    this.#resetTimer ??= setImmediate(() => {
      this.#resetTimer = undefined;
      this.#guard('reset', () => this.#applyReset());
    });
  }

  #forgetIncluded(block: Block): void {
    if (this.#lost.size === 0) return;
    for (const tx of block.transactions) this.#lost.delete(txKey(tx));
  }

  /** Re-checks the whole pool against the head the chain moved to, if it moved (geth's reset + runReorg). */
  #applyReset(): void {
    const head = this.#resetHead;
    if (head === undefined) return;
    this.#resetHead = undefined;
    const reinject = [...this.#lost.values()];
    this.#lost.clear();
    let state: PoolState;
    try {
      state = this.#chain.stateAtHeader(head);
    } catch (e) {
      this.#log.error('Failed to reset txpool state', { number: head.number, err: e });
      return;
    }
    this.#head = head;
    this.#state = state;
    this.#pendingNonces = new Noncer(state);
    if (reinject.length > 0) this.#log.debug('Reinjecting stale transactions', { count: reinject.length });
    for (const tx of reinject) {
      try {
        if (this.#all.get(txKey(tx)) !== undefined) continue;
        // Included in a block once, so valid apart from the state: geth checks only the state again.
        this.#insert(tx, txSender(tx), false, 0n);
      } catch (e) {
        if (!(e instanceof TxPoolError)) throw e;
      }
    }
    const promoted = this.#promoteExecutables([...this.#queue.keys()]);
    this.#demoteUnexecutables();
    this.#updateBaseFee();
    const nonces = new Map<string, bigint>();
    for (const [from, list] of this.#pending) nonces.set(from, list.last()!.nonce + 1n);
    this.#pendingNonces.setAll(nonces);
    this.#maintain(promoted);
  }

  /** The end of every change: enforce the global limits, then announce what became executable. */
  #maintain(promoted: Transaction[]): void {
    this.#truncatePending();
    this.#truncateQueue();
    this.#changesSinceReorg = 0;
    for (const tx of promoted) {
      const entry = this.#all.get(txKey(tx));
      if (entry !== undefined) this.#queueAnnouncement(entry.senderKey, tx);
    }
    const announce = this.#announce;
    this.#announce = new Map();
    const txs: Transaction[] = [];
    for (const byNonce of announce.values()) {
      const sorted = [...byNonce.values()].sort((a, b) => (a.nonce < b.nonce ? -1 : 1));
      // Only what is still pooled: a transaction may have been evicted again within the same run.
      for (const tx of sorted) if (this.#all.get(txKey(tx))?.tx === tx) txs.push(tx);
    }
    if (txs.length > 0) this.events.emit('newTxs', txs);
  }

  #queueAnnouncement(from: string, tx: Transaction): void {
    let byNonce = this.#announce.get(from);
    if (byNonce === undefined) {
      byNonce = new Map();
      this.#announce.set(from, byNonce);
    }
    byNonce.set(tx.nonce, tx);
  }

  /** geth orders the price heap by the tip each transaction would pay in the next block. */
  #updateBaseFee(): void {
    const config = this.#chain.config;
    const head = this.#head;
    if (isLondon(config, head.number + 1n)) this.#priced.setBaseFee(calcBaseFee(head, isLondon(config, head.number)));
    else this.#priced.setBaseFee(undefined);
  }

  #openHeadState(head: Header): PoolState {
    try {
      return this.#chain.stateAtHeader(head);
    } catch (e) {
      // As geth: a node that has not synced the head state yet still gets a pool, over an empty state.
      this.#log.warn('Head state unavailable, starting the pool on an empty state', { number: head.number, err: e });
      return this.#chain.stateAt(EMPTY_TRIE_ROOT);
    }
  }

  #guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.#log.error('Transaction pool maintenance failed', { task: what, err: e });
    }
  }

  /** Runs `fn` every `ms` until stop; the timer does not keep the process alive. */
  #every(ms: number, what: string, fn: () => void): void {
    const timer = setInterval(() => this.#guard(what, fn), ms);
    timer.unref();
    this.#timers.push(timer);
  }

  #localTransactions(): Transaction[] {
    const txs: Transaction[] = [];
    for (const from of this.#locals) {
      txs.push(...(this.#pending.get(from)?.flatten() ?? []), ...(this.#queue.get(from)?.flatten() ?? []));
    }
    return txs;
  }

  // --- reading ---

  get(hash: Bytes): Transaction | undefined {
    this.#applyReset();
    return this.#all.get(bytesToHex(hash))?.tx;
  }

  has(hash: Bytes): boolean {
    return this.get(hash) !== undefined;
  }

  txStatus(hash: Bytes): TxStatus {
    this.#applyReset();
    const entry = this.#all.get(bytesToHex(hash));
    if (entry === undefined) return 'unknown';
    if (this.#pending.get(entry.senderKey)?.get(entry.tx.nonce) === entry.tx) return 'pending';
    if (this.#queue.get(entry.senderKey)?.get(entry.tx.nonce) === entry.tx) return 'queued';
    return 'unknown';
  }

  /** The account's next nonce with its pending transactions counted (eth_getTransactionCount 'pending'). */
  nonce(address: Bytes): bigint {
    this.#applyReset();
    return this.#pendingNonces.get(bytesToHex(address));
  }

  /** How many transactions are pending and queued (txpool_status). */
  status(): { pending: number; queued: number } {
    this.#applyReset();
    let pending = 0;
    let queued = 0;
    for (const list of this.#pending.values()) pending += list.size;
    for (const list of this.#queue.values()) queued += list.size;
    return { pending, queued };
  }

  /** Every pooled transaction by sender and nonce (txpool_content, txpool_inspect). */
  content(): { pending: TxsByAccount; queued: TxsByAccount } {
    this.#applyReset();
    return { pending: flattenAll(this.#pending), queued: flattenAll(this.#queue) };
  }

  /** One sender's pooled transactions by nonce (txpool_contentFrom). */
  contentFrom(address: Bytes): { pending: Transaction[]; queued: Transaction[] } {
    this.#applyReset();
    const from = bytesToHex(address);
    return { pending: this.#pending.get(from)?.flatten() ?? [], queued: this.#queue.get(from)?.flatten() ?? [] };
  }

  /** The executable transactions by sender and nonce, cut per the filter (for block building). */
  pending(filter: PendingFilter = {}): TxsByAccount {
    this.#applyReset();
    const out: TxsByAccount = new Map();
    const { baseFee, minTip } = filter;
    const excluded = (tx: Transaction): boolean =>
      (baseFee !== undefined && tx.gasFeeCap < baseFee) ||
      (minTip !== undefined && tx.effectiveGasTip(baseFee) < minTip);
    for (const [from, list] of this.#pending) {
      let txs = list.flatten();
      // A cut, not a filter: the transactions after an excluded one cannot execute without it.
      const stop = baseFee === undefined && minTip === undefined ? -1 : txs.findIndex(excluded);
      if (stop >= 0) txs = txs.slice(0, stop);
      if (txs.length > 0) out.set(from, txs);
    }
    return out;
  }

  /** The pending transactions in the order to try them for a block: best tip first, each account by nonce. */
  pendingByPriceAndNonce(filter: PendingFilter = {}): TransactionsByPriceAndNonce {
    const txs = this.pending(filter);
    return new TransactionsByPriceAndNonce(txs, filter.baseFee, (tx) => this.#all.get(txKey(tx))?.time ?? 0);
  }
}

function flattenAll(lists: Map<string, TxList>): TxsByAccount {
  const out: TxsByAccount = new Map();
  for (const [from, list] of lists) out.set(from, list.flatten());
  return out;
}
