import { describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, type Bytes } from '../common/bytes.js';
import { calcBlobBaseFee } from '../consensus/misc/eip4844.js';
import { configForFork } from '../params/forks.js';
import { CANCUN_BLOB_SCHEDULE } from '../params/protocolFees.js';
import { ancestorHashFn, blockRules, newBlockContext, type ContextHeader } from './evmContext.js';
import type { Header } from './types/header.js';

const CANCUN = configForFork('Cancun');
const hashOf = (n: bigint): Bytes => bigintToFixedBytes(0xa000n + n, 32);

function contextHeader(over: Partial<ContextHeader> = {}): ContextHeader {
  return {
    number: 10n,
    timestamp: 1000n,
    gasLimit: 30_000_000n,
    difficulty: 0n,
    mixHash: new Uint8Array(32).fill(7),
    baseFeePerGas: 9n,
    excessBlobGas: 0n,
    ...over,
  };
}

/** Headers 0..9 where block n has hash hashOf(n); only what the walk reads (parentHash) is filled in. */
function source(counter: { reads: number }, missing?: bigint) {
  return {
    getHeader(hash: Bytes, number: bigint): Header | undefined {
      counter.reads++;
      if (number === missing || bytesToHex(hash) !== bytesToHex(hashOf(number))) return undefined;
      return { number, parentHash: hashOf(number - 1n) } as Header;
    },
  };
}

describe('blockRules', () => {
  it('takes a zero difficulty as post-merge, which also switches on the timestamp forks', () => {
    expect(blockRules(CANCUN, contextHeader())).toMatchObject({ isMerge: true, isShanghai: true, isCancun: true });
    expect(blockRules(CANCUN, contextHeader({ difficulty: 5n }))).toMatchObject({ isMerge: false, isCancun: false });
  });
});

describe('newBlockContext', () => {
  it('takes the fields from the header, with prevRandao the mixHash after the merge', () => {
    const coinbase = new Uint8Array(20).fill(1);
    const getHash = () => new Uint8Array(32);
    const ctx = newBlockContext(CANCUN, contextHeader(), coinbase, getHash);
    expect(ctx).toMatchObject({ coinbase, number: 10n, time: 1000n, gasLimit: 30_000_000n, baseFee: 9n });
    expect(ctx.difficulty).toBe(0n);
    expect(ctx.prevRandao).toEqual(new Uint8Array(32).fill(7));
    expect(ctx.blobBaseFee).toBe(1n);
    expect(ctx.getHash).toBe(getHash);
  });

  it('derives the blob base fee from the excess blob gas under the fork schedule', () => {
    const excess = 10_000_000n;
    const header = contextHeader({ excessBlobGas: excess });
    const ctx = newBlockContext(CANCUN, header, new Uint8Array(20), () => new Uint8Array(32));
    expect(ctx.blobBaseFee).toBe(calcBlobBaseFee(excess, CANCUN_BLOB_SCHEDULE));
    expect(ctx.blobBaseFee).toBeGreaterThan(1n);
  });

  it('has zero base fee and blob fee before London and Cancun, and no randomness before the merge', () => {
    const header = contextHeader({ baseFeePerGas: undefined, excessBlobGas: undefined, difficulty: 3n });
    const ctx = newBlockContext(configForFork('Berlin'), header, new Uint8Array(20), () => new Uint8Array(32));
    expect(ctx).toMatchObject({ baseFee: 0n, blobBaseFee: 0n, difficulty: 3n });
    expect(ctx.prevRandao).toEqual(new Uint8Array(32));
  });

  it('refuses blob gas fields on a chain without a blob schedule', () => {
    expect(() =>
      newBlockContext(configForFork('London'), contextHeader(), new Uint8Array(20), () => new Uint8Array(32)),
    ).toThrow('block 10 has excessBlobGas but no blob schedule is active at 1000');
  });
});

describe('ancestorHashFn', () => {
  it('walks the parent hashes back and remembers them', () => {
    const counter = { reads: 0 };
    const getHash = ancestorHashFn({ number: 10n, parentHash: hashOf(9n) }, source(counter));
    expect(getHash(9n)).toEqual(hashOf(9n));
    expect(counter.reads).toBe(0);
    expect(getHash(6n)).toEqual(hashOf(6n));
    expect(counter.reads).toBe(3);
    expect(getHash(8n)).toEqual(hashOf(8n));
    expect(getHash(0n)).toEqual(hashOf(0n));
    expect(counter.reads).toBe(9);
  });

  it('gives zero for the block itself, later blocks and ancestors it cannot find', () => {
    const counter = { reads: 0 };
    const getHash = ancestorHashFn({ number: 10n, parentHash: hashOf(9n) }, source(counter, 5n));
    expect(getHash(10n)).toEqual(new Uint8Array(32));
    expect(getHash(11n)).toEqual(new Uint8Array(32));
    expect(getHash(5n)).toEqual(hashOf(5n));
    expect(getHash(4n)).toEqual(new Uint8Array(32));
  });

  it('follows the given branch, not another block at the same height', () => {
    const counter = { reads: 0 };
    const other = ancestorHashFn({ number: 10n, parentHash: new Uint8Array(32).fill(0xee) }, source(counter));
    expect(other(9n)).toEqual(new Uint8Array(32).fill(0xee));
    expect(other(8n)).toEqual(new Uint8Array(32));
  });
});
