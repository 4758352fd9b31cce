// One account's transactions in the pool, by nonce (geth's legacypool list). A strict list holds the executable
// run (contiguous nonces from the account's next one): taking a transaction out of it also takes out every later
// one, which can no longer execute. A non-strict list holds the future queue, gaps allowed.
import type { Transaction } from '../core/types/transaction.js';

export interface ListAddResult {
  inserted: boolean;
  /** The transaction of the same nonce that the new one replaced. */
  old?: Transaction;
}

export interface ListFilterResult {
  /** Transactions over the cost or gas limit. */
  removed: Transaction[];
  /** In a strict list, the ones after the first removed nonce: still valid, but no longer executable. */
  invalids: Transaction[];
}

/** Whether `tx` may replace `old`: its fee cap and its tip are both higher, each by at least `priceBump` percent. */
export function replacesAtBump(old: Transaction, tx: Transaction, priceBump: number): boolean {
  // The plain comparisons matter for wei-level prices, where the percentage rounds to nothing.
  if (tx.gasFeeCap <= old.gasFeeCap || tx.gasTipCap <= old.gasTipCap) return false;
  const factor = BigInt(100 + priceBump);
  return tx.gasFeeCap >= (old.gasFeeCap * factor) / 100n && tx.gasTipCap >= (old.gasTipCap * factor) / 100n;
}

export class TxList {
  #items = new Map<bigint, Transaction>();
  /** The nonces held, ascending. */
  #nonces: bigint[] = [];
  /** At least the highest cost held: lowered only when a filter finds a transaction over it. */
  #costCap = 0n;
  /** Likewise for the gas limit. */
  #gasCap = 0n;
  #totalCost = 0n;

  constructor(readonly strict: boolean) {}

  get size(): number {
    return this.#nonces.length;
  }

  get empty(): boolean {
    return this.#nonces.length === 0;
  }

  /** What the transactions held can take from the account together (the overdraft check uses it). */
  get totalCost(): bigint {
    return this.#totalCost;
  }

  has(nonce: bigint): boolean {
    return this.#items.has(nonce);
  }

  get(nonce: bigint): Transaction | undefined {
    return this.#items.get(nonce);
  }

  /** Adds `tx`, or replaces the one of its nonce when `tx` pays at least `priceBump` percent more. */
  add(tx: Transaction, priceBump: number): ListAddResult {
    const old = this.#items.get(tx.nonce);
    if (old !== undefined) {
      if (!replacesAtBump(old, tx, priceBump)) return { inserted: false };
      this.#totalCost -= old.cost;
    } else {
      this.#nonces.splice(lowerBound(this.#nonces, tx.nonce), 0, tx.nonce);
    }
    this.#items.set(tx.nonce, tx);
    const cost = tx.cost;
    this.#totalCost += cost;
    if (cost > this.#costCap) this.#costCap = cost;
    if (tx.gasLimit > this.#gasCap) this.#gasCap = tx.gasLimit;
    return old === undefined ? { inserted: true } : { inserted: true, old };
  }

  /** Removes and returns the transactions with nonces below `threshold` (already used on chain). */
  forward(threshold: bigint): Transaction[] {
    const count = lowerBound(this.#nonces, threshold);
    return this.#take(this.#nonces.splice(0, count));
  }

  /**
   * Removes the transactions that cost more than `costLimit` (the balance) or need more gas than `gasLimit`
   * (the block's); in a strict list also the later ones, returned apart as invalids.
   */
  filter(costLimit: bigint, gasLimit: bigint): ListFilterResult {
    if (this.#costCap <= costLimit && this.#gasCap <= gasLimit) return { removed: [], invalids: [] };
    this.#costCap = costLimit;
    this.#gasCap = gasLimit;
    const over = this.#nonces.filter((n) => {
      const tx = this.#items.get(n)!;
      return tx.gasLimit > gasLimit || tx.cost > costLimit;
    });
    if (over.length === 0) return { removed: [], invalids: [] };
    const lowest = over[0]!;
    const overSet = new Set(over);
    const invalidNonces = this.strict ? this.#nonces.filter((n) => n > lowest && !overSet.has(n)) : [];
    const removed = this.#take(over);
    const invalids = this.#take(invalidNonces);
    this.#nonces = this.#nonces.filter((n) => this.#items.has(n));
    return { removed, invalids };
  }

  /** Keeps the `threshold` lowest nonces; removes and returns the others, highest first. */
  cap(threshold: number): Transaction[] {
    if (this.#nonces.length <= threshold) return [];
    return this.#take(this.#nonces.splice(threshold).reverse());
  }

  /** Removes `tx`; in a strict list the later transactions come out too and are returned. */
  remove(tx: Transaction): { removed: boolean; invalids: Transaction[] } {
    if (this.#items.get(tx.nonce) !== tx) return { removed: false, invalids: [] };
    const at = lowerBound(this.#nonces, tx.nonce);
    const gone = this.strict ? this.#nonces.splice(at) : this.#nonces.splice(at, 1);
    const [, ...invalids] = this.#take(gone);
    return { removed: true, invalids };
  }

  /**
   * Removes and returns the run of consecutive nonces from the lowest held, when the lowest is at most `start`
   * (lower ones should not exist, but are handed out rather than left stuck).
   */
  ready(start: bigint): Transaction[] {
    const first = this.#nonces[0];
    if (first === undefined || first > start) return [];
    let count = 1;
    while (count < this.#nonces.length && this.#nonces[count] === first + BigInt(count)) count++;
    return this.#take(this.#nonces.splice(0, count));
  }

  /** The transactions by ascending nonce. */
  flatten(): Transaction[] {
    return this.#nonces.map((n) => this.#items.get(n)!);
  }

  /** The transaction with the highest nonce. */
  last(): Transaction | undefined {
    const n = this.#nonces[this.#nonces.length - 1];
    return n === undefined ? undefined : this.#items.get(n);
  }

  /** Deletes the items of `nonces` (already gone from the nonce index) and returns them in that order. */
  #take(nonces: bigint[]): Transaction[] {
    return nonces.map((n) => {
      const tx = this.#items.get(n)!;
      this.#items.delete(n);
      this.#totalCost -= tx.cost;
      return tx;
    });
  }
}

/** Index of the first element of ascending `sorted` that is >= `x`. */
function lowerBound(sorted: readonly bigint[], x: bigint): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
