import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, type Bytes } from '../common/bytes.js';
import { keccak256 } from '../crypto/keccak.js';
import { encodeRlp, type RlpInput } from '../rlp/rlp.js';
import { InvalidNodeError } from './errors.js';
import { hexPrefixEncode } from './hexPrefix.js';
import {
  BranchNode,
  decodeNode,
  encodeNode,
  ExtensionNode,
  HashNode,
  LeafNode,
  nodeHash,
  nodeRef,
  type ResolvedNode,
  type TrieNode,
} from './node.js';

function bytes(length: number, fill: number): Bytes {
  return new Uint8Array(length).fill(fill);
}

/** The node's RLP through the generic encoder, to check the hand-written one against. */
function generic(node: TrieNode): RlpInput {
  const child = (c: TrieNode | undefined): RlpInput => {
    if (c === undefined) return new Uint8Array(0);
    if (c.kind === 'hash') return c.hash;
    const raw = generic(c);
    const enc = encodeRlp(raw);
    return enc.length < 32 ? raw : keccak256(enc);
  };
  switch (node.kind) {
    case 'hash':
      return node.hash;
    case 'leaf':
      return [hexPrefixEncode(node.path, true), node.value];
    case 'extension':
      return [hexPrefixEncode(node.path, false), child(node.child)];
    case 'branch':
      return [...node.children.map(child), node.value ?? new Uint8Array(0)];
  }
}

function branch(entries: Record<number, TrieNode>, value?: Bytes): BranchNode {
  const children = new Array<TrieNode | undefined>(16).fill(undefined);
  for (const [i, c] of Object.entries(entries)) children[Number(i)] = c;
  return new BranchNode(children, value);
}

describe('encodeNode', () => {
  it('matches the generic RLP encoder for values of every size class', () => {
    for (const len of [1, 2, 31, 54, 55, 56, 57, 200, 255, 256, 300, 70000]) {
      for (const fill of [0x00, 0x7f, 0x80, 0xff]) {
        const value = bytes(len, fill);
        const nodes: TrieNode[] = [
          new LeafNode(Uint8Array.of(1, 2, 3), value),
          new LeafNode(new Uint8Array(0), value),
          new LeafNode(new Uint8Array(64).fill(fill & 15), value),
          branch({ 0: new LeafNode(Uint8Array.of(5), value), 15: new HashNode(bytes(32, 9)) }, value),
          new ExtensionNode(
            Uint8Array.of(7),
            branch({ 3: new LeafNode(Uint8Array.of(1), value), 4: new LeafNode(Uint8Array.of(2), value) }),
          ),
        ];
        for (const node of nodes) {
          expect(bytesToHex(encodeNode(node as ResolvedNode))).toBe(bytesToHex(encodeRlp(generic(node))));
        }
      }
    }
  });

  it('embeds nodes under 32 bytes and hashes larger ones', () => {
    const small = new LeafNode(Uint8Array.of(1), Uint8Array.of(0x42));
    expect(bytesToHex(nodeRef(small))).toBe(bytesToHex(encodeNode(small)));
    expect(nodeRef(small).length).toBeLessThan(32);
    expect(bytesToHex(nodeHash(small))).toBe(bytesToHex(keccak256(encodeNode(small))));
    const large = new LeafNode(Uint8Array.of(1), bytes(40, 1));
    expect(bytesToHex(nodeRef(large))).toBe(bytesToHex(keccak256(encodeNode(large))));
    const parent = branch({ 1: small, 2: large });
    const enc = encodeNode(parent);
    expect(bytesToHex(enc)).toContain(bytesToHex(encodeNode(small)).slice(2));
    expect(bytesToHex(enc)).toContain('a0' + bytesToHex(nodeRef(large)).slice(2));
  });
});

describe('decodeNode', () => {
  it('round-trips leaves, extensions and branches, embedded children included', () => {
    const small = new LeafNode(Uint8Array.of(1), Uint8Array.of(0x42));
    const nodes = [
      new LeafNode(Uint8Array.of(1, 2, 3), bytes(40, 3)),
      branch({ 1: small, 9: new HashNode(bytes(32, 7)) }, bytes(3, 1)),
      new ExtensionNode(Uint8Array.of(1, 2), new HashNode(bytes(32, 5))),
      new ExtensionNode(Uint8Array.of(3), branch({ 0: small, 1: small })),
    ];
    for (const node of nodes) {
      const enc = encodeNode(node);
      const decoded = decodeNode(enc);
      expect(decoded.kind).toBe(node.kind);
      expect(bytesToHex(encodeNode(decoded))).toBe(bytesToHex(enc));
    }
    const b = decodeNode(encodeNode(nodes[1]!)) as BranchNode;
    expect(b.children[1]?.kind).toBe('leaf');
    expect(b.children[9]?.kind).toBe('hash');
    expect(b.children[0]).toBeUndefined();
  });

  const leafPath = hexPrefixEncode([1], true);
  const extPath = hexPrefixEncode([1], false);
  const branchItems = (): RlpInput[] => Array.from({ length: 17 }, () => new Uint8Array(0));
  const cases: Array<[string, Bytes, string]> = [
    ['bad RLP', hexToBytes('0xc3010203ff'), 'trailing bytes'],
    ['a string', encodeRlp(bytes(40, 1)), 'expected a list, got a string'],
    ['a list of 3', encodeRlp([leafPath, Uint8Array.of(1), Uint8Array.of(2)]), 'a list of 3 items'],
    ['a path that is a list', encodeRlp([[leafPath], Uint8Array.of(1)]), 'node path is a list'],
    ['a bad path flag', encodeRlp([Uint8Array.of(0x41), Uint8Array.of(1)]), 'invalid flag nibble 4'],
    ['a leaf value list', encodeRlp([leafPath, [Uint8Array.of(1)]]), 'leaf value is a list'],
    ['an empty leaf value', encodeRlp([leafPath, new Uint8Array(0)]), 'leaf with an empty value'],
    ['an empty extension path', encodeRlp([hexPrefixEncode([], false), bytes(32, 1)]), 'extension with an empty path'],
    ['an extension without child', encodeRlp([extPath, new Uint8Array(0)]), 'extension without a child'],
    ['a short child hash', encodeRlp([extPath, bytes(31, 1)]), 'extension child is a 31-byte string'],
    ['an oversized embedded child', encodeRlp([extPath, [leafPath, bytes(40, 1)]]), 'embeds a 43-byte node'],
    ['a branch value list', encodeRlp([...branchItems().slice(0, 16), [Uint8Array.of(1)]]), 'branch value is a list'],
    [
      'a bad branch child',
      encodeRlp([...branchItems().slice(0, 3), bytes(5, 1), ...branchItems().slice(4)]),
      'branch child 3 is a 5-byte string',
    ],
  ];
  it.each(cases)('rejects %s', (_name, enc, message) => {
    expect(() => decodeNode(enc)).toThrow(InvalidNodeError);
    expect(() => decodeNode(enc)).toThrow(message);
  });
});
