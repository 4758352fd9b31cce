import { describe, expect, it } from 'vitest';
import { bytesToBigint, bytesToHex } from '../../../common/bytes.js';
import { asm, cancunRules, CONTRACT, returnTop, runCode } from '../testEvm.js';

const contractKey = bytesToHex(CONTRACT);

/** Runs `code` on a contract whose slot 0 starts at `original`, with slot 0 warm as in EIP-3529's table. */
function sstoreCase(code: string, original: bigint, fork: 'Cancun' | 'Berlin' = 'Cancun') {
  return runCode(code, {
    alloc: { [contractKey]: { code, storage: original === 0n ? {} : { '0': original } } },
    accessList: [{ address: CONTRACT, storageKeys: [0n] }],
    rules: cancunRules(fork),
  });
}

describe('SSTORE pricing and refunds (EIP-2200, EIP-2929, EIP-3529)', () => {
  // [code, used gas, refund, original] from the test cases of EIP-3529.
  const cases: [string, bigint, bigint, bigint][] = [
    ['0x60006000556000600055', 212n, 0n, 0n],
    ['0x60006000556001600055', 20112n, 0n, 0n],
    ['0x60016000556000600055', 20112n, 19900n, 0n],
    ['0x60016000556002600055', 20112n, 0n, 0n],
    ['0x60016000556001600055', 20112n, 0n, 0n],
    ['0x60006000556000600055', 3012n, 4800n, 1n],
    ['0x60006000556001600055', 3012n, 2800n, 1n],
    ['0x60006000556002600055', 3012n, 0n, 1n],
    ['0x60026000556000600055', 3012n, 4800n, 1n],
    ['0x60026000556003600055', 3012n, 0n, 1n],
    ['0x60026000556001600055', 3012n, 2800n, 1n],
    ['0x60026000556002600055', 3012n, 0n, 1n],
    ['0x60016000556000600055', 3012n, 4800n, 1n],
    ['0x60016000556002600055', 3012n, 0n, 1n],
    ['0x60016000556001600055', 212n, 0n, 1n],
    ['0x600160005560006000556001600055', 40118n, 19900n, 0n],
    ['0x600060005560016000556000600055', 5918n, 7600n, 1n],
  ];
  for (const [code, gas, refund, original] of cases) {
    it(`${code} from ${original}: ${gas} gas, ${refund} refund`, () => {
      const r = sstoreCase(code, original);
      expect(r.error).toBeUndefined();
      expect(r.gasUsed).toBe(gas);
      expect(r.state.getRefund()).toBe(refund);
    });
  }

  it('Berlin refunds 15000 for clearing', () => {
    const r = sstoreCase('0x60006000556000600055', 1n, 'Berlin');
    expect(r.state.getRefund()).toBe(15000n);
  });

  it('a cold slot costs 2100 more', () => {
    const r = runCode('PUSH1 1 PUSH1 0 SSTORE STOP');
    expect(r.gasUsed).toBe(6n + 2100n + 20000n);
  });

  it('fails when no more than the 2300 stipend is left', () => {
    const code = 'PUSH1 0 PUSH1 0 SSTORE STOP';
    const atSentry = runCode(code, { gas: 2306n });
    expect(atSentry.error?.kind).toBe('outOfGas');
    // 2301 left passes the sentry, and the no-op write on a cold slot costs 2200 of it.
    expect(runCode(code, { gas: 2307n }).error).toBeUndefined();
  });

  it('writes and reads back; a failed frame leaves storage untouched', () => {
    const r = runCode('PUSH1 0x2a PUSH1 5 SSTORE STOP');
    expect(r.state.getState(CONTRACT, 5n)).toBe(0x2an);
    const failed = runCode('PUSH1 0x2a PUSH1 5 SSTORE INVALID');
    expect(failed.state.getState(CONTRACT, 5n)).toBe(0n);
    expect(failed.state.getRefund()).toBe(0n);
  });
});

describe('SLOAD', () => {
  it('reads storage, 2100 cold then 100 warm', () => {
    const code = asm(returnTop('PUSH1 7 SLOAD'));
    const r = runCode(code, { alloc: { [contractKey]: { code, storage: { '7': 99n } } } });
    expect(bytesToBigint(r.returnData)).toBe(99n);
    expect(runCode('PUSH1 7 SLOAD PUSH1 7 SLOAD STOP').gasUsed).toBe(3n + 2100n + 3n + 100n);
  });
});

describe('transient storage (EIP-1153)', () => {
  it('TSTORE then TLOAD, 100 gas each, separate from storage', () => {
    const r = runCode(returnTop('PUSH1 9 PUSH1 1 TSTORE PUSH1 1 TLOAD'));
    expect(bytesToBigint(r.returnData)).toBe(9n);
    expect(r.state.getState(CONTRACT, 1n)).toBe(0n);
    expect(runCode('PUSH1 9 PUSH1 1 TSTORE PUSH1 1 TLOAD STOP').gasUsed).toBe(9n + 200n);
  });
});
