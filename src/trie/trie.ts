// The Merkle Patricia Trie (yellow paper, appendix D) over a synchronous key-value store of nodes keyed by hash.
//
// Reads walk in-memory nodes and load stored ones on first use. Updates build new nodes along the changed path
// (see node.ts), so hash() only encodes what changed since the last call, and commit() only writes nodes the
// store does not hold yet. After a commit the trie keeps its nodes in memory, marked as stored; reopening from
// the root instead drops them and reads the store again.
import { bytesEqual, type Bytes } from '../common/bytes.js';
import { EMPTY_TRIE_ROOT } from '../crypto/keccak.js';
import type { KeyValueReader, KeyValueWriter } from '../db/keyValueStore.js';
import { InvalidNodeError, MissingNodeError } from './errors.js';
import { bytesToNibbles, commonPrefixLength, concatNibbles, nibblesToBytes, type Nibbles } from './nibbles.js';
import {
  BranchNode,
  decodeNode,
  encodeNode,
  ExtensionNode,
  HashNode,
  LeafNode,
  nodeHash,
  nodeRef,
  type BranchChildren,
  type ResolvedNode,
  type TrieNode,
} from './node.js';

const NO_NIBBLES: Nibbles = new Uint8Array(0);

export class Trie {
  private root: TrieNode | undefined = undefined;

  /**
   * Opens the trie with the given root over `reader` (no root, or the empty root, gives an empty trie). A
   * non-empty root must be in the store: a missing one throws MissingNodeError here rather than on first use.
   */
  constructor(
    private readonly reader?: KeyValueReader,
    root?: Bytes,
  ) {
    if (root === undefined || bytesEqual(root, EMPTY_TRIE_ROOT)) return;
    if (root.length !== 32) throw new Error(`trie: a root hash is 32 bytes, got ${root.length}`);
    if (reader === undefined) throw new Error('trie: opening a non-empty root needs a store to read its nodes from');
    const node = new HashNode(root);
    this.resolve(node, NO_NIBBLES, 0);
    this.root = node;
  }

  /** A trie that starts from this one's current contents; changes to either do not affect the other. */
  copy(): Trie {
    const other = new Trie(this.reader);
    other.root = this.root;
    return other;
  }

  /** The value stored under `key`, or undefined. The returned bytes are shared with the trie: do not mutate. */
  get(key: Bytes): Bytes | undefined {
    const path = bytesToNibbles(key);
    let pos = 0;
    let node = this.root;
    while (node !== undefined) {
      const n = this.resolve(node, path, pos);
      if (n.kind === 'branch') {
        if (pos === path.length) return n.value;
        node = n.children[path[pos]!];
        pos++;
        continue;
      }
      const matched = commonPrefixLength(n.path, path, pos);
      if (matched < n.path.length) return undefined;
      pos += matched;
      if (n.kind === 'leaf') return pos === path.length ? n.value : undefined;
      node = n.child;
    }
    return undefined;
  }

  /** Sets `key` to `value`; an empty value deletes the key, as in Ethereum's tries. The trie keeps `value` as is. */
  put(key: Bytes, value: Bytes): void {
    if (value.length === 0) {
      this.delete(key);
      return;
    }
    this.root = this.insert(this.root, bytesToNibbles(key), 0, value);
  }

  delete(key: Bytes): void {
    this.root = this.remove(this.root, bytesToNibbles(key), 0);
  }

  /** The root hash of the current contents; writes nothing. */
  hash(): Bytes {
    return this.root === undefined ? EMPTY_TRIE_ROOT : nodeHash(this.root);
  }

  /**
   * Writes every node that is not in the store yet (each under its hash; nodes under 32 bytes live inside their
   * parent, except a small root, which is always stored by hash) and returns the root hash.
   */
  commit(writer: KeyValueWriter): Bytes {
    if (this.root === undefined) return EMPTY_TRIE_ROOT;
    const root = nodeHash(this.root);
    this.commitNode(this.root, writer, true);
    return root;
  }

  /** Entries in key order, from the first key >= `start` (or from the first key). */
  *entries(start?: Bytes): Generator<[Bytes, Bytes]> {
    if (this.root === undefined) return;
    const bound = start === undefined ? undefined : bytesToNibbles(start);
    yield* this.walk(this.root, [], bound, false, false);
  }

  /** The smallest key greater than `key`, or undefined. */
  nextKey(key: Bytes): Bytes | undefined {
    return this.firstKey(key, false);
  }

  /** The largest key smaller than `key`, or undefined. */
  prevKey(key: Bytes): Bytes | undefined {
    return this.firstKey(key, true);
  }

