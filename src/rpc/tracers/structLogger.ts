// geth's default tracer (logger.StructLogger): one entry per executed instruction with the gas, the stack and,
// on request, the memory, the return data and the storage the frame has touched so far.
import { bigintToFixedBytes, bytesToHex, toQuantity, type Bytes } from '../../common/bytes.js';
import type { ExecutionResult } from '../../core/stateTransition.js';
import { opcodeName } from '../../core/vm/opcodes.js';
import type { EvmTracer, FrameEnter, StepInfo } from '../../core/vm/tracer.js';

const SLOAD = 0x54;
const SSTORE = 0x55;

export interface StructLoggerConfig {
  disableStorage: boolean;
  disableStack: boolean;
  enableMemory: boolean;
}

export interface StructLog {
  pc: number;
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
  /** 32-byte chunks, hex without 0x (as geth prints them). */
  memory?: string[];
  /** Slot to value, both 32-byte hex without 0x: what the frame's account has loaded or stored so far. */
  storage?: Record<string, string>;
  refund?: number;
  error?: string;
}

export interface StructLoggerResult {
  gas: number;
  failed: boolean;
  returnValue: string;
  structLogs: StructLog[];
}

/** Reads a storage slot of an account as it is now (for SLOAD, whose value is not on the stack). */
export type StorageReader = (address: Bytes, slot: bigint) => bigint;

const word = (v: bigint): Bytes => bigintToFixedBytes(v, 32);
const bare = (b: Bytes): string => bytesToHex(b).slice(2);

export class StructLogger {
  private readonly logs: StructLog[] = [];
  /** The account whose storage the frame at each depth works on. */
  private readonly storageOwner: Bytes[] = [];
  /**
   * Memory size of the frame at each depth before its current instruction. The interpreter expands memory before
   * the step hook, whereas geth logs the memory as it was; only instructions expand it, so the size reported at a
   * frame's previous step is the one to show.
   */
  private readonly memorySizeBefore: number[] = [];
  /** Per account (0x hex), the slots seen so far. */
  private readonly storage = new Map<string, Map<string, string>>();

  constructor(
    private readonly config: StructLoggerConfig,
    private readonly readStorage: StorageReader,
  ) {}

  get hooks(): EvmTracer {
    return {
      onEnter: (frame) => this.onEnter(frame),
      onStep: (step) => this.onStep(step),
      onFault: (step) => this.onFault(step),
    };
  }

  result(execution: ExecutionResult): StructLoggerResult {
    const error = execution.error;
    // geth leaves the output out of a failure other than a revert (it is not return data then).
    const returnValue = error === undefined || error.kind === 'revert' ? bytesToHex(execution.returnData) : '0x';
    return { gas: Number(execution.gasUsed), failed: error !== undefined, returnValue, structLogs: this.logs };
  }

  private onEnter(frame: FrameEnter): void {
    // DELEGATECALL and CALLCODE run code on the caller's account.
    const owner = frame.type === 'DELEGATECALL' || frame.type === 'CALLCODE' ? frame.from : frame.to;
    this.storageOwner[frame.depth] = owner;
    this.memorySizeBefore[frame.depth] = 0;
  }

  private onStep(step: StepInfo): void {
    const entry: StructLog = {
      pc: step.pc,
      op: opcodeName(step.op),
      gas: Number(step.gas),
      gasCost: Number(step.cost),
      depth: step.depth,
    };
    if (!this.config.disableStack) entry.stack = step.stack.map((v) => toQuantity(v));
    const memorySize = this.memorySizeBefore[step.depth] ?? 0;
    this.memorySizeBefore[step.depth] = step.memorySize;
    if (this.config.enableMemory) {
      const memory: string[] = [];
      for (let i = 0; i < memorySize; i += 32) {
        const chunk = new Uint8Array(32);
        chunk.set(step.memory.subarray(i, Math.min(i + 32, step.memory.length)));
        memory.push(bare(chunk));
      }
      entry.memory = memory;
    }
    if (!this.config.disableStorage && step.error === undefined && (step.op === SLOAD || step.op === SSTORE)) {
      entry.storage = this.touchStorage(step);
    }
    if (step.refund !== 0n) entry.refund = Number(step.refund);
    if (step.error !== undefined) entry.error = step.error.message;
    this.logs.push(entry);
  }

  private onFault(step: StepInfo): void {
    const last = this.logs[this.logs.length - 1];
    if (last !== undefined && last.pc === step.pc && last.depth === step.depth && step.error !== undefined) {
      last.error = step.error.message;
    }
  }

  /** Records the slot the instruction loads or stores; a copy of the account's slots so far. */
  private touchStorage(step: StepInfo): Record<string, string> | undefined {
    const owner = this.storageOwner[step.depth];
    const { stack } = step;
    const top = stack.length - 1;
    if (owner === undefined || top < (step.op === SSTORE ? 1 : 0)) return undefined;
    const key = bytesToHex(owner);
    let slots = this.storage.get(key);
    if (slots === undefined) {
      slots = new Map();
      this.storage.set(key, slots);
    }
    const slot = stack[top]!;
    const value = step.op === SSTORE ? stack[top - 1]! : this.readStorage(owner, slot);
    slots.set(bare(word(slot)), bare(word(value)));
    return Object.fromEntries(slots);
  }
}
