// The trie's failure modes, as distinct classes so callers can tell a missing node (an incomplete database, e.g.
// state that was never synced) from a corrupt one or from a bad proof sent by a peer.
import { bytesToHex, type Bytes } from '../common/bytes.js';
import type { Nibbles } from './nibbles.js';

/** Where in the trie a node sits, for error messages: its nibble path from the root. */
export function describePath(path: ArrayLike<number>): string {
  if (path.length === 0) return 'at the root';
  let s = '';
  for (let i = 0; i < path.length; i++) s += path[i]!.toString(16);
  return `at nibble path ${s}`;
}

export class MissingNodeError extends Error {
  constructor(
    readonly hash: Bytes,
    readonly path?: Nibbles,
  ) {
    super(`trie: missing node ${bytesToHex(hash)}${path ? ` ${describePath(path)}` : ''}`);
    this.name = 'MissingNodeError';
  }
}

/** A node whose RLP does not describe a leaf, an extension or a branch. */
export class InvalidNodeError extends Error {
  constructor(
    readonly reason: string,
    readonly hash?: Bytes,
  ) {
    super(`trie: invalid node${hash ? ` ${bytesToHex(hash)}` : ''}: ${reason}`);
    this.name = 'InvalidNodeError';
  }
}

export class InvalidProofError extends Error {
  constructor(reason: string) {
    super(`trie: invalid proof: ${reason}`);
    this.name = 'InvalidProofError';
  }
}
