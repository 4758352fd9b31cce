import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { encodeHeader, headerToRlp } from '../../core/types/header.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { blockHeadersCodec, getBlockHeadersCodec, type GetBlockHeaders } from './blockHeaders.js';
import { MAX_HEADERS_SERVE, MAX_REQUEST_ITEMS } from './limits.js';
import { fill, fuzzDecode, junkInputs, rejectionOf, sampleHeader } from './testMessages.js';

describe('GetBlockHeaders', () => {
  it.each<[string, GetBlockHeaders]>([
    ['by number', { origin: 17n, amount: 5, skip: 0n, reverse: false }],
    ['from genesis, reversed', { origin: 0n, amount: 1, skip: 3n, reverse: true }],
    ['by hash with the largest skip', { origin: fill(0xab, 32), amount: MAX_REQUEST_ITEMS, skip: (1n << 64n) - 1n, reverse: true }],
  ])('round-trips a request %s', (_name, request) => {
    const bytes = getBlockHeadersCodec.encode(request);
    expect(getBlockHeadersCodec.decode(bytes)).toEqual(request);
  });

  it('encodes as eth/68 lays it out (without the request id)', () => {
    const bytes = getBlockHeadersCodec.encode({ origin: 0x0102n, amount: 3, skip: 0n, reverse: true });
    expect(bytesToHex(bytes)).toBe('0xc6820102038001');
  });

  it('refuses to encode a hash that is not 32 bytes (it would read back as a number)', () => {
    expect(() => getBlockHeadersCodec.encode({ origin: fill(1, 8), amount: 1, skip: 0n, reverse: false })).toThrow(
      'origin hash must be 32 bytes, got 8',
    );
  });

  it.each([
    ['more headers than allowed', encodeRlp([1n, MAX_REQUEST_ITEMS + 1, 0n, 0n]), 'amount: 1025 headers requested, at most 1024 allowed'],
    ['a huge amount', encodeRlp([1n, fill(0xff, 9), 0n, 0n]), 'amount: integer longer than 8 bytes'],
    ['an origin of 9 bytes', encodeRlp([fill(1, 9), 1n, 0n, 0n]), 'origin (a 32-byte hash or a block number): integer longer than 8 bytes'],
    ['an origin of 31 bytes', encodeRlp([fill(1, 31), 1n, 0n, 0n]), 'integer longer than 8 bytes'],
    ['an origin with a leading zero', encodeRlp([Uint8Array.of(0, 1), 1n, 0n, 0n]), 'integer has a leading zero'],
    ['an origin that is a list', encodeRlp([[], 1n, 0n, 0n]), 'origin: expected a string, got a list'],
    ['a skip over 64 bits', encodeRlp([1n, 1n, 1n << 64n, 0n]), 'skip: integer longer than 8 bytes'],
    ['reverse = 2', encodeRlp([1n, 1n, 0n, 2n]), 'reverse: expected 0 or 1, got 2'],
    ['reverse as 0x00', encodeRlp([1n, 1n, 0n, Uint8Array.of(0)]), 'reverse: integer has a leading zero'],
    ['three fields', encodeRlp([1n, 1n, 0n]), 'request: expected 4 elements, got 3'],
    ['five fields', encodeRlp([1n, 1n, 0n, 0n, 0n]), 'request: expected 4 elements, got 5'],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(rejectionOf(getBlockHeadersCodec, bytes)).toContain(reason);
  });

  it.each(junkInputs(getBlockHeadersCodec.encode({ origin: 1n, amount: 1, skip: 0n, reverse: false })))(
    'refuses %s',
    (_name, bytes) => {
      expect(rejectionOf(getBlockHeadersCodec, bytes)).toMatch(/^invalid GetBlockHeaders message: /);
    },
  );

  it('survives corrupted requests', () => {
    fuzzDecode(getBlockHeadersCodec, getBlockHeadersCodec.encode({ origin: fill(7, 32), amount: 9, skip: 3n, reverse: true }));
  });
});

describe('BlockHeaders', () => {
  const headers = [sampleHeader(1n), sampleHeader(2n, fill(0x42, 32))];

  it('round-trips headers, hashes included', () => {
    const decoded = blockHeadersCodec.decode(blockHeadersCodec.encode(headers));
    expect(decoded.map((h) => bytesToHex(h.hash))).toEqual(headers.map((h) => bytesToHex(h.hash)));
    expect(decoded.map((h) => bytesToHex(encodeHeader(h)))).toEqual(headers.map((h) => bytesToHex(encodeHeader(h))));
    expect(blockHeadersCodec.decode(blockHeadersCodec.encode([]))).toEqual([]);
  });

  it('refuses more headers than a server may send', () => {
    const many = encodeRlp(Array.from({ length: MAX_HEADERS_SERVE + 1 }, () => headerToRlp(headers[0]!)));
    expect(rejectionOf(blockHeadersCodec, many)).toContain('headers: 1025 elements, at most 1024 allowed');
  });

  it('names the bad header', () => {
    const fields = headerToRlp(headers[1]!) as Uint8Array[];
    const bad = encodeRlp([headerToRlp(headers[0]!), [fields[0]!, fill(1, 31), ...fields.slice(2)]]);
    expect(rejectionOf(blockHeadersCodec, bad)).toContain('header 1 ommersHash: expected 32 bytes, got 31');
    expect(rejectionOf(blockHeadersCodec, encodeRlp([fields.slice(0, 14)]))).toContain(
      'header 0: expected 15 to 21 fields, got 14',
    );
  });

  it.each(junkInputs(blockHeadersCodec.encode(headers)))('refuses %s', (_name, bytes) => {
    expect(rejectionOf(blockHeadersCodec, bytes)).toMatch(/^invalid BlockHeaders message: /);
  });

  it('survives corrupted replies', () => {
    fuzzDecode(blockHeadersCodec, blockHeadersCodec.encode(headers));
  });
});
