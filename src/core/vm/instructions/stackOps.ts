// POP, PUSH0-PUSH32, DUP1-DUP16, SWAP1-SWAP16. Immediates past the end of the code read as zeros.
import type { Frame } from '../frame.js';
import { GAS_BASE, GAS_VERY_LOW } from '../gasCosts.js';
import type { ExecFn, Operation, OperationSet } from '../jumpTable.js';
import { Op } from '../opcodes.js';
import { bytesToWord, SMALL_WORDS } from '../words.js';

function opPop(f: Frame): void {
  f.sp--;
}

function opPush0(f: Frame): void {
  f.stack[f.sp++] = 0n;
}

function opPush1(f: Frame): void {
  const pc = ++f.pc;
  f.stack[f.sp++] = SMALL_WORDS[f.code[pc] ?? 0]!;
}

function opPush2(f: Frame): void {
  const code = f.code;
  const pc = f.pc;
  f.stack[f.sp++] = BigInt(((code[pc + 1] ?? 0) << 8) | (code[pc + 2] ?? 0));
  f.pc = pc + 2;
}

/**
 * PUSH3..PUSH6 fit a double exactly. Longer immediates cost several bigint operations to decode, so each is
 * decoded once per code and kept (loops push the same constants again and again).
 */
function makePush(n: number): ExecFn {
  if (n <= 6) {
    return (f: Frame): void => {
      const code = f.code;
      const start = f.pc + 1;
      let v = 0;
      for (let i = 0; i < n; i++) v = v * 256 + (code[start + i] ?? 0);
      f.stack[f.sp++] = BigInt(v);
      f.pc += n;
    };
  }
  return (f: Frame): void => {
    const values = f.pushValues ?? (f.pushValues = f.evm.pushValuesFor(f.code));
    const pc = f.pc;
    let v = values[pc];
    if (v === undefined) v = values[pc] = bytesToWord(f.code, pc + 1, n);
    f.stack[f.sp++] = v;
    f.pc = pc + n;
  };
}

function makeDup(n: number): ExecFn {
  return (f: Frame): void => {
    const s = f.stack;
    const sp = f.sp;
    s[sp] = s[sp - n]!;
    f.sp = sp + 1;
  };
}

function makeSwap(n: number): ExecFn {
  return (f: Frame): void => {
    const s = f.stack;
    const top = f.sp - 1;
    const other = top - n;
    const v = s[top]!;
    s[top] = s[other]!;
    s[other] = v;
  };
}

function buildStackOperations(): OperationSet {
  const ops: OperationSet = {
    [Op.POP]: { exec: opPop, gas: GAS_BASE, pops: 1, pushes: 0 },
    [Op.PUSH0]: { exec: opPush0, gas: GAS_BASE, pops: 0, pushes: 1, fork: 'isShanghai' },
  };
  for (let n = 1; n <= 32; n++) {
    const exec = n === 1 ? opPush1 : n === 2 ? opPush2 : makePush(n);
    ops[Op.PUSH1 + n - 1] = { exec, gas: GAS_VERY_LOW, pops: 0, pushes: 1 } satisfies Operation;
  }
  for (let n = 1; n <= 16; n++) {
    ops[Op.DUP1 + n - 1] = { exec: makeDup(n), gas: GAS_VERY_LOW, pops: n, pushes: n + 1 };
    ops[Op.SWAP1 + n - 1] = { exec: makeSwap(n), gas: GAS_VERY_LOW, pops: n + 1, pushes: n + 1 };
  }
  return ops;
}

export const stackOperations: OperationSet = buildStackOperations();
