// The remote transactions by price, to find the cheapest when the pool is full (geth's pricedList). Two heaps:
// "urgent" orders by the tip each would pay in the next block, "floating" by fee cap alone; eviction takes from
// the floating heap and keeps the two at a 4:1 ratio by moving the urgent heap's worst over. The first favours
// what pays now, the second what keeps paying if the base fee rises. Removals are not searched out of the heaps:
// they are skipped when met, and the heaps are rebuilt once a quarter of their entries are such stale ones.
import type { Transaction } from '../core/types/transaction.js';
import { BinaryHeap } from './binaryHeap.js';
import { numSlots, txKey, type TxLookup } from './txLookup.js';

const URGENT_RATIO = 4;
const FLOATING_RATIO = 1;

/** Orders by effective tip under `baseFee` (when given), then fee cap, then tip: negative when `a` is cheaper. */
function comparePrice(a: Transaction, b: Transaction, baseFee: bigint | undefined): number {
  if (baseFee !== undefined) {
    const ta = a.effectiveGasTip(baseFee);
    const tb = b.effectiveGasTip(baseFee);
    if (ta !== tb) return ta < tb ? -1 : 1;
  }
  if (a.gasFeeCap !== b.gasFeeCap) return a.gasFeeCap < b.gasFeeCap ? -1 : 1;
  if (a.gasTipCap !== b.gasTipCap) return a.gasTipCap < b.gasTipCap ? -1 : 1;
  return 0;
}

export interface DiscardResult {
  drop: Transaction[];
  /** Whether the dropped transactions free the slots asked for. */
  success: boolean;
}

export class PricedList {
  #baseFee: bigint | undefined;
  #stales = 0;
  // Cheapest first; among equal prices the higher nonce, so an account loses its last transactions first.
  readonly #urgent = new BinaryHeap<Transaction>((a, b) => this.#less(a, b, this.#baseFee));
  readonly #floating = new BinaryHeap<Transaction>((a, b) => this.#less(a, b, undefined));

  constructor(private readonly all: TxLookup) {}

  /** Entries whose transaction has left the pool (or turned local) and are not yet cleaned out. */
  get stales(): number {
    return this.#stales;
  }

  /** Tracks a new transaction; local ones are never evicted for price, so they are not tracked. */
  put(tx: Transaction, local: boolean): void {
    if (!local) this.#urgent.push(tx);
  }

  /** Notes that `count` tracked transactions left the pool; rebuilds once too many entries are stale. */
  removed(count: number): void {
    this.#stales += count;
    if (this.#stales <= (this.#urgent.size + this.#floating.size) / 4) return;
    this.reheap();
  }

  /**
   * Whether `tx` is no better than the cheapest remote transaction in every non-empty heap. With no remote
   * transaction at all nothing is underpriced (there would be nothing to evict for it).
   */
  underpriced(tx: Transaction): boolean {
    const urgent = this.#underpricedFor(this.#urgent, this.#baseFee, tx);
    const floating = this.#underpricedFor(this.#floating, undefined, tx);
    if (this.#urgent.size === 0 && this.#floating.size === 0) return false;
    return (urgent || this.#urgent.size === 0) && (floating || this.#floating.size === 0);
  }

  /**
   * Takes the cheapest remote transactions filling at least `slots` slots out of the heaps. Without `force`, when
   * there are not enough, nothing is taken; with it, whatever was found is.
   */
  discard(slots: number, force: boolean): DiscardResult {
    const drop: Transaction[] = [];
    while (slots > 0) {
      if (this.#urgent.size * FLOATING_RATIO > this.#floating.size * URGENT_RATIO) {
        const tx = this.#urgent.pop()!;
        if (this.#isStale(tx)) continue;
        this.#floating.push(tx);
        continue;
      }
      const tx = this.#floating.pop();
      if (tx === undefined) break;
      if (this.#isStale(tx)) continue;
      drop.push(tx);
      slots -= numSlots(tx);
    }
    if (slots > 0 && !force) {
      for (const tx of drop) this.#urgent.push(tx);
      return { drop: [], success: false };
    }
    return { drop, success: true };
  }

  /** Rebuilds both heaps from the pool's remote transactions, the worst fifth going to the floating heap. */
  reheap(): void {
    this.#stales = 0;
    const remotes: Transaction[] = [];
    for (const entry of this.all.values()) if (!entry.local) remotes.push(entry.tx);
    this.#urgent.reset(remotes);
    const floatingCount = Math.floor((remotes.length * FLOATING_RATIO) / (URGENT_RATIO + FLOATING_RATIO));
    const floating: Transaction[] = [];
    for (let i = 0; i < floatingCount; i++) floating.push(this.#urgent.pop()!);
    this.#floating.reset(floating);
  }

  /** The base fee of the next block, which the urgent heap orders by. */
  setBaseFee(baseFee: bigint | undefined): void {
    this.#baseFee = baseFee;
    this.reheap();
  }

  #less(a: Transaction, b: Transaction, baseFee: bigint | undefined): boolean {
    const c = comparePrice(a, b, baseFee);
    return c !== 0 ? c < 0 : a.nonce > b.nonce;
  }

  #isStale(tx: Transaction): boolean {
    if (this.all.getRemote(txKey(tx))?.tx === tx) return false;
    this.#stales--;
    return true;
  }

  #underpricedFor(heap: BinaryHeap<Transaction>, baseFee: bigint | undefined, tx: Transaction): boolean {
    for (let head = heap.peek(); head !== undefined && this.#isStale(head); head = heap.peek()) heap.pop();
    const head = heap.peek();
    return head !== undefined && comparePrice(head, tx, baseFee) >= 0;
  }
}
