// The order a block builder takes pending transactions in (geth's miner transactionsByPriceAndNonce): always the
// best-paying next transaction of any account, but each account's in nonce order. A heap holds each account's
// next transaction by the tip it pays the block's coinbase; equal tips go first come, first served.
import type { Transaction } from '../core/types/transaction.js';
import { BinaryHeap } from './binaryHeap.js';

interface AccountHead {
  tx: Transaction;
  account: string;
  /** Position of `tx` in the account's list. */
  index: number;
  tip: bigint;
  time: number;
}

export class TransactionsByPriceAndNonce {
  readonly #heads = new BinaryHeap<AccountHead>((a, b) => (a.tip !== b.tip ? a.tip > b.tip : a.time < b.time));
  readonly #txs: ReadonlyMap<string, readonly Transaction[]>;

  /**
   * `txs` holds each account's executable transactions by ascending nonce (TxPool.pending gives them). Under a
   * `baseFee`, an account stops at its first transaction whose fee cap is below it (it cannot be included, nor
   * can the ones after it). `arrival` gives when a transaction was first seen (ms), for ties.
   */
  constructor(
    txs: ReadonlyMap<string, readonly Transaction[]>,
    private readonly baseFee: bigint | undefined,
    private readonly arrival: (tx: Transaction) => number = () => 0,
  ) {
    this.#txs = txs;
    const heads: AccountHead[] = [];
    for (const [account, list] of txs) {
      const head = this.#head(account, list, 0);
      if (head !== undefined) heads.push(head);
    }
    this.#heads.reset(heads);
  }

  /** The best transaction to try next; undefined when none is left. */
  peek(): Transaction | undefined {
    return this.#heads.peek()?.tx;
  }

  /** Moves past the best transaction (it was included): its account's next one takes its place. */
  shift(): void {
    const top = this.#heads.peek();
    if (top === undefined) return;
    const next = this.#head(top.account, this.#txs.get(top.account)!, top.index + 1);
    if (next === undefined) this.#heads.pop();
    else this.#heads.replaceTop(next);
  }

  /** Drops the best transaction and the rest of its account (it failed: its successors cannot run either). */
  pop(): void {
    this.#heads.pop();
  }

  #head(account: string, list: readonly Transaction[], index: number): AccountHead | undefined {
    const tx = list[index];
    if (tx === undefined) return undefined;
    if (this.baseFee !== undefined && tx.gasFeeCap < this.baseFee) return undefined;
    return { tx, account, index, tip: tx.effectiveGasTip(this.baseFee), time: this.arrival(tx) };
  }
}
