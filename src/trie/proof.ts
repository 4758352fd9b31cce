// Merkle proofs: the RLP of every hashed node on a key's path, root first (the form eth_getProof returns).
// Verifying needs nothing but the root: each node must hash to the reference its parent holds.
import { bytesEqual, bytesToHex, type Bytes } from '../common/bytes.js';
import { EMPTY_TRIE_ROOT, keccak256 } from '../crypto/keccak.js';
import { describePath, InvalidNodeError, InvalidProofError } from './errors.js';
import { bytesToNibbles, commonPrefixLength } from './nibbles.js';
import { decodeNode, encodeNode, nodeRef, type ResolvedNode, type TrieNode } from './node.js';
import { SecureTrie } from './secureTrie.js';
import { Trie } from './trie.js';

/**
 * The proof for `key` (present or absent). For a SecureTrie pass the plain key; the proof is over its hash, so
 * check it with verifySecureProof. An empty trie gives an empty proof.
 */
export function createProof(trie: Trie | SecureTrie, key: Bytes): Bytes[] {
  const nodes = trie instanceof SecureTrie ? trie.trie.pathNodes(keccak256(key)) : trie.pathNodes(key);
  const proof: Bytes[] = [];
  // Embedded nodes are inside their parent's RLP already; only the root and hashed nodes are proof elements.
  for (let i = 0; i < nodes.length; i++) {
    if (i === 0 || nodeRef(nodes[i]!).length === 32) proof.push(encodeNode(nodes[i]!));
  }
  return proof;
}

/**
 * The value of `key` under `root` according to `proof`, or undefined when the proof shows the key is absent.
 * Throws InvalidProofError when the proof does not link up to the root, lacks a node, has a malformed node or
 * carries nodes past the end of the key's path.
 */
export function verifyProof(root: Bytes, key: Bytes, proof: Bytes[]): Bytes | undefined {
  if (proof.length === 0) {
    if (bytesEqual(root, EMPTY_TRIE_ROOT)) return undefined;
    throw new InvalidProofError(`empty proof for the non-empty root ${bytesToHex(root)}`);
  }
  const path = bytesToNibbles(key);
  let pos = 0;
  let used = 0;
  let node = proofNode(proof, used, root, path, pos);
  let value: Bytes | undefined;
  for (;;) {
    let next: TrieNode | undefined;
    if (node.kind === 'branch') {
      if (pos === path.length) {
        value = node.value;
        break;
      }
      next = node.children[path[pos]!];
      pos++;
    } else {
      const matched = commonPrefixLength(node.path, path, pos);
      if (matched < node.path.length) break;
      pos += matched;
      if (node.kind === 'leaf') {
        if (pos === path.length) value = node.value;
        break;
      }
      next = node.child;
    }
    if (next === undefined) break;
    if (next.kind === 'hash') {
      used++;
      node = proofNode(proof, used, next.hash, path, pos);
    } else {
      node = next;
    }
  }
  if (used + 1 < proof.length) {
    throw new InvalidProofError(`${proof.length - used - 1} proof node(s) left over after the end of the key's path`);
  }
  return value;
}

/** verifyProof for a SecureTrie proof: the trie key is keccak256(key). */
export function verifySecureProof(root: Bytes, key: Bytes, proof: Bytes[]): Bytes | undefined {
  return verifyProof(root, keccak256(key), proof);
}

function proofNode(proof: Bytes[], index: number, expected: Bytes, path: Uint8Array, pos: number): ResolvedNode {
  const where = describePath(path.subarray(0, pos));
  const encoded = proof[index];
  if (encoded === undefined) {
    const count = proof.length;
    throw new InvalidProofError(`node ${bytesToHex(expected)} ${where} is missing (the proof has ${count} nodes)`);
  }
  const hash = keccak256(encoded);
  if (!bytesEqual(hash, expected)) {
    const got = bytesToHex(hash);
    throw new InvalidProofError(`node ${index} ${where} hashes to ${got}, expected ${bytesToHex(expected)}`);
  }
  try {
    return decodeNode(encoded);
  } catch (e) {
    if (e instanceof InvalidNodeError) throw new InvalidProofError(`node ${index} ${where} is malformed: ${e.reason}`);
    throw e;
  }
}
