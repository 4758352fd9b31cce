// One account as the StateDB holds it while a block runs: its fields, its code, and three layers of storage.
//
//   dirty    written by the running transaction (undone by the journal)
//   pending  written by earlier transactions of the block (finalised, not yet in the storage trie)
//   origin   what the storage trie holds, read on first use and updated when pending writes reach the trie
//
// "Committed" storage (EIP-2200's original value) is pending-or-origin: the value at the start of the transaction.
// Mutations go through the StateDB, which journals them; this class only keeps the data.
import { bigintToBytes, bigintToFixedBytes, bytesEqual, type Bytes } from '../../common/bytes.js';
import { EMPTY_TRIE_ROOT, KECCAK256_EMPTY } from '../../crypto/keccak.js';
import type { KeyValueWriter } from '../../db/keyValueStore.js';
import { decodeRlp, encodeRlp, expectUint } from '../../rlp/rlp.js';
import type { SecureTrie } from '../../trie/secureTrie.js';
import { encodeAccount, type StateAccount } from '../types/account.js';
import type { StateDatabase } from './stateDatabase.js';

export class StateObject {
  /** Code, loaded on first use; undefined until then. */
  code: Bytes | undefined;
  /** The code was set in this block and must be written at commit. */
  dirtyCode = false;
  selfDestructed = false;
  /** Created in the running transaction (EIP-6780 lets only such contracts self-destruct for good). */
  newContract = false;

  readonly originStorage = new Map<bigint, bigint>();
  readonly pendingStorage = new Map<bigint, bigint>();
  readonly dirtyStorage = new Map<bigint, bigint>();
  private trie: SecureTrie | undefined;

  constructor(
    private readonly db: StateDatabase,
    /** 20 bytes, owned by this object. */
    readonly address: Bytes,
    /** The address in 0x hex: the key of every per-account map. */
    readonly key: string,
    readonly data: StateAccount,
  ) {}

  /** EIP-161: no nonce, no balance, no code. */
  empty(): boolean {
    return this.data.nonce === 0n && this.data.balance === 0n && bytesEqual(this.data.codeHash, KECCAK256_EMPTY);
  }

  getCode(): Bytes {
    return (this.code ??= this.db.code(this.data.codeHash));
  }

  /** The value at the start of the running transaction. */
  committedState(key: bigint): bigint {
    const pending = this.pendingStorage.get(key);
    if (pending !== undefined) return pending;
    const origin = this.originStorage.get(key);
    if (origin !== undefined) return origin;
    let value = 0n;
    // A new account's storage is known to be empty: skip hashing the key for an empty trie.
    if (this.trie !== undefined || !bytesEqual(this.data.storageRoot, EMPTY_TRIE_ROOT)) {
      const raw = this.storageTrie().get(slotKey(key));
      if (raw !== undefined) value = decodeSlotValue(raw);
    }
    this.originStorage.set(key, value);
    return value;
  }

  state(key: bigint): bigint {
    const dirty = this.dirtyStorage.get(key);
    return dirty !== undefined ? dirty : this.committedState(key);
  }

  /** End of a transaction: its writes become the committed values the next transaction starts from. */
  finalise(): void {
    for (const [key, value] of this.dirtyStorage) this.pendingStorage.set(key, value);
    this.dirtyStorage.clear();
    this.newContract = false;
  }

  /** Moves pending writes into the storage trie and sets the storage root (nothing is written to disk). */
  updateStorageRoot(): void {
    if (this.pendingStorage.size === 0) return;
    const trie = this.storageTrie();
    for (const [key, value] of this.pendingStorage) {
      if (this.originStorage.get(key) === value) continue;
      this.originStorage.set(key, value);
      if (value === 0n) trie.delete(slotKey(key));
      else trie.put(slotKey(key), encodeRlp(bigintToBytes(value)));
    }
    this.pendingStorage.clear();
    this.data.storageRoot = trie.hash();
  }

  /** Writes the storage trie's new nodes; call after updateStorageRoot. */
  commitStorage(writer: KeyValueWriter): void {
    this.trie?.commit(writer);
  }

  encode(): Bytes {
    return encodeAccount(this.data);
  }

  private storageTrie(): SecureTrie {
    return (this.trie ??= this.db.openTrie(this.data.storageRoot));
  }
}

/** Storage trie keys are the 32-byte big-endian slot (hashed by the secure trie). */
function slotKey(key: bigint): Bytes {
  return bigintToFixedBytes(key, 32);
}

/** Storage trie values are the RLP of the value without leading zero bytes. */
function decodeSlotValue(raw: Bytes): bigint {
  return expectUint(decodeRlp(raw), 'storage slot value', 32);
}