  /**
   * The nodes on the path of `key`, root first, down to the node that holds its value or shows it is absent
   * (what a Merkle proof is made of).
   */
  pathNodes(key: Bytes): ResolvedNode[] {
    const path = bytesToNibbles(key);
    const nodes: ResolvedNode[] = [];
    let pos = 0;
    let node = this.root;
    while (node !== undefined) {
      const n = this.resolve(node, path, pos);
      nodes.push(n);
      if (n.kind === 'branch') {
        if (pos === path.length) break;
        node = n.children[path[pos]!];
        pos++;
        continue;
      }
      if (n.kind === 'leaf') break;
      const matched = commonPrefixLength(n.path, path, pos);
      if (matched < n.path.length) break;
      pos += matched;
      node = n.child;
    }
    return nodes;
  }

  /** Loads a hashed node from the store (once: the result is kept on the HashNode). */
  private resolve(node: TrieNode, path: ArrayLike<number>, pos: number): ResolvedNode {
    if (node.kind !== 'hash') return node;
    if (node.resolved !== undefined) return node.resolved;
    const encoded = this.reader?.get(node.hash);
    if (encoded === undefined) {
      throw new MissingNodeError(node.hash, Uint8Array.from({ length: pos }, (_, i) => path[i]!));
    }
    let decoded: ResolvedNode;
    try {
      decoded = decodeNode(encoded);
    } catch (e) {
      if (e instanceof InvalidNodeError) throw new InvalidNodeError(e.reason, node.hash);
      throw e;
    }
    decoded.ref = node.hash;
    decoded.stored = true;
    node.resolved = decoded;
    return decoded;
  }

  private insert(node: TrieNode | undefined, path: Nibbles, pos: number, value: Bytes): TrieNode {
    if (node === undefined) return new LeafNode(path.subarray(pos), value);
    const n = this.resolve(node, path, pos);
    if (n.kind === 'branch') {
      if (pos === path.length) {
        return n.value !== undefined && bytesEqual(n.value, value) ? node : new BranchNode(n.children, value);
      }
      const index = path[pos]!;
      const old = n.children[index];
      const child = this.insert(old, path, pos + 1, value);
      if (child === old) return node;
      const children = n.children.slice();
      children[index] = child;
      return new BranchNode(children, n.value);
    }

    const matched = commonPrefixLength(n.path, path, pos);
    if (n.kind === 'leaf') {
      if (matched === n.path.length && pos + matched === path.length) {
        return bytesEqual(n.value, value) ? node : new LeafNode(n.path, value);
      }
    } else if (matched === n.path.length) {
      const child = this.insert(n.child, path, pos + matched, value);
      return child === n.child ? node : new ExtensionNode(n.path, child);
    }

    // The paths part at `matched`: a branch there holds the old node's remainder and the new key.
    const children: BranchChildren = new Array(16).fill(undefined);
    let branchValue: Bytes | undefined;
    if (n.kind === 'leaf') {
      if (matched === n.path.length) branchValue = n.value;
      else children[n.path[matched]!] = new LeafNode(n.path.subarray(matched + 1), n.value);
    } else {
      children[n.path[matched]!] =
        matched + 1 === n.path.length ? n.child : new ExtensionNode(n.path.subarray(matched + 1), n.child);
    }
    const at = pos + matched;
    if (at === path.length) branchValue = value;
    else children[path[at]!] = new LeafNode(path.subarray(at + 1), value);
    const branch = new BranchNode(children, branchValue);
    return matched === 0 ? branch : new ExtensionNode(n.path.subarray(0, matched), branch);
  }

  /** Returns the node unchanged (the same object) when the key is not there, so nothing is rehashed. */
  private remove(node: TrieNode | undefined, path: Nibbles, pos: number): TrieNode | undefined {
    if (node === undefined) return undefined;
    const n = this.resolve(node, path, pos);
    if (n.kind === 'branch') {
      let children = n.children;
      let value = n.value;
      if (pos === path.length) {
        if (value === undefined) return node;
        value = undefined;
      } else {
        const index = path[pos]!;
        const old = children[index];
        if (old === undefined) return node;
        const child = this.remove(old, path, pos + 1);
        if (child === old) return node;
        children = children.slice();
        children[index] = child;
      }
      return this.collapseBranch(children, value, path, pos);
    }

    const matched = commonPrefixLength(n.path, path, pos);
    if (matched < n.path.length) return node;
    if (n.kind === 'leaf') return pos + matched === path.length ? undefined : node;
    const child = this.remove(n.child, path, pos + matched);
    if (child === n.child) return node;
    if (child === undefined) return undefined;
    return this.prependPath(n.path, child, path, pos + matched);
  }

