// In-memory trie nodes and their RLP form.
//
// Nodes are immutable once built: an update makes new nodes along the changed path and shares every other
// subtree. That lets a node cache its reference (hash or embedded form) for good, so hashing a trie again only
// encodes the paths that changed, and copies of a trie cost nothing.
import type { Bytes } from '../common/bytes.js';
import { keccak256 } from '../crypto/keccak.js';
import { decodeRlp, encodeRlp, RlpError, type RlpItem } from '../rlp/rlp.js';
import { InvalidNodeError } from './errors.js';
import { hexPrefixDecode, hexPrefixEncode } from './hexPrefix.js';
import type { Nibbles } from './nibbles.js';

/**
 * How a parent refers to a node: the keccak256 of its RLP when that RLP is 32 bytes or longer, otherwise the RLP
 * itself, embedded in the parent. The length tells them apart: a hash is 32 bytes, an embedded node fewer.
 */
export type NodeRef = Bytes;

abstract class BaseNode {
  /** Cached reference; set once computed (nodes never change). */
  ref: NodeRef | undefined = undefined;
  /**
   * The node and everything below it are in the store the trie reads from, so commit can skip the subtree.
   * Only set for nodes written under their own hash (hashed nodes and a small root).
   */
  stored = false;
}

export class LeafNode extends BaseNode {
  readonly kind = 'leaf';
  constructor(
    /** The rest of the key below this node's position. */
    readonly path: Nibbles,
    readonly value: Bytes,
  ) {
    super();
  }
}

export class ExtensionNode extends BaseNode {
  readonly kind = 'extension';
  constructor(
    /** Shared key nibbles (never empty). */
    readonly path: Nibbles,
    readonly child: TrieNode,
  ) {
    super();
  }
}

export type BranchChildren = Array<TrieNode | undefined>;

export class BranchNode extends BaseNode {
  readonly kind = 'branch';
  constructor(
    /** Always 16 slots, one per nibble. */
    readonly children: BranchChildren,
    /** The value of the key that ends at this node. */
    readonly value: Bytes | undefined,
  ) {
    super();
  }
}

/** A node known only by its hash; the trie loads it from the store on first use and remembers the result. */
export class HashNode extends BaseNode {
  readonly kind = 'hash';
  resolved: ResolvedNode | undefined = undefined;
  constructor(readonly hash: Bytes) {
    super();
    this.ref = hash;
    this.stored = true;
  }
}

export type ResolvedNode = LeafNode | ExtensionNode | BranchNode;
export type TrieNode = ResolvedNode | HashNode;

// Nodes are encoded straight into one buffer of the right size: the generic RLP encoder builds and concatenates
// an array per item, which made encoding (and the garbage it left) cost as much as hashing on large tries.

/** Size of the RLP of a byte string. */
function stringSize(b: Bytes): number {
  if (b.length === 1 && b[0]! < 0x80) return 1;
  return lengthPrefixSize(b.length) + b.length;
}

function lengthPrefixSize(length: number): number {
  if (length < 56) return 1;
  let n = 1;
  while (length >= 256 ** n) n++;
  return 1 + n;
}

/** Writes an RLP length prefix (offset 0x80 for strings, 0xc0 for lists) and returns the next position. */
function writePrefix(out: Uint8Array, pos: number, length: number, offset: number): number {
  if (length < 56) {
    out[pos] = offset + length;
    return pos + 1;
  }
  let n = 1;
  while (length >= 256 ** n) n++;
  out[pos] = offset + 55 + n;
  for (let i = n; i >= 1; i--, length = Math.floor(length / 256)) out[pos + i] = length % 256;
  return pos + 1 + n;
}

function writeString(out: Uint8Array, pos: number, b: Bytes): number {
  if (b.length === 1 && b[0]! < 0x80) {
    out[pos] = b[0]!;
    return pos + 1;
  }
  pos = writePrefix(out, pos, b.length, 0x80);
  out.set(b, pos);
  return pos + b.length;
}

/** A child reference inside its parent: a hash as a 32-byte string, an embedded node as its own RLP. */
function refSize(ref: NodeRef): number {
  return ref.length === 32 ? 33 : ref.length;
}

function writeRef(out: Uint8Array, pos: number, ref: NodeRef): number {
  if (ref.length === 32) {
    out[pos] = 0xa0;
    out.set(ref, pos + 1);
    return pos + 33;
  }
  out.set(ref, pos);
  return pos + ref.length;
}

