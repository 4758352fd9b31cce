import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { Block, blockToRlp, encodeBlock } from '../../core/types/block.js';
import { headerToRlp } from '../../core/types/header.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { newBlockCodec } from './newBlock.js';
import { fill, fuzzDecode, junkInputs, rejectionOf, sampleBody, sampleHeader } from './testMessages.js';

describe('NewBlock', () => {
  const block = new Block(sampleHeader(9n), sampleBody());
  const message = { block, totalDifficulty: 58_750_000_000_000_000_000_000n };

  it('round-trips a block with its total difficulty', () => {
    const decoded = newBlockCodec.decode(newBlockCodec.encode(message));
    expect(bytesToHex(decoded.block.hash)).toBe(bytesToHex(block.hash));
    expect(bytesToHex(encodeBlock(decoded.block))).toBe(bytesToHex(encodeBlock(block)));
    expect(decoded.totalDifficulty).toBe(message.totalDifficulty);
  });

  it.each([
    ['a missing total difficulty', encodeRlp([blockToRlp(block)]), 'new block: expected 2 elements, got 1'],
    ['a total difficulty over 256 bits', encodeRlp([blockToRlp(block), fill(1, 33)]), 'totalDifficulty: integer longer than 32 bytes'],
    ['a block of two fields', encodeRlp([[headerToRlp(block.header), []], 1n]), 'block: expected 3 or 4 elements, got 2'],
    [
      'a Shanghai header without withdrawals',
      encodeRlp([[headerToRlp(block.header), [], []], 1n]),
      'header has a withdrawalsRoot but the body has no withdrawals list',
    ],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(rejectionOf(newBlockCodec, bytes)).toContain(reason);
  });

  it.each(junkInputs(newBlockCodec.encode(message)))('refuses %s', (_name, bytes) => {
    expect(rejectionOf(newBlockCodec, bytes)).toMatch(/^invalid NewBlock message: /);
  });

  it('survives corrupted messages', () => {
    expect(fuzzDecode(newBlockCodec, newBlockCodec.encode(message))).toBeGreaterThan(0);
  });
});
