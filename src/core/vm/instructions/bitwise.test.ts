import { describe, expect, it } from 'vitest';
import { bytesToBigint } from '../../../common/bytes.js';
import { returnTop, runCode } from '../testEvm.js';
import { MAX_WORD, TWO_255 } from '../words.js';

const neg = (x: bigint) => (x === 0n ? 0n : (1n << 256n) - x);

function binary(op: string, a: bigint, b: bigint): bigint {
  const r = runCode(returnTop(`PUSH32 ${b} PUSH32 ${a} ${op}`));
  expect(r.error).toBeUndefined();
  return bytesToBigint(r.returnData);
}

function unary(op: string, a: bigint): bigint {
  const r = runCode(returnTop(`PUSH32 ${a} ${op}`));
  expect(r.error).toBeUndefined();
  return bytesToBigint(r.returnData);
}

describe('comparison', () => {
  it('LT/GT compare unsigned', () => {
    expect(binary('LT', 1n, 2n)).toBe(1n);
    expect(binary('LT', 2n, 1n)).toBe(0n);
    expect(binary('LT', 2n, 2n)).toBe(0n);
    expect(binary('GT', MAX_WORD, 1n)).toBe(1n);
    expect(binary('GT', 1n, MAX_WORD)).toBe(0n);
  });

  it('SLT/SGT compare two’s complement', () => {
    expect(binary('SLT', MAX_WORD, 1n)).toBe(1n); // -1 < 1
    expect(binary('SLT', 1n, MAX_WORD)).toBe(0n);
    expect(binary('SGT', 1n, MAX_WORD)).toBe(1n);
    expect(binary('SLT', TWO_255, MAX_WORD)).toBe(1n); // min < -1
    expect(binary('SGT', neg(3n), neg(5n))).toBe(1n);
    expect(binary('SLT', 5n, 5n)).toBe(0n);
    expect(binary('SGT', 5n, 5n)).toBe(0n);
  });

  it('EQ and ISZERO', () => {
    expect(binary('EQ', MAX_WORD, MAX_WORD)).toBe(1n);
    expect(binary('EQ', 1n, 2n)).toBe(0n);
    expect(unary('ISZERO', 0n)).toBe(1n);
    expect(unary('ISZERO', TWO_255)).toBe(0n);
  });
});

describe('bitwise', () => {
  it('AND, OR, XOR, NOT', () => {
    expect(binary('AND', 0xf0f0n, 0xff00n)).toBe(0xf000n);
    expect(binary('OR', 0xf0f0n, 0xff00n)).toBe(0xfff0n);
    expect(binary('XOR', 0xf0f0n, 0xff00n)).toBe(0x0ff0n);
    expect(unary('NOT', 0n)).toBe(MAX_WORD);
    expect(unary('NOT', MAX_WORD)).toBe(0n);
  });

  it('BYTE picks big-endian bytes and zero past 31', () => {
    const x = 0x0102030405060708091011121314151617181920212223242526272829303132n;
    expect(binary('BYTE', 0n, x)).toBe(0x01n);
    expect(binary('BYTE', 31n, x)).toBe(0x32n);
    expect(binary('BYTE', 32n, x)).toBe(0n);
    expect(binary('BYTE', MAX_WORD, x)).toBe(0n);
  });

  it('SHL/SHR shift and drop bits, zero from 256 on', () => {
    expect(binary('SHL', 1n, 1n)).toBe(2n);
    expect(binary('SHL', 255n, 1n)).toBe(TWO_255);
    expect(binary('SHL', 256n, 1n)).toBe(0n);
    expect(binary('SHL', 1n, MAX_WORD)).toBe(MAX_WORD - 1n);
    expect(binary('SHR', 1n, 2n)).toBe(1n);
    expect(binary('SHR', 255n, TWO_255)).toBe(1n);
    expect(binary('SHR', 256n, MAX_WORD)).toBe(0n);
    expect(binary('SHR', MAX_WORD, MAX_WORD)).toBe(0n);
  });

  it('SAR keeps the sign', () => {
    expect(binary('SAR', 1n, 2n)).toBe(1n);
    expect(binary('SAR', 1n, TWO_255)).toBe(TWO_255 | (TWO_255 >> 1n));
    expect(binary('SAR', 255n, TWO_255)).toBe(MAX_WORD);
    expect(binary('SAR', 256n, TWO_255)).toBe(MAX_WORD);
    expect(binary('SAR', 256n, 0x7fffn)).toBe(0n);
    expect(binary('SAR', 4n, neg(17n))).toBe(neg(2n)); // floor(-17 / 16)
    expect(binary('SAR', 0n, neg(1n))).toBe(MAX_WORD);
  });

  it('costs 3 gas each', () => {
    for (const op of ['LT', 'SLT', 'EQ', 'AND', 'BYTE', 'SHL', 'SAR']) {
      expect(runCode(`PUSH1 1 PUSH1 1 ${op} STOP`).gasUsed).toBe(9n);
    }
    expect(runCode('PUSH1 1 NOT STOP').gasUsed).toBe(6n);
  });
});