/** The node's own RLP (what the store holds under its hash); children are encoded by their references. */
export function encodeNode(node: ResolvedNode): Bytes {
  if (node.kind === 'branch') {
    const refs: Array<NodeRef | undefined> = new Array(16);
    let payload = node.value === undefined ? 1 : stringSize(node.value);
    for (let i = 0; i < 16; i++) {
      const child = node.children[i];
      if (child === undefined) {
        payload += 1;
      } else {
        const ref = nodeRef(child);
        refs[i] = ref;
        payload += refSize(ref);
      }
    }
    const out = new Uint8Array(lengthPrefixSize(payload) + payload);
    let pos = writePrefix(out, 0, payload, 0xc0);
    for (let i = 0; i < 16; i++) {
      const ref = refs[i];
      if (ref === undefined) out[pos++] = 0x80;
      else pos = writeRef(out, pos, ref);
    }
    if (node.value === undefined) out[pos] = 0x80;
    else writeString(out, pos, node.value);
    return out;
  }
  const path = hexPrefixEncode(node.path, node.kind === 'leaf');
  const payload = stringSize(path) + (node.kind === 'leaf' ? stringSize(node.value) : refSize(nodeRef(node.child)));
  const out = new Uint8Array(lengthPrefixSize(payload) + payload);
  const pos = writeString(out, writePrefix(out, 0, payload, 0xc0), path);
  if (node.kind === 'leaf') writeString(out, pos, node.value);
  else writeRef(out, pos, nodeRef(node.child));
  return out;
}

export function nodeRef(node: TrieNode): NodeRef {
  if (node.ref !== undefined) return node.ref;
  // A HashNode always has its ref, so the node here is resolved.
  const encoded = encodeNode(node as ResolvedNode);
  const ref = encoded.length >= 32 ? keccak256(encoded) : encoded;
  node.ref = ref;
  return ref;
}

/** The hash of a node, even one small enough to be embedded (a root is always referred to by hash). */
export function nodeHash(node: TrieNode): Bytes {
  const ref = nodeRef(node);
  return ref.length === 32 ? ref : keccak256(ref);
}

/** Decodes a node read from a store or a proof; embedded children are decoded too, hashed ones become HashNodes. */
export function decodeNode(encoded: Bytes): ResolvedNode {
  let item: RlpItem;
  try {
    item = decodeRlp(encoded);
  } catch (e) {
    if (e instanceof RlpError) throw new InvalidNodeError(e.message);
    throw e;
  }
  return nodeFromItem(item);
}

function nodeFromItem(item: RlpItem): ResolvedNode {
  if (!Array.isArray(item)) throw new InvalidNodeError('expected a list, got a string');
  if (item.length === 17) {
    const children: BranchChildren = new Array(16);
    for (let i = 0; i < 16; i++) children[i] = childFromItem(item[i]!, `branch child ${i}`);
    const value = item[16]!;
    if (Array.isArray(value)) throw new InvalidNodeError('branch value is a list');
    return new BranchNode(children, value.length === 0 ? undefined : value);
  }
  if (item.length === 2) {
    const encodedPath = item[0]!;
    if (Array.isArray(encodedPath)) throw new InvalidNodeError('node path is a list');
    let path: Nibbles;
    let terminating: boolean;
    try {
      ({ nibbles: path, terminating } = hexPrefixDecode(encodedPath));
    } catch (e) {
      throw new InvalidNodeError((e as Error).message);
    }
    if (terminating) {
      const value = item[1]!;
      if (Array.isArray(value)) throw new InvalidNodeError('leaf value is a list');
      if (value.length === 0) throw new InvalidNodeError('leaf with an empty value');
      return new LeafNode(path, value);
    }
    if (path.length === 0) throw new InvalidNodeError('extension with an empty path');
    const child = childFromItem(item[1]!, 'extension child');
    if (child === undefined) throw new InvalidNodeError('extension without a child');
    return new ExtensionNode(path, child);
  }
  throw new InvalidNodeError(`a list of ${item.length} items (expected 2 or 17)`);
}

function childFromItem(item: RlpItem, what: string): TrieNode | undefined {
  if (Array.isArray(item)) {
    // A node of 32 bytes or more must be referred to by hash; embedding it would give another parent hash.
    const size = encodeRlp(item).length;
    if (size >= 32) throw new InvalidNodeError(`${what} embeds a ${size}-byte node (must be hashed)`);
    return nodeFromItem(item);
  }
  if (item.length === 0) return undefined;
  if (item.length === 32) return new HashNode(item);
  throw new InvalidNodeError(`${what} is a ${item.length}-byte string (expected a 32-byte hash)`);
}
