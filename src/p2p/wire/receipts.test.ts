import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { encodeReceipt, receiptToRlp } from '../../core/types/receipt.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { MAX_RECEIPTS_SERVE } from './limits.js';
import { getReceiptsCodec, receiptsCodec } from './receipts.js';
import { fill, fuzzDecode, junkInputs, rejectionOf, sampleReceipts } from './testMessages.js';

describe('GetReceipts', () => {
  it('round-trips hashes', () => {
    const hashes = [fill(1, 32), fill(2, 32), fill(3, 32)];
    expect(getReceiptsCodec.decode(getReceiptsCodec.encode(hashes))).toEqual(hashes);
  });

  it('names itself in errors', () => {
    expect(rejectionOf(getReceiptsCodec, encodeRlp([fill(1, 33)]))).toBe(
      'invalid GetReceipts message: rlp: hash 0: expected 32 bytes, got 33',
    );
  });
});

describe('Receipts', () => {
  const blocks = [sampleReceipts(), [], [sampleReceipts()[1]!]];

  it('round-trips receipts of several blocks in their consensus encoding', () => {
    const bytes = receiptsCodec.encode(blocks);
    const decoded = receiptsCodec.decode(bytes);
    const show = (bs: typeof blocks) => bs.map((rs) => rs.map((r) => bytesToHex(encodeReceipt(r))));
    expect(show(decoded)).toEqual(show(blocks));
    expect(decoded[0]!.map((r) => r.type)).toEqual([0, 2]);
    // A typed receipt travels as a byte string holding type || rlp(list), as in the receipts trie.
    expect(bytesToHex(bytes)).toContain(bytesToHex(encodeReceipt(blocks[0]![1]!)).slice(2));
  });

  it('refuses receipts for more blocks than a server may send', () => {
    const many = encodeRlp(Array.from({ length: MAX_RECEIPTS_SERVE + 1 }, () => []));
    expect(rejectionOf(receiptsCodec, many)).toContain('blocks: 1025 elements, at most 1024 allowed');
  });

  it.each([
    ['a block that is a string', encodeRlp([fill(1, 2)]), 'block 0: expected a list, got a string'],
    ['an unknown receipt type', encodeRlp([[Uint8Array.of(0x09, 0xc0)]]), 'block 0 receipt 0: unsupported receipt type 0x09'],
    ['an empty typed receipt', encodeRlp([[], [new Uint8Array(0)]]), 'block 1 receipt 0: empty typed receipt'],
    [
      'a bad status',
      encodeRlp([[receiptToRlp(sampleReceipts()[0]!), [fill(2, 2), 0n, fill(0, 256), []]]]),
      'block 0 receipt 1: invalid status/post-state field of 2 bytes',
    ],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(rejectionOf(receiptsCodec, bytes)).toContain(reason);
  });

  it.each(junkInputs(receiptsCodec.encode(blocks)))('refuses %s', (_name, bytes) => {
    expect(rejectionOf(receiptsCodec, bytes)).toMatch(/^invalid Receipts message: /);
  });

  it('survives corrupted replies', () => {
    fuzzDecode(receiptsCodec, receiptsCodec.encode(blocks));
  });
});
