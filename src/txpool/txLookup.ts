// Every transaction in the pool by hash, pending or queued (geth's legacypool lookup), with what the pool keeps
// beside it: sender, local or remote, arrival time. Also counts the slots the pool's capacity is measured in.
import { bytesToHex, type Bytes } from '../common/bytes.js';
import type { Transaction } from '../core/types/transaction.js';

/** A transaction takes one slot per started 32 KiB, so a large one counts for what it costs to keep and send. */
export const TX_SLOT_SIZE = 32 * 1024;

export function numSlots(tx: Transaction): number {
  return Math.ceil(tx.size / TX_SLOT_SIZE);
}

const keys = new WeakMap<Transaction, string>();

/** The hash as a map key, computed once per transaction object. */
export function txKey(tx: Transaction): string {
  let key = keys.get(tx);
  if (key === undefined) {
    key = bytesToHex(tx.hash);
    keys.set(tx, key);
  }
  return key;
}

export interface PooledTx {
  readonly tx: Transaction;
  readonly sender: Bytes;
  /** The sender as a map key. */
  readonly senderKey: string;
  /** Local transactions are exempt from price limits, eviction by price and expiry, and are journaled. */
  local: boolean;
  /** When the pool first accepted it (ms): breaks ties between equal tips when ordering a block. */
  readonly time: number;
}

export class TxLookup {
  #txs = new Map<string, PooledTx>();
  #slots = 0;
  #localCount = 0;

  get count(): number {
    return this.#txs.size;
  }

  get remoteCount(): number {
    return this.#txs.size - this.#localCount;
  }

  get slots(): number {
    return this.#slots;
  }

  get(key: string): PooledTx | undefined {
    return this.#txs.get(key);
  }

  getRemote(key: string): PooledTx | undefined {
    const entry = this.#txs.get(key);
    return entry?.local === false ? entry : undefined;
  }

  add(entry: PooledTx): void {
    const key = txKey(entry.tx);
    if (this.#txs.has(key)) return;
    this.#txs.set(key, entry);
    this.#slots += numSlots(entry.tx);
    if (entry.local) this.#localCount++;
  }

  remove(key: string): PooledTx | undefined {
    const entry = this.#txs.get(key);
    if (entry === undefined) return undefined;
    this.#txs.delete(key);
    this.#slots -= numSlots(entry.tx);
    if (entry.local) this.#localCount--;
    return entry;
  }

  /** Marks the remote transactions of `senderKey` local; returns how many changed. */
  markLocal(senderKey: string): number {
    let changed = 0;
    for (const entry of this.#txs.values()) {
      if (!entry.local && entry.senderKey === senderKey) {
        entry.local = true;
        changed++;
      }
    }
    this.#localCount += changed;
    return changed;
  }

  values(): IterableIterator<PooledTx> {
    return this.#txs.values();
  }
}
