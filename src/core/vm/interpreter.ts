// The instruction loop: fetch, check the stack bounds, charge static then dynamic gas, grow memory, execute.
// Handlers signal the end of the frame through frame.status; nothing here throws for an EVM-level failure.
import { ERR_OUT_OF_GAS, stackOverflowError, stackUnderflowError } from './errors.js';
import { RUNNING, FAILED, gasLeft, refillGas, peekCallGas, type Frame } from './frame.js';
import { STACK_LIMIT } from './gasCosts.js';
import type { JumpTable } from './jumpTable.js';
import { Op } from './opcodes.js';
import type { EvmTracer, StepInfo } from './tracer.js';

export function runInterpreter(f: Frame, table: JumpTable): void {
  const tracer = f.evm.tracer;
  if (tracer !== undefined && (tracer.onStep !== undefined || tracer.onFault !== undefined)) {
    runTraced(f, table, tracer);
    return;
  }
  const code = f.code;
  const codeLength = code.length;
  const { exec, constantGas, minStack, maxStack, dynamicGas } = table;
  while (f.status === RUNNING) {
    const pc = f.pc;
    // Running off the end of the code is a STOP.
    const op = pc < codeLength ? code[pc]! : Op.STOP;
    const sp = f.sp;
    if (sp < minStack[op]!) return f.fail(stackUnderflowError(sp, minStack[op]!));
    if (sp > maxStack[op]!) return f.fail(stackOverflowError(sp, STACK_LIMIT));
    const cost = constantGas[op]!;
    if (f.gas < cost && !refillGas(f, cost)) return f.fail(ERR_OUT_OF_GAS);
    f.gas -= cost;
    const dynamic = dynamicGas[op];
    if (dynamic !== undefined) {
      f.memNeeded = 0;
      const extra = dynamic(f);
      if (f.status !== RUNNING) return;
      if (extra < 0 || (f.gas < extra && !refillGas(f, extra))) return f.fail(ERR_OUT_OF_GAS);
      f.gas -= extra;
      if (f.memNeeded > f.memory.size) f.memory.grow(f.memNeeded);
    }
    exec[op]!(f);
    f.pc++;
  }
}

/** The same loop with the tracer's hooks; kept apart so the untraced loop stays lean. */
function runTraced(f: Frame, table: JumpTable, tracer: EvmTracer): void {
  const code = f.code;
  const codeLength = code.length;
  const { exec, constantGas, minStack, maxStack, dynamicGas } = table;
  while (f.status === RUNNING) {
    const pc = f.pc;
    const op = pc < codeLength ? code[pc]! : Op.STOP;
    const sp = f.sp;
    const gasBefore = gasLeft(f);
    const step = (cost: bigint): StepInfo => ({
      pc,
      op,
      gas: gasBefore,
      cost,
      depth: f.depth,
      stack: f.stack.slice(0, f.sp),
      memorySize: f.memory.size,
      memory: f.memory.buf.subarray(0, f.memory.size),
      refund: f.evm.state.getRefund(),
    });
    const failEarly = (cost: bigint): void => {
      tracer.onStep?.({ ...step(cost), error: f.error! });
    };
    if (sp < minStack[op]!) {
      f.fail(stackUnderflowError(sp, minStack[op]!));
      return failEarly(0n);
    }
    if (sp > maxStack[op]!) {
      f.fail(stackOverflowError(sp, STACK_LIMIT));
      return failEarly(0n);
    }
    const cost = constantGas[op]!;
    if (f.gas < cost && !refillGas(f, cost)) {
      f.fail(ERR_OUT_OF_GAS);
      return failEarly(BigInt(cost));
    }
    f.gas -= cost;
    let total = BigInt(cost);
    const dynamic = dynamicGas[op];
    if (dynamic !== undefined) {
      f.memNeeded = 0;
      const extra = dynamic(f);
      if (f.status !== RUNNING) return failEarly(total);
      if (extra < 0 || (f.gas < extra && !refillGas(f, extra))) {
        f.fail(ERR_OUT_OF_GAS);
        return failEarly(extra < 0 ? total : total + BigInt(extra));
      }
      f.gas -= extra;
      total += BigInt(extra);
      if (f.memNeeded > f.memory.size) f.memory.grow(f.memNeeded);
    }
    const requested = callGasRequested(f, op);
    if (requested !== undefined) total += peekCallGas(f, requested);
    const info = step(total);
    tracer.onStep?.(info);
    exec[op]!(f);
    if (f.status === FAILED) tracer.onFault?.({ ...info, error: f.error! });
    f.pc++;
  }
}

/** The gas a CALL-family instruction asks to hand on (its top stack item); undefined for other instructions. */
function callGasRequested(f: Frame, op: number): bigint | undefined {
  if (op === Op.CALL || op === Op.CALLCODE || op === Op.DELEGATECALL || op === Op.STATICCALL) {
    return f.stack[f.sp - 1]!;
  }
  return undefined;
}
