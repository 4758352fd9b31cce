// Hooks a tracer (debug_trace*, struct logs, call tracers) can attach to the EVM. Every hook is optional; with
// no tracer set the interpreter pays one undefined check per instruction.
import type { Bytes } from '../../common/bytes.js';
import type { EvmError } from './errors.js';

export interface StepInfo {
  pc: number;
  op: number;
  /** Gas left before the instruction. */
  gas: bigint;
  /** What the instruction costs, static and dynamic; for calls and creates it includes the gas handed on. */
  cost: bigint;
  /** 1 for the transaction's own frame. */
  depth: number;
  /** A copy of the stack, bottom first. */
  stack: bigint[];
  memorySize: number;
  /** The frame's memory as it is before the instruction; a view, valid only during the hook. */
  memory: Bytes;
  /** The transaction's refund counter. */
  refund: bigint;
  /** Set when the instruction failed before it could run (stack check or gas). */
  error?: EvmError;
}

export type CallFrameType = 'CALL' | 'CALLCODE' | 'DELEGATECALL' | 'STATICCALL' | 'CREATE' | 'CREATE2' | 'SELFDESTRUCT';

export interface FrameEnter {
  type: CallFrameType;
  /** Depth of the new frame (1 for the transaction's own frame). */
  depth: number;
  from: Bytes;
  to: Bytes;
  input: Bytes;
  gas: bigint;
  value: bigint;
}

export interface FrameExit {
  depth: number;
  output: Bytes;
  gasUsed: bigint;
  error?: EvmError;
}

export interface EvmTracer {
  /** Before each instruction runs, after its gas is charged; or when it fails its stack or gas check. */
  onStep?(step: StepInfo): void;
  /** An instruction that onStep reported failed while it ran (a bad jump, a write in a static frame...). */
  onFault?(step: StepInfo): void;
  onEnter?(frame: FrameEnter): void;
  onExit?(frame: FrameExit): void;
  /**
   * After each JUMP or JUMPI that jumps (every loop turn passes one). Unlike onStep it leaves the interpreter on
   * its untraced loop, so it suits a cheap periodic check such as a deadline; throwing from it aborts the run.
   */
  onJump?(): void;
}
