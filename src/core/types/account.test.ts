import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { EMPTY_TRIE_ROOT, KECCAK256_EMPTY } from '../../crypto/keccak.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { decodeAccount, encodeAccount, newAccount } from './account.js';

describe('state account', () => {
  it('encodes an empty account as rlp([0, 0, emptyRoot, emptyCodeHash])', () => {
    const a = newAccount();
    expect(a).toEqual({ nonce: 0n, balance: 0n, storageRoot: EMPTY_TRIE_ROOT, codeHash: KECCAK256_EMPTY });
    expect(bytesToHex(encodeAccount(a))).toBe(
      '0xf8448080a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
  });

  it('round-trips', () => {
    const a = { nonce: 7n, balance: 10n ** 22n, storageRoot: new Uint8Array(32).fill(1), codeHash: new Uint8Array(32).fill(2) };
    expect(decodeAccount(encodeAccount(a))).toEqual(a);
  });

  it('rejects malformed encodings with the field named', () => {
    const root = EMPTY_TRIE_ROOT;
    const code = KECCAK256_EMPTY;
    expect(() => decodeAccount(encodeRlp([1n, 2n, root]))).toThrow('account: expected 4 elements, got 3');
    expect(() => decodeAccount(encodeRlp([1n, 2n, root.subarray(1), code]))).toThrow('account storage root: expected 32 bytes');
    expect(() => decodeAccount(encodeRlp([1n, 2n, root, code.subarray(1)]))).toThrow('account code hash: expected 32 bytes');
    expect(() => decodeAccount(encodeRlp([2n ** 64n, 2n, root, code]))).toThrow('account nonce: integer longer than 8 bytes');
    expect(() => decodeAccount(encodeRlp([hexToBytes('0x0001'), 2n, root, code]))).toThrow('account nonce: integer has a leading zero');
    expect(() => decodeAccount(encodeRlp([[], 2n, root, code]))).toThrow('account nonce: expected a string');
    expect(() => decodeAccount(hexToBytes('0x80'))).toThrow('account: expected a list');
    expect(() => decodeAccount(hexToBytes('0xc5'))).toThrow();
  });
});
