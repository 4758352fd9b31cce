// geth's callTracer: the tree of call frames a transaction makes, each with its gas, input, output and error, and
// optionally the logs it emitted (only those that survive: a failing frame takes its logs and its callees' along).
import { bigintToFixedBytes, bytesToHex, toQuantity } from '../../common/bytes.js';
import type { ExecutionResult } from '../../core/stateTransition.js';
import type { EvmTracer, FrameEnter, FrameExit, StepInfo } from '../../core/vm/tracer.js';
import { unpackRevertReason } from '../revertError.js';

const LOG0 = 0xa0;
const LOG4 = 0xa4;

export interface CallTracerConfig {
  /** Only the transaction's own frame, no calls below it. */
  onlyTopCall: boolean;
  withLog: boolean;
}

export interface CallLog {
  address: string;
  topics: string[];
  data: string;
  /** How many calls the frame had made before this log. */
  position: string;
}

export interface CallFrame {
  type: string;
  from: string;
  gas: string;
  gasUsed: string;
  to?: string;
  input: string;
  output?: string;
  error?: string;
  revertReason?: string;
  calls?: CallFrame[];
  logs?: CallLog[];
  value?: string;
}

export class CallTracer {
  /** The frames entered and not yet left; the first is the transaction's. */
  private readonly stack: CallFrame[] = [];
  private root: CallFrame | undefined;

  /** `gasLimit` is the transaction's, which geth reports for the top frame (before intrinsic gas). */
  constructor(
    private readonly config: CallTracerConfig,
    private readonly gasLimit: bigint,
  ) {}

  get hooks(): EvmTracer {
    const hooks: EvmTracer = { onEnter: (f) => this.onEnter(f), onExit: (f) => this.onExit(f) };
    // Instructions are only watched for logs: without them the EVM keeps to its fast loop.
    if (this.config.withLog) hooks.onStep = (s) => this.onStep(s);
    return hooks;
  }

  /** The top frame, with the transaction's gas and gas used (intrinsic gas and refund included). */
  result(execution: ExecutionResult): CallFrame {
    const root = this.root ?? this.stack[0];
    if (root === undefined) throw new Error('callTracer: the transaction entered no frame');
    root.gas = toQuantity(this.gasLimit);
    root.gasUsed = toQuantity(execution.gasUsed);
    return root;
  }

  private onEnter(f: FrameEnter): void {
    if (this.config.onlyTopCall && f.depth > 1) return;
    const frame: CallFrame = {
      type: f.type,
      from: bytesToHex(f.from),
      gas: toQuantity(f.gas),
      gasUsed: '0x0',
      to: bytesToHex(f.to),
      input: bytesToHex(f.input),
    };
    if (f.type !== 'STATICCALL') frame.value = toQuantity(f.value);
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined) (parent.calls ??= []).push(frame);
    this.stack.push(frame);
  }

  private onExit(f: FrameExit): void {
    if (this.config.onlyTopCall && f.depth > 1) return;
    const frame = this.stack.pop();
    if (frame === undefined) return;
    frame.gasUsed = toQuantity(f.gasUsed);
    if (f.error === undefined) {
      frame.output = bytesToHex(f.output);
    } else {
      frame.error = f.error.message;
      if (f.error.kind === 'revert') {
        frame.output = bytesToHex(f.output);
        const reason = unpackRevertReason(f.output);
        if (reason !== undefined) frame.revertReason = reason;
      }
      if (frame.type === 'CREATE' || frame.type === 'CREATE2') delete frame.to;
      dropLogs(frame);
    }
    if (this.stack.length === 0) this.root = frame;
  }

  private onStep(step: StepInfo): void {
    if (step.op < LOG0 || step.op > LOG4 || step.error !== undefined) return;
    if (this.config.onlyTopCall && step.depth > 1) return;
    const frame = this.stack[this.stack.length - 1];
    const topicCount = step.op - LOG0;
    const { stack } = step;
    if (frame === undefined || stack.length < 2 + topicCount) return;
    const top = stack.length - 1;
    const offset = Number(stack[top]!);
    const size = Number(stack[top - 1]!);
    // The memory is as before the instruction: bytes past its end (expanded by this LOG) are zeros.
    const data = new Uint8Array(size);
    if (offset < step.memory.length) data.set(step.memory.subarray(offset, Math.min(offset + size, step.memory.length)));
    const topics: string[] = [];
    for (let i = 0; i < topicCount; i++) topics.push(bytesToHex(bigintToFixedBytes(stack[top - 2 - i]!, 32)));
    (frame.logs ??= []).push({
      address: frame.type === 'DELEGATECALL' || frame.type === 'CALLCODE' ? frame.from : frame.to!,
      topics,
      data: bytesToHex(data),
      position: toQuantity(frame.calls?.length ?? 0),
    });
  }
}

/** A failed frame's logs never happened, nor its callees'. */
function dropLogs(frame: CallFrame): void {
  delete frame.logs;
  for (const call of frame.calls ?? []) dropLogs(call);
}
