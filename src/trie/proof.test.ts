import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, utf8ToBytes, type Bytes } from '../common/bytes.js';
import { EMPTY_TRIE_ROOT, keccak256 } from '../crypto/keccak.js';
import { MemoryStore } from '../db/memoryStore.js';
import { encodeRlp } from '../rlp/rlp.js';
import { InvalidProofError } from './errors.js';
import { createProof, verifyProof, verifySecureProof } from './proof.js';
import { SecureTrie } from './secureTrie.js';
import { Trie } from './trie.js';

const hex = bytesToHex;

/** 500 keys of 32 bytes with ~75-byte values (a state-like trie) plus a few short keys with tiny values. */
function sampleTrie(): { trie: Trie; keys: Bytes[] } {
  const trie = new Trie();
  const keys: Bytes[] = [];
  for (let i = 0; i < 500; i++) {
    const key = keccak256(encodeRlp(i));
    keys.push(key);
    trie.put(key, encodeRlp([i, BigInt(i) * 10n ** 18n, EMPTY_TRIE_ROOT]));
  }
  for (const k of ['a', 'ab', 'abc', 'b']) {
    keys.push(utf8ToBytes(k));
    trie.put(utf8ToBytes(k), utf8ToBytes(k.toUpperCase()));
  }
  return { trie, keys };
}

function invalid(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidProofError);
    return (e as Error).message;
  }
  throw new Error('the proof was accepted');
}

describe('Merkle proofs', () => {
  const { trie, keys } = sampleTrie();
  const root = trie.hash();

  it('prove every present key', () => {
    for (const key of keys) {
      const proof = createProof(trie, key);
      expect(proof.length).toBeGreaterThan(0);
      expect(hex(keccak256(proof[0]!))).toBe(hex(root));
      expect(hex(verifyProof(root, key, proof)!)).toBe(hex(trie.get(key)!));
    }
  });

  it('prove the absence of missing keys', () => {
    const absent = ['zzz', 'a\u0000', 'abcd', ''].map(utf8ToBytes);
    absent.push(keccak256(utf8ToBytes('nope')));
    for (const key of absent) {
      const proof = createProof(trie, key);
      expect(verifyProof(root, key, proof)).toBeUndefined();
    }
  });

  it('work on a committed trie reopened from its store', () => {
    const store = new MemoryStore();
    trie.commit(store);
    const reopened = new Trie(store, root);
    for (const key of keys.slice(0, 50)) expect(createProof(reopened, key)).toEqual(createProof(trie, key));
  });

  it('work when the root itself is under 32 bytes', () => {
    const small = new Trie();
    small.put(Uint8Array.of(1), Uint8Array.of(2));
    const proof = createProof(small, Uint8Array.of(1));
    expect(proof.length).toBe(1);
    expect(hex(verifyProof(small.hash(), Uint8Array.of(1), proof)!)).toBe('0x02');
    expect(verifyProof(small.hash(), Uint8Array.of(3), createProof(small, Uint8Array.of(3)))).toBeUndefined();
  });

  it('prove absence in an empty trie with an empty proof', () => {
    expect(createProof(new Trie(), Uint8Array.of(1))).toEqual([]);
    expect(verifyProof(EMPTY_TRIE_ROOT, Uint8Array.of(1), [])).toBeUndefined();
    expect(invalid(() => verifyProof(root, keys[0]!, []))).toContain('empty proof for the non-empty root');
  });

  it('reject a proof for another root', () => {
    const proof = createProof(trie, keys[0]!);
    const other = keccak256(utf8ToBytes('other'));
    expect(invalid(() => verifyProof(other, keys[0]!, proof))).toBe(
      `trie: invalid proof: node 0 at the root hashes to ${hex(root)}, expected ${hex(other)}`,
    );
  });

  it('reject a tampered node', () => {
    const proof = createProof(trie, keys[3]!);
    const last = proof.length - 1;
    const tampered = proof.map((n) => Uint8Array.from(n));
    tampered[last]![tampered[last]!.length - 1]! ^= 1;
    expect(invalid(() => verifyProof(root, keys[3]!, tampered))).toMatch(
      new RegExp(`^trie: invalid proof: node ${last} at nibble path [0-9a-f]+ hashes to 0x`),
    );
  });

  it('reject a proof that stops early or carries extra nodes', () => {
    const proof = createProof(trie, keys[4]!);
    expect(invalid(() => verifyProof(root, keys[4]!, proof.slice(0, -1)))).toMatch(
      /node 0x[0-9a-f]{64} at nibble path [0-9a-f]+ is missing/,
    );
    const extra = [...proof, createProof(trie, keys[5]!).at(-1)!];
    expect(invalid(() => verifyProof(root, keys[4]!, extra))).toContain('1 proof node(s) left over');
  });

  it('reject a malformed node even when its hash matches', () => {
    const garbage = hexToBytes('0xc3010203');
    expect(invalid(() => verifyProof(keccak256(garbage), Uint8Array.of(1), [garbage]))).toBe(
      'trie: invalid proof: node 0 at the root is malformed: a list of 3 items (expected 2 or 17)',
    );
    const notRlp = hexToBytes('0xf9');
    expect(invalid(() => verifyProof(keccak256(notRlp), Uint8Array.of(1), [notRlp]))).toContain(
      'node 0 at the root is malformed: rlp:',
    );
  });

  it("reject one key's proof used for another key whose path it does not cover", () => {
    const proof = createProof(trie, keys[0]!);
    expect(invalid(() => verifyProof(root, keys[1]!, proof))).toMatch(/hashes to|is missing|left over/);
  });

  it('cover a SecureTrie through the hashed key', () => {
    const secure = new SecureTrie();
    for (let i = 0; i < 100; i++) secure.put(encodeRlp(i), utf8ToBytes(`value ${i}`.repeat(3)));
    const key = encodeRlp(42);
    const proof = createProof(secure, key);
    expect(new TextDecoder().decode(verifySecureProof(secure.hash(), key, proof))).toBe('value 42'.repeat(3));
    expect(hex(verifyProof(secure.hash(), keccak256(key), proof)!)).toBe(hex(secure.get(key)!));
    expect(verifySecureProof(secure.hash(), encodeRlp(1000), createProof(secure, encodeRlp(1000)))).toBeUndefined();
  });
});
