// A trie keyed by keccak256(key), as the state trie (by address) and the storage tries (by slot) are: hashing
// spreads keys evenly and bounds the depth an attacker can force on a path.
import type { Bytes } from '../common/bytes.js';
import { keccak256 } from '../crypto/keccak.js';
import type { KeyValueReader, KeyValueWriter } from '../db/keyValueStore.js';
import { Trie } from './trie.js';

export class SecureTrie {
  private inner: Trie;

  /** Opens the trie with the given root over `reader`, as Trie does. */
  constructor(reader?: KeyValueReader, root?: Bytes) {
    this.inner = new Trie(reader, root);
  }

  /** The underlying trie, keyed by the hashed keys (iteration order and proofs are over those). */
  get trie(): Trie {
    return this.inner;
  }

  copy(): SecureTrie {
    const other = new SecureTrie();
    other.inner = this.inner.copy();
    return other;
  }

  get(key: Bytes): Bytes | undefined {
    return this.inner.get(keccak256(key));
  }

  /** Sets `key` to `value`; an empty value deletes the key. */
  put(key: Bytes, value: Bytes): void {
    this.inner.put(keccak256(key), value);
  }

  delete(key: Bytes): void {
    this.inner.delete(keccak256(key));
  }

  hash(): Bytes {
    return this.inner.hash();
  }

  commit(writer: KeyValueWriter): Bytes {
    return this.inner.commit(writer);
  }
}