  /** A branch left with a single entry is replaced by a leaf or an extension, as the canonical form requires. */
  private collapseBranch(
    children: BranchChildren,
    value: Bytes | undefined,
    path: Nibbles,
    pos: number,
  ): TrieNode | undefined {
    let count = value === undefined ? 0 : 1;
    let only = -1;
    for (let i = 0; i < 16; i++) {
      if (children[i] !== undefined) {
        count++;
        only = i;
      }
    }
    if (count >= 2) return new BranchNode(children, value);
    if (count === 0) return undefined;
    if (value !== undefined) return new LeafNode(NO_NIBBLES, value);
    const childPath = concatNibbles(path.subarray(0, pos), [only]);
    return this.prependPath(Uint8Array.of(only), children[only]!, childPath, childPath.length);
  }

  /** The node `child` seen from `prefix` nibbles higher up: leaf and extension paths absorb the prefix. */
  private prependPath(prefix: Nibbles, child: TrieNode, path: ArrayLike<number>, pos: number): TrieNode {
    const c = this.resolve(child, path, pos);
    if (c.kind === 'leaf') return new LeafNode(concatNibbles(prefix, c.path), c.value);
    if (c.kind === 'extension') return new ExtensionNode(concatNibbles(prefix, c.path), c.child);
    return new ExtensionNode(prefix, child);
  }

  private commitNode(node: TrieNode, writer: KeyValueWriter, isRoot: boolean): void {
    if (node.stored) return;
    const n = node as ResolvedNode; // a HashNode is always stored
    const ref = nodeRef(n);
    // An embedded node is written as part of its parent, and so is everything below it (all embedded too).
    if (ref.length < 32 && !isRoot) return;
    if (n.kind === 'branch') {
      for (const child of n.children) if (child !== undefined) this.commitNode(child, writer, false);
    } else if (n.kind === 'extension') {
      this.commitNode(n.child, writer, false);
    }
    writer.put(nodeHash(n), encodeNode(n));
    n.stored = true;
  }

  private firstKey(key: Bytes, reverse: boolean): Bytes | undefined {
    if (this.root === undefined) return undefined;
    for (const [k] of this.walk(this.root, [], bytesToNibbles(key), reverse, true)) return k;
    return undefined;
  }

  /**
   * Entries of the subtree at `path`, in key order (or reverse), limited by `bound`: keys >= bound going
   * forward, <= bound in reverse, with equality excluded when `strict`. Subtrees wholly outside are skipped
   * without loading them, and subtrees wholly inside drop the bound.
   */
  private *walk(
    node: TrieNode,
    path: number[],
    bound: Nibbles | undefined,
    reverse: boolean,
    strict: boolean,
  ): Generator<[Bytes, Bytes]> {
    if (bound !== undefined) {
      const c = comparePrefix(path, bound);
      if (reverse ? c > 0 : c < 0) return;
      if (c !== 0) bound = undefined;
    }
    const n = this.resolve(node, path, path.length);
    if (n.kind === 'leaf') {
      const key = concatNibbles(path, n.path);
      if (bound === undefined || inRange(key, bound, reverse, strict)) yield [nibblesToBytes(key), n.value];
      return;
    }
    if (n.kind === 'extension') {
      for (const x of n.path) path.push(x);
      yield* this.walk(n.child, path, bound, reverse, strict);
      path.length -= n.path.length;
      return;
    }
    const inside = bound === undefined || inRange(path, bound, reverse, strict);
    const value = inside ? n.value : undefined;
    if (value !== undefined && !reverse) yield [nibblesToBytes(path), value];
    for (let k = 0; k < 16; k++) {
      const i = reverse ? 15 - k : k;
      const child = n.children[i];
      if (child === undefined) continue;
      path.push(i);
      yield* this.walk(child, path, bound, reverse, strict);
      path.pop();
    }
    if (value !== undefined && reverse) yield [nibblesToBytes(path), value];
  }
}

/** Compares `path` with the bound cut to the same length: 0 when the path is a prefix of the bound. */
function comparePrefix(path: ArrayLike<number>, bound: Nibbles): number {
  const n = Math.min(path.length, bound.length);
  for (let i = 0; i < n; i++) if (path[i] !== bound[i]) return path[i]! < bound[i]! ? -1 : 1;
  return path.length > bound.length ? 1 : 0;
}

function inRange(key: ArrayLike<number>, bound: Nibbles, reverse: boolean, strict: boolean): boolean {
  let c = comparePrefix(key, bound);
  if (c === 0 && key.length < bound.length) c = -1;
  if (c === 0) return !strict;
  return reverse ? c < 0 : c > 0;
}
