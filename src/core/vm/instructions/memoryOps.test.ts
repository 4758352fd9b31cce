import { describe, expect, it } from 'vitest';
import { bytesToBigint, bytesToHex } from '../../../common/bytes.js';
import { keccak256 } from '../../../crypto/keccak.js';
import { runCode } from '../testEvm.js';

describe('memory instructions', () => {
  it('MSTORE then MLOAD round-trips a word and costs the first word of memory', () => {
    const r = runCode('PUSH32 0x0102 PUSH1 0 MSTORE PUSH1 0 MLOAD PUSH1 32 MSTORE PUSH1 32 PUSH1 32 RETURN');
    expect(bytesToBigint(r.returnData)).toBe(0x0102n);
    const g = runCode('PUSH1 0x42 PUSH1 0 MSTORE STOP');
    expect(g.gasUsed).toBe(3n + 3n + 3n + 3n); // two pushes, MSTORE, one word of memory
  });

  it('MLOAD at an unaligned offset reads across words and grows memory by whole words', () => {
    const r = runCode('PUSH1 0xff PUSH1 31 MSTORE8 PUSH1 16 MLOAD PUSH1 64 MSTORE MSIZE PUSH1 96 MSTORE PUSH1 64 PUSH1 64 RETURN');
    expect(bytesToBigint(r.returnData.subarray(0, 32))).toBe(0xffn << 128n);
    // MSTORE8 at 31 -> 1 word, MLOAD at 16 -> 2 words, MSTORE at 64 -> 3 words: MSIZE is 96 then.
    expect(bytesToBigint(r.returnData.subarray(32))).toBe(96n);
  });

  it('MSTORE8 writes the low byte only', () => {
    const r = runCode('PUSH2 0x1234 PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 RETURN');
    expect(bytesToHex(r.returnData)).toBe('0x34');
  });

  it('MSIZE reports whole words', () => {
    const r = runCode('PUSH1 1 PUSH1 40 MSTORE8 MSIZE PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN');
    expect(bytesToBigint(r.returnData)).toBe(64n);
  });

  it('charges the quadratic price for large memory', () => {
    // 1024 words: 3*1024 + 1024^2/512 = 5120.
    const r = runCode('PUSH1 1 PUSH2 0x7fe0 MSTORE STOP');
    expect(r.gasUsed).toBe(3n + 3n + 3n + 5120n);
  });

  it('runs out of gas on an offset no gas could pay for', () => {
    const r = runCode('PUSH1 1 PUSH32 0xffffffffffff MSTORE STOP');
    expect(r.error?.kind).toBe('outOfGas');
    expect(r.gasLeft).toBe(0n);
    expect(runCode('PUSH32 0xffffffffffffffffffffffffffffffff MLOAD').error?.kind).toBe('outOfGas');
  });

  it('KECCAK256 hashes memory and prices 30 + 6 per word', () => {
    const empty = runCode('PUSH1 0 PUSH32 0xffffffffffffffffffff KECCAK256 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN');
    expect(bytesToHex(empty.returnData)).toBe(bytesToHex(keccak256(new Uint8Array(0))));
    const r = runCode('PUSH1 0xab PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 KECCAK256 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN');
    expect(bytesToHex(r.returnData)).toBe(bytesToHex(keccak256(new Uint8Array([0xab]))));
    const g = runCode('PUSH1 33 PUSH1 0 KECCAK256 STOP');
    expect(g.gasUsed).toBe(3n + 3n + 30n + 12n + 6n); // 2 words hashed, 2 words of memory
  });

  it('MCOPY copies overlapping regions (EIP-5656)', () => {
    // memory[0..32) = 0x00..1f, then MCOPY(dst=1, src=0, size=31) shifts it right by one.
    const init = 'PUSH32 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f PUSH1 0 MSTORE';
    const r = runCode(`${init} PUSH1 31 PUSH1 0 PUSH1 1 MCOPY PUSH1 32 PUSH1 0 RETURN`);
    expect(bytesToHex(r.returnData)).toBe('0x00000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e');
    const left = runCode(`${init} PUSH1 31 PUSH1 1 PUSH1 0 MCOPY PUSH1 32 PUSH1 0 RETURN`);
    expect(bytesToHex(left.returnData)).toBe('0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f1f');
  });

  it('MCOPY charges 3 + 3 per word plus expansion to the larger of source and destination', () => {
    // No memory yet: copy 32 bytes from 0 to 32 expands to 2 words (6 gas) + 3 static + 3 copy.
    expect(runCode('PUSH1 32 PUSH1 0 PUSH1 32 MCOPY STOP').gasUsed).toBe(9n + 3n + 3n + 6n);
    // Zero size touches nothing whatever the offsets.
    expect(runCode('PUSH1 0 PUSH32 0xffffffffffffff PUSH32 0xffffffffffffff MCOPY STOP').gasUsed).toBe(12n);
  });

  it('MCOPY is undefined before Cancun', async () => {
    const { cancunRules } = await import('../testEvm.js');
    const r = runCode('PUSH1 0 PUSH1 0 PUSH1 0 MCOPY', { rules: cancunRules('Shanghai') });
    expect(r.error?.kind).toBe('invalidOpcode');
  });
});
