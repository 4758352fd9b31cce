import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, utf8ToBytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import { BLOOM_BYTE_LENGTH, bloomAdd, bloomContains, bloomOr, createBloom, logsBloom } from './bloom.js';
import type { Log } from './log.js';

const hash32 = (hex: string) => hexToBytes(hex.replace(/^0x/, '').padStart(64, '0'));

describe('bloom', () => {
  // The vector of geth's core/types TestBloomExtensively.
  it('matches the published hash after 100 additions', () => {
    const bloom = createBloom();
    for (let i = 0; i < 100; i++) bloomAdd(bloom, utf8ToBytes(`xxxxxxxxxx data ${i} yyyyyyyyyyyyyy`));
    expect(bytesToHex(keccak256(bloom))).toBe('0xc8d3ca65cdb4874300a9e39475508f23ed6da09fdbc487f89a2dcf50b09eb263');
  });

  it('contains what was added and not (here) what was not', () => {
    const bloom = createBloom();
    for (const s of ['testtest', 'test', 'hallo', 'other']) bloomAdd(bloom, utf8ToBytes(s));
    for (const s of ['testtest', 'test', 'hallo', 'other']) expect(bloomContains(bloom, utf8ToBytes(s))).toBe(true);
    for (const s of ['tes', 'lo']) expect(bloomContains(bloom, utf8ToBytes(s))).toBe(false);
    expect(bloomContains(createBloom(), utf8ToBytes('test'))).toBe(false);
  });

  it('sets at most three bits per item', () => {
    const bloom = createBloom();
    bloomAdd(bloom, utf8ToBytes('one item'));
    const bits = Array.from(bloom).reduce((n, b) => n + b.toString(2).replaceAll('0', '').length, 0);
    expect(bits).toBeGreaterThanOrEqual(1);
    expect(bits).toBeLessThanOrEqual(3);
  });

  it('ORs blooms together', () => {
    const left = createBloom();
    bloomAdd(left, utf8ToBytes('left'));
    const right = createBloom();
    bloomAdd(right, utf8ToBytes('right'));
    const rightCopy = Uint8Array.from(right);
    bloomOr(left, right);
    expect(bloomContains(left, utf8ToBytes('left'))).toBe(true);
    expect(bloomContains(left, utf8ToBytes('right'))).toBe(true);
    expect(right).toEqual(rightCopy);
  });

  // BlockchainTests bcValidBlockTest/log1_correct: the one transaction calls code that does
  // MSTORE(0, 2^256-1); LOG1(offset 0, size 32, topic 0), so the block bloom is the bloom of that single log.
  it('gives the header bloom of a vector block from its one log', () => {
    const log: Log = {
      address: hexToBytes('0x095e7baea6a6c7c4c2dfeb977efac326af552d87'),
      topics: [hash32('0x00')],
      data: new Uint8Array(32).fill(0xff),
    };
    expect(bytesToHex(logsBloom([log]))).toBe(
      '0x00000000000000001000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000000000800000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000040000000000000000000000000000000000000000000000000000000',
    );
  });

  // The eth_getBlockReceipts example of execution-apis: one log with four topics.
  it('gives the logsBloom of a JSON-RPC receipt example', () => {
    const log: Log = {
      address: hexToBytes('0xfd584430cafa2f451b4e2ebcf3986a21fff04350'),
      topics: [
        hash32('0x2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d'),
        hash32('0x4be29e0e4eb91f98f709d98803cba271592782e293b84a625e025cbb40197ba8'),
        hash32('0x835281a2563db4ebf1b626172e085dc406bfc7d2'),
        hash32('0x22896bfc68814bfd855b1a167255ee497006e730'),
      ],
      data: new Uint8Array(0),
    };
    const bloom = logsBloom([log]);
    expect(bytesToHex(bloom)).toBe(
      '0x00000004000000000000000000000000000000000000000000000000000000000000800000000000000000000000000000000000000000000000000000000000080000000000000000000000000000000000000000000000000000080000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000080020000000000000200010000000000000000000001000000800000000000000000000000000000000000000000000000000000100100000000000000000000008000000000000000000000000000000002000000000000000000000',
    );
    expect(bloomContains(bloom, log.address)).toBe(true);
    for (const t of log.topics) expect(bloomContains(bloom, t)).toBe(true);
    // The data is never added.
    expect(logsBloom([{ ...log, data: utf8ToBytes('anything') }])).toEqual(bloom);
  });

  it('is all zeros for no logs', () => {
    expect(logsBloom([])).toEqual(new Uint8Array(BLOOM_BYTE_LENGTH));
  });

  it('rejects a bloom of the wrong size', () => {
    expect(() => bloomAdd(new Uint8Array(255), utf8ToBytes('x'))).toThrow('bloom must be 256 bytes, got 255');
    expect(() => bloomContains(new Uint8Array(257), utf8ToBytes('x'))).toThrow('got 257');
    expect(() => bloomOr(createBloom(), new Uint8Array(0))).toThrow('got 0');
  });
});
