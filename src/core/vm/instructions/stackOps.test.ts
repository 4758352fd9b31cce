import { describe, expect, it } from 'vitest';
import { bytesToBigint } from '../../../common/bytes.js';
import { cancunRules, returnTop, runCode } from '../testEvm.js';

function word(code: string, opts = {}): bigint {
  const r = runCode(returnTop(code), opts);
  expect(r.error).toBeUndefined();
  return bytesToBigint(r.returnData);
}

describe('stack instructions', () => {
  it('PUSH1..PUSH32 read big-endian immediates', () => {
    for (let n = 1; n <= 32; n++) {
      const value = (1n << BigInt(8 * n)) - 3n;
      expect(word(`PUSH${n} ${value}`)).toBe(value);
    }
  });

  it('a PUSH cut off by the end of code reads zeros for the missing bytes', () => {
    // PUSH3 0x01 0x02 <end>: the value is 0x010200 and the code ends (STOP).
    const r = runCode('0x620102');
    expect(r.error).toBeUndefined();
    const traced: bigint[][] = [];
    runCode('0x620102', { tracer: { onStep: (s) => traced.push(s.stack) } });
    expect(traced[1]).toEqual([0x010200n]);
    const long = runCode('0x7f01');
    expect(long.error).toBeUndefined();
  });

  it('PUSH0 pushes zero for 2 gas from Shanghai on', () => {
    expect(word('PUSH0')).toBe(0n);
    expect(runCode('PUSH0 STOP').gasUsed).toBe(2n);
    expect(runCode('PUSH0', { rules: cancunRules('Paris') }).error?.kind).toBe('invalidOpcode');
  });

  it('DUPn copies the n-th item, SWAPn exchanges the top with the (n+1)-th', () => {
    const pushes = Array.from({ length: 17 }, (_, i) => `PUSH1 ${17 - i}`).join(' '); // top is 1, bottom 17
    for (let n = 1; n <= 16; n++) expect(word(`${pushes} DUP${n}`)).toBe(BigInt(n));
    for (let n = 1; n <= 16; n++) expect(word(`${pushes} SWAP${n}`)).toBe(BigInt(n + 1));
    const r = runCode(`${pushes} SWAP16 POP PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN`);
    expect(bytesToBigint(r.returnData)).toBe(2n);
  });

  it('POP discards and costs 2', () => {
    expect(word('PUSH1 1 PUSH1 2 POP')).toBe(1n);
    expect(runCode('PUSH1 1 POP STOP').gasUsed).toBe(5n);
  });

  it('fails on underflow and overflow, consuming all gas', () => {
    for (const code of ['POP', 'PUSH1 1 ADD', 'DUP1', 'PUSH1 1 SWAP1', 'PUSH1 1 PUSH1 1 ADDMOD']) {
      const r = runCode(code);
      expect(r.error?.kind, code).toBe('stackUnderflow');
      expect(r.gasLeft).toBe(0n);
    }
    const full = 'PUSH1 1 '.repeat(1024);
    expect(runCode(`${full} STOP`).error).toBeUndefined();
    expect(runCode(`${full} PUSH1 1`).error?.kind).toBe('stackOverflow');
    expect(runCode(`${full} DUP1`).error?.kind).toBe('stackOverflow');
    expect(runCode(`${full} SWAP1 POP PUSH1 1`).error).toBeUndefined();
  });
});
