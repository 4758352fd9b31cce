// One running call frame: code, stack, memory, gas and the call's context. Frames are pooled per call depth by
// the Evm and reset on entry, so a call allocates no stack or memory buffer once the pool is warm. Frames do not
// nest on the JavaScript stack: a CALL suspends its frame and the Evm's loop runs the child (1024 nested calls
// would overflow the JavaScript stack otherwise).
//
// Gas is a double: exact up to 2^53, far above any real gas limit, and much cheaper than a bigint per
// instruction. Test transactions do run with up to 2^63 gas, so what exceeds MAX_SAFE_INTEGER waits in
// `gasReserve` (a bigint) and moves into `gas` when `gas` runs short: the sum of the two is the exact gas left.
import type { Bytes } from '../../common/bytes.js';
import { EMPTY_BYTES } from '../../common/bytes.js';
import type { EvmError } from './errors.js';
import type { Evm } from './evm.js';
import type { CallFrameType } from './tracer.js';
import { STACK_LIMIT } from './gasCosts.js';
import type { JumpdestMap } from './jumpdest.js';
import { Memory } from './memory.js';

export const RUNNING: number = 0;
/** STOP, RETURN or SELFDESTRUCT. */
export const STOPPED: number = 1;
export const REVERTED: number = 2;
export const FAILED: number = 3;
/** Waiting for a sub-call or creation it started: the Evm runs the child frame, then resumes this one. */
export const SUSPENDED: number = 4;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_SAFE_BIG = BigInt(MAX_SAFE);

export class Frame {
  constructor(readonly evm: Evm) {}

  readonly stack: bigint[] = new Array<bigint>(STACK_LIMIT).fill(0n);
  /** Number of items on the stack; the top is stack[sp - 1]. */
  sp = 0;
  readonly memory = new Memory();
  pc = 0;
  gas = 0;
  gasReserve = 0n;

  code: Bytes = EMPTY_BYTES;
  /** Hash of `code` when it is deployed code (the key for cached jump analysis); undefined for initcode. */
  codeHash: Bytes | undefined = undefined;
  /** Computed at the first jump: most frames never jump. */
  jumpdests: JumpdestMap | undefined = undefined;
  /** Decoded PUSH7..PUSH32 immediates of `code` by pc, shared by every frame running the same code. */
  pushValues: (bigint | undefined)[] | undefined = undefined;
  /** The account whose storage and balance this frame acts on. */
  address: Bytes = EMPTY_BYTES;
  caller: Bytes = EMPTY_BYTES;
  value = 0n;
  input: Bytes = EMPTY_BYTES;
  isStatic = false;
  /** 1 for the transaction's own frame. */
  depth = 0;
  /** Output of the most recent sub-call (RETURNDATASIZE / RETURNDATACOPY). */
  returnData: Bytes = EMPTY_BYTES;

  status = RUNNING;
  error: EvmError | undefined = undefined;
  /** RETURN or REVERT data. */
  output: Bytes = EMPTY_BYTES;
  /** The address operand of the current instruction, decoded once by its dynamic gas function. */
  target: Bytes = EMPTY_BYTES;
  // How this frame was entered, for finishing it and resuming its parent when it ends.
  kind: CallFrameType = 'CALL';
  /** Journal position to revert to when the frame fails. */
  snapshot = 0;
  /** Gas the frame started with (tracers report what it used). */
  gasIn = 0n;
  /** Where the parent wants the output (CALL family; retSize 0 for none). */
  retOffset = 0;
  retSize = 0;

  /** Memory end the current instruction needs, set by its dynamic gas function and grown to after charging. */
  memNeeded = 0;

  reset(code: Bytes, codeHash: Bytes | undefined, gas: bigint): void {
    this.sp = 0;
    this.memory.reset();
    this.pc = 0;
    setGas(this, gas);
    this.code = code;
    this.codeHash = codeHash;
    this.jumpdests = undefined;
    this.pushValues = undefined;
    this.returnData = EMPTY_BYTES;
    this.status = RUNNING;
    this.error = undefined;
    this.output = EMPTY_BYTES;
    this.memNeeded = 0;
  }

  /** Ends the frame with an exceptional halt. */
  fail(error: EvmError): void {
    this.status = FAILED;
    this.error = error;
  }
}

/** Replaces the frame's gas with exactly `gas`. */
export function setGas(f: Frame, gas: bigint): void {
  if (gas <= MAX_SAFE_BIG) {
    f.gas = Number(gas);
    f.gasReserve = 0n;
  } else {
    f.gas = MAX_SAFE;
    f.gasReserve = gas - MAX_SAFE_BIG;
  }
}

/** The exact gas left. */
export function gasLeft(f: Frame): bigint {
  return f.gasReserve === 0n ? BigInt(f.gas) : f.gasReserve + BigInt(f.gas);
}

/**
 * Makes sure `f.gas >= cost` by moving gas out of the reserve; false when the frame cannot pay. The interpreter
 * calls this only when `f.gas < cost`, so the common path never touches a bigint.
 */
export function refillGas(f: Frame, cost: number): boolean {
  if (f.gasReserve === 0n) return false;
  const total = f.gasReserve + BigInt(f.gas);
  if (total < BigInt(cost)) return false;
  setGas(f, total);
  return true;
}

/** Charges `cost`, false (and nothing charged) when the frame cannot pay. */
export function useGas(f: Frame, cost: number): boolean {
  if (f.gas < cost && !refillGas(f, cost)) return false;
  f.gas -= cost;
  return true;
}

/** Gives back gas (a callee's leftover). */
export function returnGas(f: Frame, gas: bigint): void {
  if (f.gasReserve === 0n && gas <= MAX_SAFE_BIG) {
    const sum = f.gas + Number(gas);
    if (sum <= MAX_SAFE) {
      f.gas = sum;
      return;
    }
  }
  setGas(f, gasLeft(f) + gas);
}

/** Takes all but one 64th of the gas left (EIP-150), capped at `requested`, out of the frame for a sub-call. */
export function takeCallGas(f: Frame, requested: bigint): bigint {
  if (f.gasReserve === 0n) {
    let g = f.gas - Math.floor(f.gas / 64);
    if (requested < BigInt(g)) g = Number(requested);
    f.gas -= g;
    return BigInt(g);
  }
  const total = gasLeft(f);
  let g = total - total / 64n;
  if (requested < g) g = requested;
  setGas(f, total - g);
  return g;
}

/** What takeCallGas would take, without taking it (tracers report it as part of the call's cost). */
export function peekCallGas(f: Frame, requested: bigint): bigint {
  const total = gasLeft(f);
  const g = total - total / 64n;
  return requested < g ? requested : g;
}
