import { describe, expect, it } from 'vitest';
import { runCode } from '../core/vm/testEvm.js';
import type { FrameEnter } from '../core/vm/tracer.js';
import {
  deadlineTracer,
  ExecutionTimeoutError,
  formatDuration,
  hasLimits,
  TimeSliceExceededError,
  type ExecutionLimits,
} from './evmDeadline.js';

const ENDLESS_LOOP = 'JUMPDEST PUSH1 0 JUMP';
/** Calls the identity precompile forever: every iteration enters a frame. */
const CALLING_LOOP = 'JUMPDEST PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 4 GAS STATICCALL POP PUSH1 0 JUMP';
const LOTS_OF_GAS = 10n ** 15n;

/** What `fn` threw and how long it took. */
function timed(fn: () => void): { error: unknown; ms: number } {
  const start = performance.now();
  try {
    fn();
    return { error: undefined, ms: performance.now() - start };
  } catch (e) {
    return { error: e, ms: performance.now() - start };
  }
}

/** Runs the endless loop under `limits`. */
const endless = (limits: ExecutionLimits) =>
  timed(() => runCode(ENDLESS_LOOP, { gas: LOTS_OF_GAS, tracer: deadlineTracer(limits) }));

describe('deadline tracer', () => {
  it('aborts a loop inside one frame, without putting the interpreter on its traced loop', () => {
    const tracer = deadlineTracer({ timeoutMs: 50 });
    expect(tracer.onStep).toBeUndefined();
    const { error, ms } = timed(() => runCode(ENDLESS_LOOP, { gas: LOTS_OF_GAS, tracer }));
    expect(error).toBeInstanceOf(ExecutionTimeoutError);
    expect((error as Error).message).toBe('execution aborted (timeout = 50ms)');
    expect(ms).toBeGreaterThanOrEqual(49);
    expect(ms).toBeLessThan(2000);
  });

  it('aborts a loop of calls at a frame boundary', () => {
    expect(() => runCode(CALLING_LOOP, { gas: LOTS_OF_GAS, tracer: deadlineTracer({ timeoutMs: 50 }) })).toThrow(
      ExecutionTimeoutError,
    );
  });

  it('counts the timeout from startedAt when given, and reports the timeout, not what was left of it', () => {
    const tracer = deadlineTracer({ timeoutMs: 1_000, startedAt: performance.now() - 950 });
    const { error, ms } = timed(() => runCode(ENDLESS_LOOP, { gas: LOTS_OF_GAS, tracer }));
    expect((error as Error).message).toBe('execution aborted (timeout = 1s)');
    expect(ms).toBeLessThan(900);
    // Already past: the first check aborts.
    const late = deadlineTracer({ timeoutMs: 10, startedAt: performance.now() - 1_000 });
    expect(() => runCode('STOP', { tracer: late })).toThrow(ExecutionTimeoutError);
  });

  it('abandons the execution at the end of its slice when that comes before the timeout', () => {
    const { error, ms } = endless({ timeoutMs: 5_000, sliceMs: 30 });
    expect(error).toBeInstanceOf(TimeSliceExceededError);
    expect((error as TimeSliceExceededError).sliceMs).toBe(30);
    expect(ms).toBeLessThan(1000);
    // A timeout that comes first is reported as the timeout.
    expect(endless({ timeoutMs: 20, sliceMs: 500 }).error).toBeInstanceOf(ExecutionTimeoutError);
    // No timeout at all: the slice still ends it.
    const unlimited = endless({ timeoutMs: 0, sliceMs: 20 });
    expect(unlimited.error).toBeInstanceOf(TimeSliceExceededError);
  });

  it('under a slice, does not start a precompile that could not finish within what is left of it', () => {
    const frame = (type: FrameEnter['type'], gas: bigint): FrameEnter => ({
      type,
      depth: 1,
      from: new Uint8Array(20),
      to: new Uint8Array(20),
      input: new Uint8Array(0),
      gas,
      value: 0n,
    });
    const costly = () => 10_000_000n;
    const sliced = deadlineTracer({ timeoutMs: 5_000, sliceMs: 30 }, {}, costly);
    expect(() => sliced.onEnter!(frame('STATICCALL', 10n ** 9n))).toThrow(TimeSliceExceededError);
    // Too little gas to pay for it: the precompile fails at once, nothing to fear.
    expect(() => sliced.onEnter!(frame('CALL', 1_000_000n))).not.toThrow();
    // A self-destruct's beneficiary runs nothing.
    expect(() => sliced.onEnter!(frame('SELFDESTRUCT', 10n ** 9n))).not.toThrow();
    // A cheap one runs.
    const enter = (limits: ExecutionLimits, gas: () => bigint) => () => deadlineTracer(limits, {}, gas).onEnter!(frame('CALL', 10n ** 9n));
    expect(enter({ timeoutMs: 5_000, sliceMs: 30 }, () => 3_000n)).not.toThrow();
    // A timeout never ends a call early: the precompile may still finish in time.
    expect(enter({ timeoutMs: 30 }, costly)).not.toThrow();
    expect(enter({ timeoutMs: 20, sliceMs: 30 }, costly)).not.toThrow();
  });

  it('lets a call that ends in time finish normally', () => {
    const result = runCode('PUSH1 1 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN', { tracer: deadlineTracer({ timeoutMs: 5_000 }) });
    expect(result.error).toBeUndefined();
    expect(result.returnData[31]).toBe(1);
    // A finite loop of many turns too.
    const loop = runCode('PUSH2 5000 JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH1 3 JUMPI STOP', {
      tracer: deadlineTracer({ timeoutMs: 5_000, sliceMs: 1_000 }),
    });
    expect(loop.error).toBeUndefined();
  });

  it('forwards every hook to the inner tracer', () => {
    const entered: FrameEnter[] = [];
    let steps = 0;
    let jumps = 0;
    const inner = {
      count: 0,
      onEnter: (f: FrameEnter) => entered.push(f),
      onJump: () => jumps++,
      // A method, to check it is called on its own object.
      onStep(this: { count: number }) {
        this.count++;
        steps++;
      },
    };
    runCode('PUSH1 4 JUMP INVALID JUMPDEST STOP', { tracer: deadlineTracer({ timeoutMs: 5_000 }, inner) });
    expect(entered).toHaveLength(1);
    expect(steps).toBe(4);
    expect(inner.count).toBe(4);
    expect(jumps).toBe(1);
  });
});

describe('limits', () => {
  it('bound something only with a timeout or a slice', () => {
    expect(hasLimits({ timeoutMs: 0 })).toBe(false);
    expect(hasLimits({ timeoutMs: 5 })).toBe(true);
    expect(hasLimits({ timeoutMs: 0, sliceMs: 30 })).toBe(true);
  });

  it('print durations as Go does', () => {
    expect(formatDuration(5000)).toBe('5s');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(300)).toBe('300ms');
  });
});
