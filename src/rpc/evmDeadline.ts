// Bounding how long a simulated call runs (geth's --rpc.evmtimeout). The EVM is a synchronous loop that nothing
// outside can interrupt, so the check runs inside it, through the tracer hooks, and aborts by throwing (the call's
// state is thrown away anyway).
//
// The frame hooks (onEnter/onExit) cost nothing on the interpreter's fast path and catch every call, creation and
// precompile; a loop that never leaves its frame is only caught by a per-instruction hook, and the mere presence of
// onStep switches the interpreter to its traced loop, about five times slower. So instructions are watched only
// when the gas could keep a single frame busy past the deadline: at the slowest rate measured here (a KECCAK256
// loop, ~20 Mgas/s; 10 Mgas/s is assumed for margin), the default 50 Mgas cap runs out within the default 5 s.
import type { EvmTracer } from '../core/vm/tracer.js';

/** Gas per millisecond the interpreter gets through at the least: below timeout * this, gas runs out in time. */
export const SLOWEST_GAS_PER_MS = 10_000n;

/** How many instructions pass between two clock reads when instructions are watched. */
const STEP_CHECK_INTERVAL = 4096;

export class ExecutionTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`execution aborted (timeout = ${formatDuration(timeoutMs)})`);
    this.name = 'ExecutionTimeoutError';
  }
}

/** As Go prints a time.Duration of whole milliseconds: "5s", "1.5s", "300ms". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
}

/** Whether a call with `gas` needs its instructions watched to keep `timeoutMs`. */
export function needsStepChecks(gas: bigint, timeoutMs: number): boolean {
  return gas > BigInt(Math.ceil(timeoutMs)) * SLOWEST_GAS_PER_MS;
}

/**
 * A tracer that throws ExecutionTimeoutError once `timeoutMs` have passed since now, forwarding every hook to
 * `inner` (e.g. an access-list tracer). With `watchSteps` false it has no onStep unless `inner` has one.
 */
export function deadlineTracer(timeoutMs: number, watchSteps: boolean, inner: EvmTracer = {}): EvmTracer {
  const deadline = performance.now() + timeoutMs;
  const check = (): void => {
    if (performance.now() > deadline) throw new ExecutionTimeoutError(timeoutMs);
  };
  const tracer: EvmTracer = {
    onEnter: (frame) => {
      check();
      inner.onEnter?.(frame);
    },
    onExit: (frame) => {
      check();
      inner.onExit?.(frame);
    },
  };
  if (inner.onFault !== undefined) tracer.onFault = inner.onFault;
  // An inner onStep puts the interpreter on its traced loop anyway: the clock is then read there too.
  if (watchSteps || inner.onStep !== undefined) {
    let steps = 0;
    tracer.onStep = (step) => {
      if (++steps % STEP_CHECK_INTERVAL === 0) check();
      inner.onStep?.(step);
    };
  }
  return tracer;
}
