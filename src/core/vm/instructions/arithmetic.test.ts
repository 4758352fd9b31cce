import { describe, expect, it } from 'vitest';
import { bytesToBigint } from '../../../common/bytes.js';
import { returnTop, runCode } from '../testEvm.js';
import { MAX_WORD, TWO_255 } from '../words.js';
import { expWord } from './arithmetic.js';

const NEG1 = MAX_WORD;
const neg = (x: bigint) => (x === 0n ? 0n : (1n << 256n) - x);

/** Runs `OP a b` (a on top) and returns the word left on the stack. */
function binary(op: string, a: bigint, b: bigint): bigint {
  const r = runCode(returnTop(`PUSH32 ${b} PUSH32 ${a} ${op}`));
  expect(r.error).toBeUndefined();
  return bytesToBigint(r.returnData);
}

function ternary(op: string, a: bigint, b: bigint, n: bigint): bigint {
  const r = runCode(returnTop(`PUSH32 ${n} PUSH32 ${b} PUSH32 ${a} ${op}`));
  expect(r.error).toBeUndefined();
  return bytesToBigint(r.returnData);
}

describe('arithmetic', () => {
  it('ADD, SUB and MUL wrap modulo 2^256', () => {
    expect(binary('ADD', 2n, 3n)).toBe(5n);
    expect(binary('ADD', MAX_WORD, 2n)).toBe(1n);
    expect(binary('SUB', 3n, 5n)).toBe(NEG1 - 1n);
    expect(binary('SUB', 5n, 3n)).toBe(2n);
    expect(binary('MUL', MAX_WORD, MAX_WORD)).toBe(1n);
    expect(binary('MUL', 1n << 255n, 2n)).toBe(0n);
  });

  it('DIV and MOD by zero give zero', () => {
    expect(binary('DIV', 7n, 2n)).toBe(3n);
    expect(binary('DIV', 7n, 0n)).toBe(0n);
    expect(binary('MOD', 7n, 3n)).toBe(1n);
    expect(binary('MOD', 7n, 0n)).toBe(0n);
  });

  it('SDIV truncates toward zero and wraps -2^255 / -1', () => {
    expect(binary('SDIV', neg(7n), 2n)).toBe(neg(3n));
    expect(binary('SDIV', 7n, neg(2n))).toBe(neg(3n));
    expect(binary('SDIV', neg(7n), neg(2n))).toBe(3n);
    expect(binary('SDIV', TWO_255, NEG1)).toBe(TWO_255);
    expect(binary('SDIV', 5n, 0n)).toBe(0n);
  });

  it('SMOD takes the sign of the dividend', () => {
    expect(binary('SMOD', neg(7n), 3n)).toBe(neg(1n));
    expect(binary('SMOD', 7n, neg(3n))).toBe(1n);
    expect(binary('SMOD', neg(8n), neg(3n))).toBe(neg(2n));
    expect(binary('SMOD', 5n, 0n)).toBe(0n);
  });

  it('ADDMOD and MULMOD work on the full-width intermediate', () => {
    expect(ternary('ADDMOD', MAX_WORD, 2n, 2n)).toBe(((MAX_WORD + 2n) % 2n));
    expect(ternary('ADDMOD', MAX_WORD, MAX_WORD, 7n)).toBe((MAX_WORD * 2n) % 7n);
    expect(ternary('MULMOD', MAX_WORD, MAX_WORD, 12n)).toBe((MAX_WORD * MAX_WORD) % 12n);
    expect(ternary('ADDMOD', 1n, 2n, 0n)).toBe(0n);
    expect(ternary('MULMOD', 1n, 2n, 0n)).toBe(0n);
  });

  it('EXP wraps and matches square-and-multiply', () => {
    expect(binary('EXP', 2n, 255n)).toBe(1n << 255n);
    expect(binary('EXP', 2n, 256n)).toBe(0n);
    expect(binary('EXP', 3n, 0n)).toBe(1n);
    expect(binary('EXP', 0n, 0n)).toBe(1n);
    expect(binary('EXP', NEG1, 3n)).toBe(NEG1);
    expect(expWord(7n, 1000n)).toBe(7n ** 1000n % (1n << 256n));
    expect(expWord(0xdeadbeefn, MAX_WORD)).toBe(modpowRef(0xdeadbeefn, MAX_WORD));
  });

  it('EXP costs 10 + 50 per exponent byte', () => {
    // Two PUSH32 (3 each) + EXP.
    const gasFor = (e: bigint) => runCode(`PUSH32 ${e} PUSH32 3 EXP STOP`).gasUsed;
    expect(gasFor(0n)).toBe(6n + 10n);
    expect(gasFor(0xffn)).toBe(6n + 10n + 50n);
    expect(gasFor(0x100n)).toBe(6n + 10n + 100n);
    expect(gasFor(MAX_WORD)).toBe(6n + 10n + 32n * 50n);
  });

  it('SIGNEXTEND extends from the given byte', () => {
    expect(binary('SIGNEXTEND', 0n, 0xffn)).toBe(NEG1);
    expect(binary('SIGNEXTEND', 0n, 0x7fn)).toBe(0x7fn);
    expect(binary('SIGNEXTEND', 1n, 0x80ffn)).toBe(neg(0x7f01n));
    expect(binary('SIGNEXTEND', 0n, 0x12ff80n)).toBe(neg(0x80n));
    expect(binary('SIGNEXTEND', 31n, 0x80n)).toBe(0x80n);
    expect(binary('SIGNEXTEND', 1000n, 0xffn)).toBe(0xffn);
  });

  it('charges the fixed tier prices', () => {
    const cost = (op: string, n: number) =>
      runCode(`${'PUSH1 1 '.repeat(n)} ${op} STOP`).gasUsed - BigInt(3 * n);
    expect(cost('ADD', 2)).toBe(3n);
    expect(cost('MUL', 2)).toBe(5n);
    expect(cost('SDIV', 2)).toBe(5n);
    expect(cost('ADDMOD', 3)).toBe(8n);
    expect(cost('MULMOD', 3)).toBe(8n);
    expect(cost('SIGNEXTEND', 2)).toBe(5n);
  });
});

function modpowRef(b: bigint, e: bigint): bigint {
  const m = 1n << 256n;
  let r = 1n;
  let x = b % m;
  while (e > 0n) {
    if (e & 1n) r = (r * x) % m;
    x = (x * x) % m;
    e >>= 1n;
  }
  return r;
}
