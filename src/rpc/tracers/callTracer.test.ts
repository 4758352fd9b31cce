import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { asm, CALLER, CONTRACT, runCode } from '../../core/vm/testEvm.js';
import { CallTracer, type CallTracerConfig } from './callTracer.js';

const LOGGER = '0x' + '00'.repeat(19) + 'a1';
const FAILING = '0x' + '00'.repeat(19) + 'a2';
const PLAIN: CallTracerConfig = { onlyTopCall: false, withLog: false };
const WITH_LOG: CallTracerConfig = { onlyTopCall: false, withLog: true };

const call = (to: string): string => `PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH20 ${to} GAS CALL POP`;
// Logs 0x2a under topic 7 at memory 0..32, then returns (LOGGER) or reverts with the same word (FAILING).
const logThen = (end: 'RETURN' | 'REVERT'): string => `PUSH1 42 PUSH1 0 MSTORE PUSH1 7 PUSH1 32 PUSH1 0 LOG1 PUSH1 32 PUSH1 0 ${end}`;

function trace(config: CallTracerConfig, code: string) {
  const tracer = new CallTracer(config, 50_000n);
  const run = runCode(code, {
    tracer: tracer.hooks,
    gas: 50_000n,
    alloc: { [LOGGER]: { code: asm(logThen('RETURN')) }, [FAILING]: { code: asm(logThen('REVERT')) } },
  });
  return tracer.result({ gasUsed: 50_000n - run.gasLeft, returnData: run.returnData, error: run.error });
}

describe('CallTracer', () => {
  it('nests calls with their input, output, gas and errors', () => {
    const top = trace(PLAIN, `${call(LOGGER)} ${call(FAILING)} STOP`);
    expect(top).toMatchObject({ type: 'CALL', from: bytesToHex(CALLER), to: bytesToHex(CONTRACT), gas: '0xc350', output: '0x', value: '0x0' });
    expect(top.calls!.map((c) => [c.type, c.to, c.error, c.output])).toEqual([
      ['CALL', LOGGER, undefined, '0x' + '2a'.padStart(64, '0')],
      ['CALL', FAILING, 'execution reverted', '0x' + '2a'.padStart(64, '0')],
    ]);
    expect(top.calls![1]!.revertReason).toBeUndefined();
    expect(top.logs).toBeUndefined();
  });

  it('keeps the logs of frames that succeed, with their position among the calls', () => {
    const top = trace(WITH_LOG, `${call(FAILING)} ${call(LOGGER)} ${logThen('RETURN')}`);
    expect(top.calls![0]!.logs).toBeUndefined();
    expect(top.calls![1]!.logs).toEqual([{ address: LOGGER, topics: ['0x' + '7'.padStart(64, '0')], data: '0x' + '2a'.padStart(64, '0'), position: '0x0' }]);
    expect(top.logs).toEqual([
      { address: bytesToHex(CONTRACT), topics: ['0x' + '7'.padStart(64, '0')], data: '0x' + '2a'.padStart(64, '0'), position: '0x2' },
    ]);
  });

  it('drops every log under a frame that fails', () => {
    const top = trace(WITH_LOG, `${call(LOGGER)} PUSH1 0 PUSH1 0 REVERT`);
    expect(top.error).toBe('execution reverted');
    expect(top.calls![0]!.logs).toBeUndefined();
  });

  it('shows only the top frame with onlyTopCall', () => {
    const top = trace({ onlyTopCall: true, withLog: true }, `${call(LOGGER)} STOP`);
    expect(top.calls).toBeUndefined();
    expect(top.logs).toBeUndefined();
    expect(top.gasUsed).not.toBe('0x0');
  });

  it('leaves out the address of a creation that failed', () => {
    // CREATE of init code 0xfe (INVALID), stored at memory 31.
    const top = trace(PLAIN, 'PUSH1 0xfe PUSH1 0 MSTORE PUSH1 1 PUSH1 31 PUSH1 0 CREATE POP STOP');
    expect(top.calls).toHaveLength(1);
    expect(top.calls![0]).toMatchObject({ type: 'CREATE', input: '0xfe', error: 'invalid opcode: INVALID' });
    expect(top.calls![0]!.to).toBeUndefined();
  });

  it('refuses to report a run that entered no frame', () => {
    const tracer = new CallTracer(PLAIN, 1n);
    expect(() => tracer.result({ gasUsed: 0n, returnData: hexToBytes('0x') })).toThrow('entered no frame');
  });
});
