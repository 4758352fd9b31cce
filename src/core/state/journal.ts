// The undo log of the running transaction. Every mutation of the StateDB appends what it overwrote; reverting to
// a snapshot replays the entries backwards. It also counts, per account, the entries that changed it: the accounts
// with a non-zero count are the ones finalise() must look at (geth's journal.dirties).
import type { Bytes } from '../../common/bytes.js';
import type { StateObject } from './stateObject.js';

export type JournalEntry =
  /** An object was created (or replaced: `prev` is the object it replaced). */
  | { kind: 'createObject'; addr: string; prev: StateObject | undefined }
  /** The EIP-6780 "created in this transaction" flag was set. */
  | { kind: 'createContract'; addr: string }
  | { kind: 'selfDestruct'; addr: string }
  | { kind: 'balance'; addr: string; prev: bigint }
  | { kind: 'nonce'; addr: string; prev: bigint }
  | { kind: 'code'; addr: string; prevCode: Bytes | undefined; prevHash: Bytes; prevDirty: boolean }
  /** `prev` is the slot's earlier dirty value, undefined when the slot had none. */
  | { kind: 'storage'; addr: string; key: bigint; prev: bigint | undefined }
  /** EIP-161: a zero-value credit to an empty account, which makes it a candidate for deletion. */
  | { kind: 'touch'; addr: string }
  | { kind: 'transientStorage'; account: string; key: bigint; prev: bigint }
  | { kind: 'refund'; prev: bigint }
  | { kind: 'addLog'; txHash: string }
  | { kind: 'accessListAddress'; account: string }
  | { kind: 'accessListSlot'; account: string; slot: bigint };

/** The account an entry modified, when it modified one (transient storage and access lists do not count). */
function dirtiedBy(entry: JournalEntry): string | undefined {
  switch (entry.kind) {
    case 'createObject':
    case 'createContract':
    case 'selfDestruct':
    case 'balance':
    case 'nonce':
    case 'code':
    case 'storage':
    case 'touch':
      return entry.addr;
    default:
      return undefined;
  }
}

interface Revision {
  id: number;
  index: number;
}

export class Journal {
  private entries: JournalEntry[] = [];
  private readonly dirties = new Map<string, number>();
  private revisions: Revision[] = [];
  private nextRevisionId = 0;

  get length(): number {
    return this.entries.length;
  }

  append(entry: JournalEntry): void {
    this.entries.push(entry);
    const addr = dirtiedBy(entry);
    if (addr !== undefined) this.dirty(addr);
  }

  /** Counts an account as dirty without an entry that undoes it (geth's RIPEMD-160 touch exception). */
  dirty(addr: string): void {
    this.dirties.set(addr, (this.dirties.get(addr) ?? 0) + 1);
  }

  /** The accounts changed by the entries still in the journal. */
  dirtyAddresses(): IterableIterator<string> {
    return this.dirties.keys();
  }

  snapshot(): number {
    const id = this.nextRevisionId++;
    this.revisions.push({ id, index: this.entries.length });
    return id;
  }

  /** Undoes, newest first, every entry appended since snapshot `id`; later snapshots become invalid. */
  revertToSnapshot(id: number, undo: (entry: JournalEntry) => void): void {
    let pos = this.revisions.length - 1;
    while (pos >= 0 && this.revisions[pos]!.id > id) pos--;
    if (pos < 0 || this.revisions[pos]!.id !== id) {
      throw new Error(`state journal: snapshot ${id} cannot be reverted (unknown or already reverted)`);
    }
    const index = this.revisions[pos]!.index;
    for (let i = this.entries.length - 1; i >= index; i--) {
      const entry = this.entries[i]!;
      undo(entry);
      const addr = dirtiedBy(entry);
      if (addr !== undefined) {
        const n = this.dirties.get(addr)! - 1;
        if (n === 0) this.dirties.delete(addr);
        else this.dirties.set(addr, n);
      }
    }
    this.entries.length = index;
    this.revisions.length = pos;
  }

  /** Forgets everything: reverting across a transaction boundary is not allowed. */
  reset(): void {
    this.entries = [];
    this.dirties.clear();
    this.revisions = [];
  }
}
