import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8ToBytes } from '../common/bytes.js';
import {
  bodyKey,
  canonicalHashKey,
  chainConfigKey,
  codeKey,
  decodeBlockNumber,
  encodeBlockNumber,
  genesisSpecKey,
  HEAD_BLOCK_KEY,
  HEAD_HEADER_KEY,
  headerKey,
  headerNumberKey,
  headerNumberPrefix,
  headerTdKey,
  receiptsKey,
  trieNodeKey,
  txLookupKey,
} from './schema.js';

const hash = new Uint8Array(32).fill(0xab);
const hex = (b: Uint8Array) => bytesToHex(b).slice(2);
const h = hex(hash);

describe('database schema', () => {
  it('encodes block numbers as 8 bytes big-endian, so key order is block order', () => {
    expect(hex(encodeBlockNumber(0n))).toBe('0000000000000000');
    expect(hex(encodeBlockNumber(0x0102n))).toBe('0000000000000102');
    expect(hex(encodeBlockNumber(2n ** 64n - 1n))).toBe('ffffffffffffffff');
    expect(decodeBlockNumber(encodeBlockNumber(123456789n))).toBe(123456789n);
    expect(() => encodeBlockNumber(2n ** 64n)).toThrow('not a uint64');
    expect(() => encodeBlockNumber(-1n)).toThrow('not a uint64');
    expect(() => decodeBlockNumber(new Uint8Array(7))).toThrow('must be 8 bytes');
  });

  it("lays keys out as geth's rawdb does", () => {
    expect(hex(headerKey(1n, hash))).toBe('68' + '0000000000000001' + h);
    expect(hex(headerTdKey(1n, hash))).toBe('68' + '0000000000000001' + h + '74');
    expect(hex(canonicalHashKey(1n))).toBe('68' + '0000000000000001' + '6e');
    expect(hex(headerNumberPrefix(1n))).toBe('68' + '0000000000000001');
    expect(hex(headerNumberKey(hash))).toBe('48' + h);
    expect(hex(bodyKey(2n, hash))).toBe('62' + '0000000000000002' + h);
    expect(hex(receiptsKey(2n, hash))).toBe('72' + '0000000000000002' + h);
    expect(hex(txLookupKey(hash))).toBe('6c' + h);
    expect(hex(codeKey(hash))).toBe('63' + h);
    expect(trieNodeKey(hash)).toBe(hash);
    expect(HEAD_HEADER_KEY).toEqual(utf8ToBytes('LastHeader'));
    expect(HEAD_BLOCK_KEY).toEqual(utf8ToBytes('LastBlock'));
    expect(new TextDecoder().decode(chainConfigKey(hash).subarray(0, 16))).toBe('ethereum-config-');
    expect(new TextDecoder().decode(genesisSpecKey(hash).subarray(0, 17))).toBe('ethereum-genesis-');
  });

  it('gives no key but a trie node a length of 32, so bare hash keys cannot collide', () => {
    const keys = [
      headerKey(1n, hash),
      headerTdKey(1n, hash),
      canonicalHashKey(1n),
      headerNumberKey(hash),
      bodyKey(1n, hash),
      receiptsKey(1n, hash),
      txLookupKey(hash),
      codeKey(hash),
      chainConfigKey(hash),
      genesisSpecKey(hash),
      HEAD_HEADER_KEY,
      HEAD_BLOCK_KEY,
    ];
    for (const k of keys) expect(k.length).not.toBe(32);
  });

  it('rejects hashes of the wrong size', () => {
    expect(() => headerKey(1n, new Uint8Array(31))).toThrow('block hash must be 32 bytes, got 31');
    expect(() => codeKey(new Uint8Array(20))).toThrow('code hash must be 32 bytes');
    expect(() => trieNodeKey(new Uint8Array(33))).toThrow('trie node hash must be 32 bytes');
    expect(() => txLookupKey(new Uint8Array(0))).toThrow('transaction hash must be 32 bytes');
  });
});
