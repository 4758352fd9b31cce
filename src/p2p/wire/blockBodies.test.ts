import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { bodyToRlp, encodeBody } from '../../core/types/block.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { blockBodiesCodec, getBlockBodiesCodec } from './blockBodies.js';
import { MAX_BODIES_SERVE, MAX_REQUEST_ITEMS } from './limits.js';
import { fill, fuzzDecode, junkInputs, rejectionOf, sampleBody, sampleHeader } from './testMessages.js';

describe('GetBlockBodies', () => {
  it('round-trips hashes', () => {
    const hashes = [fill(1, 32), fill(2, 32)];
    expect(getBlockBodiesCodec.decode(getBlockBodiesCodec.encode(hashes))).toEqual(hashes);
    expect(getBlockBodiesCodec.decode(getBlockBodiesCodec.encode([]))).toEqual([]);
  });

  it('accepts the largest request and refuses a longer one', () => {
    const hashes = Array.from({ length: MAX_REQUEST_ITEMS }, () => fill(9, 32));
    expect(getBlockBodiesCodec.decode(getBlockBodiesCodec.encode(hashes))).toHaveLength(MAX_REQUEST_ITEMS);
    expect(rejectionOf(getBlockBodiesCodec, encodeRlp([...hashes, fill(9, 32)]))).toContain(
      'hashes: 1025 elements, at most 1024 allowed',
    );
  });

  it.each([
    ['a short hash', encodeRlp([fill(1, 32), fill(1, 31)]), 'hash 1: expected 32 bytes, got 31'],
    ['a nested list', encodeRlp([[fill(1, 32)]]), 'hash 0: expected a string, got a list'],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(rejectionOf(getBlockBodiesCodec, bytes)).toContain(reason);
  });

  it('refuses to encode a short hash', () => {
    expect(() => getBlockBodiesCodec.encode([fill(1, 20)])).toThrow('GetBlockBodies: hash 0 must be 32 bytes, got 20');
  });

  it.each(junkInputs(getBlockBodiesCodec.encode([fill(1, 32)])))('refuses %s', (_name, bytes) => {
    expect(rejectionOf(getBlockBodiesCodec, bytes)).toMatch(/^invalid GetBlockBodies message: /);
  });
});

describe('BlockBodies', () => {
  const bodies = [sampleBody(), { transactions: [], ommers: [sampleHeader(5n)] }];

  it('round-trips bodies of every transaction type, with and without withdrawals', () => {
    const decoded = blockBodiesCodec.decode(blockBodiesCodec.encode(bodies));
    expect(decoded.map((b) => bytesToHex(encodeBody(b)))).toEqual(bodies.map((b) => bytesToHex(encodeBody(b))));
    expect(decoded[0]!.transactions.map((tx) => tx.type)).toEqual([0, 1, 2, 3]);
    expect(decoded[0]!.transactions.map((tx) => bytesToHex(tx.hash))).toEqual(
      bodies[0]!.transactions.map((tx) => bytesToHex(tx.hash)),
    );
    expect(decoded[1]!.withdrawals).toBeUndefined();
  });

  it('refuses more bodies than a server may send', () => {
    const many = encodeRlp(Array.from({ length: MAX_BODIES_SERVE + 1 }, () => [[], []]));
    expect(rejectionOf(blockBodiesCodec, many)).toContain('bodies: 1025 elements, at most 1024 allowed');
  });

  it.each([
    ['a body of one field', encodeRlp([[[]]]), 'body 0: expected 2 or 3 elements, got 1'],
    ['a body of four fields', encodeRlp([[[], [], [], []]]), 'body 0: expected 2 or 3 elements, got 4'],
    ['transactions that are a string', encodeRlp([[fill(1, 3), []]]), 'body 0 transactions: expected a list'],
    ['a typed transaction of unknown type', encodeRlp([[[Uint8Array.of(0x7f, 0xc0)], []]]), 'transaction type 0x7f not supported'],
    ['a bad ommer', encodeRlp([bodyToRlp(bodies[1]!), [[], [[]]]]), 'body 1 ommer 0: expected 15 to 21 fields'],
    ['a bad withdrawal', encodeRlp([[[], [], [[1n, 2n, fill(1, 19), 3n]]]]), 'body 0 withdrawal 0 address: expected 20 bytes, got 19'],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(rejectionOf(blockBodiesCodec, bytes)).toContain(reason);
  });

  it.each(junkInputs(blockBodiesCodec.encode(bodies)))('refuses %s', (_name, bytes) => {
    expect(rejectionOf(blockBodiesCodec, bytes)).toMatch(/^invalid BlockBodies message: /);
  });

  it('survives corrupted replies', () => {
    fuzzDecode(blockBodiesCodec, blockBodiesCodec.encode(bodies));
  });
});
