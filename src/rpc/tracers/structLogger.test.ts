import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { asm, CONTRACT, runCode } from '../../core/vm/testEvm.js';
import { StructLogger, type StructLoggerConfig } from './structLogger.js';

const ALL: StructLoggerConfig = { disableStorage: false, disableStack: false, enableMemory: true };
const word = (n: bigint): string => n.toString(16).padStart(64, '0');


describe('StructLogger', () => {
  it('records gas, cost, stack and the memory before each instruction', () => {
    const logger = new StructLogger(ALL, () => 0n);
    const run = runCode('PUSH1 7 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN', { tracer: logger.hooks, gas: 1000n });
    const out = logger.result({ gasUsed: run.gasUsed, returnData: run.returnData });
    expect(out.structLogs.map((l) => [l.op, l.gas, l.gasCost, l.stack, l.memory])).toEqual([
      ['PUSH1', 1000, 3, [], []],
      ['PUSH1', 997, 3, ['0x7'], []],
      ['MSTORE', 994, 6, ['0x7', '0x0'], []],
      ['PUSH1', 988, 3, [], [word(7n)]],
      ['PUSH1', 985, 3, ['0x20'], [word(7n)]],
      ['RETURN', 982, 0, ['0x20', '0x0'], [word(7n)]],
    ]);
    expect(out).toMatchObject({ gas: 18, failed: false, returnValue: '0x' + word(7n) });
  });

  it('keeps what SLOAD read and SSTORE wrote, per account, and only on those steps', () => {
    // The reader answers what the state holds: slot 3 of the contract is 9.
    const logger = new StructLogger(ALL, (address, slot) => (bytesToHex(address) === bytesToHex(CONTRACT) && slot === 3n ? 9n : 0n));
    const code = 'PUSH1 3 SLOAD PUSH1 1 SSTORE STOP';
    runCode(code, { tracer: logger.hooks, alloc: { [bytesToHex(CONTRACT)]: { code: asm(code), storage: { '3': 9n } } } });
    const logs = logger.result({ gasUsed: 0n, returnData: new Uint8Array(0) }).structLogs;
    expect(logs.map((l) => l.storage)).toEqual([
      undefined,
      { [word(3n)]: word(9n) },
      undefined,
      { [word(3n)]: word(9n), [word(1n)]: word(9n) },
      undefined,
    ]);
  });

  it('leaves out the stack, storage and memory when asked to', () => {
    const logger = new StructLogger({ disableStorage: true, disableStack: true, enableMemory: false }, () => 0n);
    runCode('PUSH1 3 SLOAD STOP', { tracer: logger.hooks });
    const logs = logger.result({ gasUsed: 0n, returnData: new Uint8Array(0) }).structLogs;
    expect(logs).toEqual([
      { pc: 0, op: 'PUSH1', gas: 1_000_000, gasCost: 3, depth: 1 },
      { pc: 2, op: 'SLOAD', gas: 999_997, gasCost: 2100, depth: 1 },
      { pc: 3, op: 'STOP', gas: 997_897, gasCost: 0, depth: 1 },
    ]);
  });

  it('marks the instruction that failed and hides the output of a non-revert failure', () => {
    const logger = new StructLogger(ALL, () => 0n);
    const run = runCode('PUSH1 9 JUMP', { tracer: logger.hooks, gas: 100n });
    const out = logger.result({ gasUsed: 100n, returnData: run.returnData, error: run.error });
    expect(out.failed).toBe(true);
    expect(out.returnValue).toBe('0x');
    expect(out.structLogs[1]).toMatchObject({ op: 'JUMP', error: 'invalid jump destination' });
    const oog = new StructLogger(ALL, () => 0n);
    runCode('PUSH1 1 PUSH1 2', { tracer: oog.hooks, gas: 4n });
    expect(oog.result({ gasUsed: 4n, returnData: new Uint8Array(0) }).structLogs[1]).toMatchObject({ op: 'PUSH1', error: 'out of gas' });
  });
});
