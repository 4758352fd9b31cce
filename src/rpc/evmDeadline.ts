// Bounding how long a simulated call runs (geth's --rpc.evmtimeout), and cutting a call short on the main thread
// so it can go on in a worker. The EVM is a synchronous loop that nothing outside can interrupt, so the check runs
// inside it, through tracer hooks, and aborts by throwing (the call's state is thrown away anyway).
//
// The hooks used cost (almost) nothing on the interpreter's fast path: onEnter/onExit catch every call, creation and
// precompile, and onJump every turn of a loop, which is the only way to keep one frame busy for long (code without
// jumps runs each of its at most 48 KiB of instructions once). The clock is read at every frame boundary and at
// every JUMP_CHECK_INTERVAL-th jump. A precompile is one step that cannot be interrupted (blake2f can be given
// billions of rounds), so under a slice one that could not finish within what is left of it is not started.
import type { EvmTracer, FrameEnter } from '../core/vm/tracer.js';

/** Jumps between two clock reads: a loop turn takes well under a microsecond, a clock read some tens of ns. */
const JUMP_CHECK_INTERVAL = 64;

/** Gas per millisecond the slowest precompile gets through at the least (blake2f runs ~13,000 rounds, 1 gas each). */
const SLOWEST_PRECOMPILE_GAS_PER_MS = 10_000;

export class ExecutionTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`execution aborted (timeout = ${formatDuration(timeoutMs)})`);
    this.name = 'ExecutionTimeoutError';
  }
}

/** A call abandoned at the end of its time slice: it is to be run again elsewhere, never reported. */
export class TimeSliceExceededError extends Error {
  constructor(readonly sliceMs: number) {
    super(`execution exceeded its ${sliceMs} ms time slice`);
    this.name = 'TimeSliceExceededError';
  }
}

/** As Go prints a time.Duration of whole milliseconds: "5s", "1.5s", "300ms". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
}

/** What bounds one execution. */
export interface ExecutionLimits {
  /** Milliseconds before it is aborted with ExecutionTimeoutError; 0 for no limit. */
  timeoutMs: number;
  /** When those milliseconds started (performance.now()); now by default. */
  startedAt?: number;
  /** Milliseconds from now after which it is abandoned with TimeSliceExceededError, if that comes first. */
  sliceMs?: number;
}

/** Whether `limits` bound anything: without, no tracer is needed. */
export function hasLimits(limits: ExecutionLimits): boolean {
  return limits.timeoutMs > 0 || limits.sliceMs !== undefined;
}

/** The gas the precompile `frame` calls would charge, or undefined when it calls none. */
export type PrecompileGas = (frame: FrameEnter) => bigint | undefined;

/**
 * A tracer that throws once the first of `limits` has passed, forwarding every hook to `inner` (e.g. an
 * access-list tracer). It adds no onStep: the interpreter stays on its untraced loop unless `inner` has one.
 * With `precompileGas`, a slice also ends before a precompile too long for what is left of it.
 */
export function deadlineTracer(
  limits: ExecutionLimits,
  inner: EvmTracer = {},
  precompileGas?: PrecompileGas,
): EvmTracer {
  const now = performance.now();
  let deadline = Infinity;
  let expired = (): Error => new ExecutionTimeoutError(limits.timeoutMs);
  if (limits.timeoutMs > 0) deadline = (limits.startedAt ?? now) + limits.timeoutMs;
  const slice = limits.sliceMs;
  let sliced = false;
  if (slice !== undefined && now + slice < deadline) {
    deadline = now + slice;
    expired = () => new TimeSliceExceededError(slice);
    sliced = true;
  }
  const check = (): void => {
    if (performance.now() > deadline) throw expired();
  };
  // Only a slice may end early: a timeout must not, as the precompile might still finish in time.
  const precompileFits = (frame: FrameEnter): void => {
    if (!sliced || precompileGas === undefined || frame.type === 'SELFDESTRUCT') return;
    const gas = precompileGas(frame);
    if (gas === undefined || gas > frame.gas) return;
    if (Number(gas) / SLOWEST_PRECOMPILE_GAS_PER_MS > deadline - performance.now()) throw expired();
  };
  let jumps = 0;
  const tracer: EvmTracer = {
    onEnter: (frame) => {
      check();
      precompileFits(frame);
      inner.onEnter?.(frame);
    },
    onExit: (frame) => {
      check();
      inner.onExit?.(frame);
    },
    onJump: () => {
      if (++jumps % JUMP_CHECK_INTERVAL === 0) check();
      inner.onJump?.();
    },
  };
  const { onStep, onFault } = inner;
  if (onStep !== undefined) tracer.onStep = (step) => onStep.call(inner, step);
  if (onFault !== undefined) tracer.onFault = (step) => onFault.call(inner, step);
  return tracer;
}
