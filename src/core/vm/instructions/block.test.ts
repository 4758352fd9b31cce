import { describe, expect, it } from 'vitest';
import { bytesToBigint, hexToBytes } from '../../../common/bytes.js';
import { cancunRules, COINBASE, returnTop, runCode } from '../testEvm.js';

function word(code: string, opts = {}): bigint {
  const r = runCode(returnTop(code), opts);
  expect(r.error).toBeUndefined();
  return bytesToBigint(r.returnData);
}

describe('block', () => {
  it('BLOCKHASH answers for the 256 blocks before the current one only', () => {
    // testBlock's getHash(n) = n + 0x1000 in the last 8 bytes; the block number is 1000.
    expect(word('PUSH2 999 BLOCKHASH')).toBe(999n + 0x1000n);
    expect(word('PUSH2 744 BLOCKHASH')).toBe(744n + 0x1000n);
    expect(word('PUSH2 743 BLOCKHASH')).toBe(0n);
    expect(word('PUSH2 1000 BLOCKHASH')).toBe(0n);
    expect(word('PUSH32 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff BLOCKHASH')).toBe(0n);
    expect(word('PUSH1 0 BLOCKHASH', { block: { number: 10n } })).toBe(0x1000n);
    expect(runCode('PUSH1 0 BLOCKHASH STOP').gasUsed).toBe(23n);
  });

  it('COINBASE, TIMESTAMP, NUMBER, GASLIMIT, CHAINID, BASEFEE, BLOBBASEFEE', () => {
    expect(word('COINBASE')).toBe(bytesToBigint(COINBASE));
    expect(word('TIMESTAMP')).toBe(1_700_000_000n);
    expect(word('NUMBER')).toBe(1000n);
    expect(word('GASLIMIT')).toBe(30_000_000n);
    expect(word('CHAINID')).toBe(1n);
    expect(word('BASEFEE')).toBe(7n);
    expect(word('BLOBBASEFEE', { block: { blobBaseFee: 99n } })).toBe(99n);
  });

  it('PREVRANDAO after the merge', () => {
    expect(word('PREVRANDAO')).toBe(bytesToBigint(new Uint8Array(32).fill(0x42)));
  });

  it('SELFBALANCE costs 5 and reads the running account', () => {
    expect(word('SELFBALANCE', { value: 10n })).toBe(10n);
    expect(runCode('SELFBALANCE STOP').gasUsed).toBe(5n);
  });

  it('BLOBHASH returns the indexed versioned hash, zero past the end', () => {
    const h0 = hexToBytes('0x01' + 'ab'.repeat(31));
    const h1 = hexToBytes('0x01' + 'cd'.repeat(31));
    const tx = { blobHashes: [h0, h1] };
    expect(word('PUSH1 1 BLOBHASH', { tx })).toBe(bytesToBigint(h1));
    expect(word('PUSH1 2 BLOBHASH', { tx })).toBe(0n);
    expect(word('PUSH32 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00 BLOBHASH', { tx })).toBe(0n);
    expect(runCode('PUSH1 0 BLOBHASH STOP').gasUsed).toBe(6n);
  });

  it('Cancun opcodes are undefined under Shanghai', () => {
    const shanghai = cancunRules('Shanghai');
    for (const op of ['BLOBBASEFEE', 'PUSH1 0 BLOBHASH', 'PUSH1 0 TLOAD']) {
      expect(runCode(op, { rules: shanghai }).error?.kind).toBe('invalidOpcode');
    }
    expect(runCode('BASEFEE STOP', { rules: shanghai }).error).toBeUndefined();
  });
});
