// 0x01-0x0b: arithmetic modulo 2^256. Operands are words in [0, 2^256); results are reduced only when they can
// leave that range, and by comparison rather than a mask where that is cheaper.
import type { Frame } from '../frame.js';
import { GAS_EXP, GAS_EXP_BYTE, GAS_LOW, GAS_MID, GAS_VERY_LOW } from '../gasCosts.js';
import type { OperationSet } from '../jumpTable.js';
import { Op } from '../opcodes.js';
import { byteLength, MAX_WORD, TWO_255, TWO_256 } from '../words.js';

function opAdd(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const r = s[sp]! + s[sp - 1]!;
  s[sp - 1] = r > MAX_WORD ? r - TWO_256 : r;
}

function opMul(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const r = s[sp]! * s[sp - 1]!;
  s[sp - 1] = r > MAX_WORD ? r & MAX_WORD : r;
}

function opSub(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const r = s[sp]! - s[sp - 1]!;
  s[sp - 1] = r < 0n ? r + TWO_256 : r;
}

function opDiv(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const d = s[sp - 1]!;
  s[sp - 1] = d === 0n ? 0n : s[sp]! / d;
}

function opSdiv(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const a = s[sp]!;
  const d = s[sp - 1]!;
  if (d === 0n) {
    s[sp - 1] = 0n;
    return;
  }
  // BigInt division truncates toward zero, as SDIV does; -2^255 / -1 = 2^255 wraps to -2^255 by itself.
  const q = (a >= TWO_255 ? a - TWO_256 : a) / (d >= TWO_255 ? d - TWO_256 : d);
  s[sp - 1] = q < 0n ? q + TWO_256 : q;
}

function opMod(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const d = s[sp - 1]!;
  s[sp - 1] = d === 0n ? 0n : s[sp]! % d;
}

function opSmod(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const a = s[sp]!;
  const d = s[sp - 1]!;
  if (d === 0n) {
    s[sp - 1] = 0n;
    return;
  }
  // The result takes the dividend's sign, as BigInt's % does.
  const r = (a >= TWO_255 ? a - TWO_256 : a) % (d >= TWO_255 ? d - TWO_256 : d);
  s[sp - 1] = r < 0n ? r + TWO_256 : r;
}

function opAddmod(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  const n = s[sp - 1]!;
  s[sp - 1] = n === 0n ? 0n : (s[sp + 1]! + s[sp]!) % n;
}

function opMulmod(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  const n = s[sp - 1]!;
  s[sp - 1] = n === 0n ? 0n : (s[sp + 1]! * s[sp]!) % n;
}

/** base^exponent mod 2^256 by square-and-multiply. */
export function expWord(base: bigint, exponent: bigint): bigint {
  if (exponent === 0n) return 1n;
  if (base === 0n || base === 1n) return base;
  if (base === 2n) return exponent < 256n ? 1n << exponent : 0n;
  let result = 1n;
  let b = base;
  let e = exponent;
  for (;;) {
    if ((e & 1n) === 1n) result = (result * b) & MAX_WORD;
    e >>= 1n;
    if (e === 0n) return result;
    b = (b * b) & MAX_WORD;
  }
}

function opExp(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = expWord(s[sp]!, s[sp - 1]!);
}

function gasExp(f: Frame): number {
  return GAS_EXP_BYTE * byteLength(f.stack[f.sp - 2]!);
}

/** SIGNEXTEND masks: the low bits kept, per byte position 0..30. */
const LOW_MASKS: bigint[] = Array.from({ length: 31 }, (_, b) => (1n << BigInt(b * 8 + 8)) - 1n);
const SIGN_BITS: bigint[] = Array.from({ length: 31 }, (_, b) => 1n << BigInt(b * 8 + 7));

function opSignextend(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const b = s[sp]!;
  if (b >= 31n) return; // the value already fills the word
  const i = Number(b);
  const x = s[sp - 1]!;
  s[sp - 1] = (x & SIGN_BITS[i]!) !== 0n ? x | (MAX_WORD ^ LOW_MASKS[i]!) : x & LOW_MASKS[i]!;
}

export const arithmeticOperations: OperationSet = {
  [Op.ADD]: { exec: opAdd, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.MUL]: { exec: opMul, gas: GAS_LOW, pops: 2, pushes: 1 },
  [Op.SUB]: { exec: opSub, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.DIV]: { exec: opDiv, gas: GAS_LOW, pops: 2, pushes: 1 },
  [Op.SDIV]: { exec: opSdiv, gas: GAS_LOW, pops: 2, pushes: 1 },
  [Op.MOD]: { exec: opMod, gas: GAS_LOW, pops: 2, pushes: 1 },
  [Op.SMOD]: { exec: opSmod, gas: GAS_LOW, pops: 2, pushes: 1 },
  [Op.ADDMOD]: { exec: opAddmod, gas: GAS_MID, pops: 3, pushes: 1 },
  [Op.MULMOD]: { exec: opMulmod, gas: GAS_MID, pops: 3, pushes: 1 },
  [Op.EXP]: { exec: opExp, gas: GAS_EXP, pops: 2, pushes: 1, dynamicGas: gasExp },
  [Op.SIGNEXTEND]: { exec: opSignextend, gas: GAS_LOW, pops: 2, pushes: 1 },
};
