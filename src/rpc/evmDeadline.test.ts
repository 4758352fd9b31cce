import { describe, expect, it } from 'vitest';
import { runCode } from '../core/vm/testEvm.js';
import type { FrameEnter } from '../core/vm/tracer.js';
import { deadlineTracer, ExecutionTimeoutError, formatDuration, needsStepChecks, SLOWEST_GAS_PER_MS } from './evmDeadline.js';

const ENDLESS_LOOP = 'JUMPDEST PUSH1 0 JUMP';
/** Calls the identity precompile forever: every iteration enters a frame. */
const CALLING_LOOP = 'JUMPDEST PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 4 GAS STATICCALL POP PUSH1 0 JUMP';
const LOTS_OF_GAS = 10n ** 15n;

function elapsed(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

describe('deadline tracer', () => {
  it('aborts a loop inside one frame when instructions are watched', () => {
    let error: unknown;
    const ms = elapsed(() => {
      try {
        runCode(ENDLESS_LOOP, { gas: LOTS_OF_GAS, tracer: deadlineTracer(50, true) });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(ExecutionTimeoutError);
    expect((error as Error).message).toBe('execution aborted (timeout = 50ms)');
    expect(ms).toBeLessThan(2000);
  });

  it('aborts a loop of calls at a frame boundary without watching instructions', () => {
    const tracer = deadlineTracer(50, false);
    expect(tracer.onStep).toBeUndefined();
    expect(() => runCode(CALLING_LOOP, { gas: LOTS_OF_GAS, tracer })).toThrow(ExecutionTimeoutError);
  });

  it('lets a call that ends in time finish normally', () => {
    const result = runCode('PUSH1 1 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN', { tracer: deadlineTracer(5_000, true) });
    expect(result.error).toBeUndefined();
    expect(result.returnData[31]).toBe(1);
  });

  it('forwards every hook to the inner tracer', () => {
    const entered: FrameEnter[] = [];
    let steps = 0;
    const tracer = deadlineTracer(5_000, false, { onEnter: (f) => entered.push(f), onStep: () => steps++ });
    runCode('PUSH1 1 POP STOP', { tracer });
    expect(entered).toHaveLength(1);
    expect(steps).toBe(3);
  });
});

describe('when instructions need watching', () => {
  it('only when the gas could outlast the timeout at the slowest rate', () => {
    expect(needsStepChecks(50_000_000n, 5_000)).toBe(false);
    expect(needsStepChecks(5_000n * SLOWEST_GAS_PER_MS + 1n, 5_000)).toBe(true);
    expect(needsStepChecks(2_000_000n, 100)).toBe(true);
  });

  it('prints durations as Go does', () => {
    expect(formatDuration(5000)).toBe('5s');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(300)).toBe('300ms');
  });
});
