import { describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, hexToBytes } from '../common/bytes.js';
import { asm, CALLER, CONTRACT, runCode } from '../core/vm/testEvm.js';
import { AccessListTracer } from './accessListTracer.js';

const OTHER = hexToBytes('0x' + '0b'.repeat(20));
const CALLEE = hexToBytes('0x' + '0c'.repeat(20));
const slot = (n: bigint) => bigintToFixedBytes(n, 32);

function listOf(tracer: AccessListTracer): Record<string, string[]> {
  return Object.fromEntries(tracer.accessList().map((e) => [bytesToHex(e.address), e.storageKeys.map(bytesToHex)]));
}

describe('access list tracer', () => {
  it('records slots of the running account and the accounts inspected or called, not the excluded ones', () => {
    const tracer = new AccessListTracer([], [CALLER, CONTRACT]);
    const code =
      `PUSH1 3 SLOAD POP PUSH1 1 PUSH1 4 SSTORE ` +
      `PUSH20 ${bytesToHex(OTHER)} BALANCE POP ADDRESS EXTCODESIZE POP ` +
      `PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH20 ${bytesToHex(CALLEE)} GAS CALL POP`;
    const calleeCode = asm('PUSH1 9 SLOAD STOP');
    runCode(code, { tracer: tracer.hooks, alloc: { [bytesToHex(CALLEE)]: { code: calleeCode } } });
    expect(listOf(tracer)).toEqual({
      [bytesToHex(CONTRACT)]: [bytesToHex(slot(3n)), bytesToHex(slot(4n))],
      [bytesToHex(OTHER)]: [],
      [bytesToHex(CALLEE)]: [bytesToHex(slot(9n))],
    });
  });

  it('puts a DELEGATECALL target storage under the calling account', () => {
    const tracer = new AccessListTracer([], [CALLER, CONTRACT]);
    const code = `PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH20 ${bytesToHex(CALLEE)} GAS DELEGATECALL POP`;
    runCode(code, { tracer: tracer.hooks, alloc: { [bytesToHex(CALLEE)]: { code: asm('PUSH1 9 SLOAD STOP') } } });
    expect(listOf(tracer)).toEqual({
      [bytesToHex(CALLEE)]: [],
      [bytesToHex(CONTRACT)]: [bytesToHex(slot(9n))],
    });
  });

  it('starts from a given list, excluded addresses kept only for their slots, and compares by content', () => {
    const initial = [
      { address: CONTRACT, storageKeys: [] },
      { address: CALLER, storageKeys: [slot(1n)] },
      { address: OTHER, storageKeys: [slot(2n), slot(1n)] },
    ];
    const a = new AccessListTracer(initial, [CALLER, CONTRACT]);
    expect(listOf(a)).toEqual({
      [bytesToHex(CALLER)]: [bytesToHex(slot(1n))],
      [bytesToHex(OTHER)]: [bytesToHex(slot(2n)), bytesToHex(slot(1n))],
    });
    const b = new AccessListTracer([initial[2]!, initial[1]!], [CALLER, CONTRACT]);
    expect(a.equals(b)).toBe(true);
    const c = new AccessListTracer([initial[2]!], [CALLER, CONTRACT]);
    expect(a.equals(c)).toBe(false);
    expect(c.equals(new AccessListTracer([{ address: OTHER, storageKeys: [slot(2n)] }], []))).toBe(false);
  });
});
