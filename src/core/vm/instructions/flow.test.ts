import { describe, expect, it } from 'vitest';
import { bytesToBigint, bytesToHex } from '../../../common/bytes.js';
import { returnTop, runCode } from '../testEvm.js';

describe('control flow', () => {
  it('JUMP lands on a JUMPDEST and runs it', () => {
    // 0: PUSH1 4, 2: JUMP, 3: INVALID, 4: JUMPDEST, 5: STOP
    const r = runCode('PUSH1 4 JUMP INVALID JUMPDEST STOP');
    expect(r.error).toBeUndefined();
    expect(r.gasUsed).toBe(3n + 8n + 1n);
  });

  it('JUMPI jumps only on a non-zero condition and costs 10', () => {
    // 0: PUSH1 1, 2: PUSH1 7, 4: JUMPI, 5: INVALID, 6: INVALID, 7: JUMPDEST, 8: STOP
    const taken = runCode('PUSH1 1 PUSH1 7 JUMPI INVALID INVALID JUMPDEST STOP');
    expect(taken.error).toBeUndefined();
    expect(taken.gasUsed).toBe(6n + 10n + 1n);
    const notTaken = runCode('PUSH1 0 PUSH1 7 JUMPI STOP INVALID JUMPDEST INVALID');
    expect(notTaken.error).toBeUndefined();
    // A bad destination is not checked when the jump is not taken.
    expect(runCode('PUSH1 0 PUSH1 99 JUMPI STOP').error).toBeUndefined();
  });

  it("calls the tracer's onJump after each jump taken, and only then", () => {
    let jumps = 0;
    const onJump = () => jumps++;
    // Three turns of a loop: JUMPI taken twice, then not; one JUMP before it.
    const loop = runCode('PUSH1 3 PUSH1 5 JUMP JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH1 5 JUMPI STOP', { tracer: { onJump } });
    expect(loop.error).toBeUndefined();
    expect(jumps).toBe(3);
    // A jump to a bad destination is not one.
    jumps = 0;
    expect(runCode('PUSH1 3 JUMP STOP JUMPDEST', { tracer: { onJump } }).error?.kind).toBe('invalidJump');
    expect(jumps).toBe(0);
    // What it throws ends the run.
    const abort = new Error('stop here');
    expect(() => runCode('JUMPDEST PUSH1 0 JUMP', { gas: 10n ** 12n, tracer: { onJump: () => { throw abort; } } })).toThrow(abort);
  });

  it('rejects jumps to non-JUMPDEST bytes, into PUSH data and past the code', () => {
    expect(runCode('PUSH1 3 JUMP STOP JUMPDEST').error?.kind).toBe('invalidJump');
    // 0x5b inside PUSH2 data at offset 2 is not a destination.
    const intoData = runCode('PUSH1 3 JUMP PUSH2 0x5b5b STOP');
    expect(intoData.error?.kind).toBe('invalidJump');
    expect(intoData.gasLeft).toBe(0n);
    expect(runCode('PUSH2 0x1000 JUMP').error?.kind).toBe('invalidJump');
    expect(runCode('PUSH32 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff05 JUMP').error?.kind).toBe(
      'invalidJump',
    );
    expect(runCode('PUSH1 1 PUSH1 3 JUMPI STOP').error?.kind).toBe('invalidJump');
  });

  it('PC, GAS and MSIZE', () => {
    const pc = runCode(returnTop('PUSH1 0 POP PC'));
    expect(bytesToBigint(pc.returnData)).toBe(3n);
    const gas = runCode(returnTop('GAS'), { gas: 100_000n });
    expect(bytesToBigint(gas.returnData)).toBe(100_000n - 2n);
  });

  it('RETURN hands back memory; REVERT also keeps the remaining gas', () => {
    const ret = runCode('PUSH1 0xaa PUSH1 0 MSTORE8 PUSH1 2 PUSH1 0 RETURN');
    expect(bytesToHex(ret.returnData)).toBe('0xaa00');
    const rev = runCode('PUSH1 0xbb PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 REVERT', { gas: 50_000n });
    expect(rev.error?.kind).toBe('revert');
    expect(bytesToHex(rev.returnData)).toBe('0xbb');
    expect(rev.gasLeft).toBe(50_000n - (3n + 3n + 3n + 3n + 3n + 3n));
    const empty = runCode('PUSH1 0 PUSH32 0xffffffffffffffffffffffffffffff RETURN');
    expect(empty.returnData.length).toBe(0);
  });

  it('INVALID and undefined opcodes fail with all gas consumed', () => {
    const invalid = runCode('INVALID');
    expect(invalid.error?.kind).toBe('invalidOpcode');
    expect(invalid.error?.message).toBe('invalid opcode: INVALID');
    expect(invalid.gasLeft).toBe(0n);
    for (const byte of ['0x0c', '0x21', '0x4b', '0xa5', '0xef', '0xfb']) {
      const r = runCode(byte);
      expect(r.error?.kind, byte).toBe('invalidOpcode');
      expect(r.error?.message).toBe(`invalid opcode: opcode ${byte} not defined`);
    }
  });

  it('running off the end of the code is a STOP', () => {
    const r = runCode('PUSH1 1');
    expect(r.error).toBeUndefined();
    expect(r.gasUsed).toBe(3n);
  });

  it('running out of gas consumes everything', () => {
    const r = runCode('PUSH1 1 PUSH1 1 ADD', { gas: 8n });
    expect(r.error?.kind).toBe('outOfGas');
    expect(r.gasLeft).toBe(0n);
    expect(runCode('PUSH1 1 PUSH1 1 ADD', { gas: 9n }).error).toBeUndefined();
  });
});
