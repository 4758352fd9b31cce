import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../common/bytes.js';
import { decodeBlockNumberOrTag, decodeBlockRef } from './blockParam.js';
import { ParamError } from './params.js';

const HASH = '0x' + 'ab'.repeat(32);

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ParamError) return e.message;
    throw e;
  }
  throw new Error('expected a ParamError');
}

describe('block numbers and tags', () => {
  it('reads every tag and hex numbers', () => {
    for (const tag of ['earliest', 'latest', 'pending', 'safe', 'finalized']) expect(decodeBlockNumberOrTag(tag)).toBe(tag);
    expect(decodeBlockNumberOrTag('0x0')).toBe(0n);
    expect(decodeBlockNumberOrTag('0x10')).toBe(16n);
  });

  it('refuses what is neither', () => {
    expect(reason(() => decodeBlockNumberOrTag('Latest'))).toBe('hex string without 0x prefix');
    expect(reason(() => decodeBlockNumberOrTag('0x01'))).toBe('hex number with leading zero digits');
    expect(reason(() => decodeBlockNumberOrTag(1))).toBe('expected a block number or tag, got number');
    expect(reason(() => decodeBlockNumberOrTag('0x8000000000000000'))).toBe('block number larger than int64');
  });
});

describe('EIP-1898 block references', () => {
  it('reads numbers, tags, bare hashes and both object forms', () => {
    expect(decodeBlockRef('latest')).toEqual({ number: 'latest' });
    expect(decodeBlockRef('0x5')).toEqual({ number: 5n });
    const bare = decodeBlockRef(HASH);
    expect('hash' in bare && bytesToHex(bare.hash)).toBe(HASH);
    expect(decodeBlockRef({ blockNumber: '0x2' })).toEqual({ number: 2n });
    const obj = decodeBlockRef({ blockHash: HASH, requireCanonical: true });
    expect('hash' in obj && obj.requireCanonical).toBe(true);
    const plain = decodeBlockRef({ blockHash: HASH });
    expect('hash' in plain && plain.requireCanonical).toBe(false);
  });

  it('refuses ambiguous, empty and malformed objects', () => {
    expect(reason(() => decodeBlockRef({ blockHash: HASH, blockNumber: '0x1' }))).toBe(
      'cannot specify both BlockHash and BlockNumber, choose one or the other',
    );
    expect(reason(() => decodeBlockRef({}))).toBe('invalid arguments; neither block nor hash specified');
    expect(reason(() => decodeBlockRef({ blockHash: HASH, requireCanonical: 'yes' }))).toMatch(/expected true or false/);
    expect(reason(() => decodeBlockRef({ blockHash: '0x12' }))).toMatch(/want 64/);
    expect(reason(() => decodeBlockRef({ block: '0x1' }))).toMatch(/unknown field "block"/);
    expect(reason(() => decodeBlockRef(['latest']))).toBe('expected an object, got an array');
  });
});
