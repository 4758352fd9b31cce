// 0x10-0x1d: comparisons, bitwise logic and shifts.
import type { Frame } from '../frame.js';
import { GAS_VERY_LOW } from '../gasCosts.js';
import type { OperationSet } from '../jumpTable.js';
import { Op } from '../opcodes.js';
import { MAX_WORD, TWO_255, TWO_256 } from '../words.js';

function opLt(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! < s[sp - 1]! ? 1n : 0n;
}

function opGt(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! > s[sp - 1]! ? 1n : 0n;
}

/** Signed a < b without converting: words of equal sign order as unsigned ones, and a negative is smaller. */
function signedLess(a: bigint, b: bigint): boolean {
  const aNeg = a >= TWO_255;
  return aNeg === b >= TWO_255 ? a < b : aNeg;
}

function opSlt(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = signedLess(s[sp]!, s[sp - 1]!) ? 1n : 0n;
}

function opSgt(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = signedLess(s[sp - 1]!, s[sp]!) ? 1n : 0n;
}

function opEq(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! === s[sp - 1]! ? 1n : 0n;
}

function opIszero(f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  s[i] = s[i]! === 0n ? 1n : 0n;
}

function opAnd(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! & s[sp - 1]!;
}

function opOr(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! | s[sp - 1]!;
}

function opXor(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  s[sp - 1] = s[sp]! ^ s[sp - 1]!;
}

function opNot(f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  s[i] = MAX_WORD ^ s[i]!;
}

function opByte(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const i = s[sp]!;
  s[sp - 1] = i >= 32n ? 0n : (s[sp - 1]! >> (248n - i * 8n)) & 0xffn;
}

function opShl(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  s[sp - 1] = shift >= 256n ? 0n : (s[sp - 1]! << shift) & MAX_WORD;
}

function opShr(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  s[sp - 1] = shift >= 256n ? 0n : s[sp - 1]! >> shift;
}

function opSar(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const shift = s[sp]!;
  const x = s[sp - 1]!;
  if (x < TWO_255) {
    s[sp - 1] = shift >= 256n ? 0n : x >> shift;
  } else {
    // Shifting the negative value floors toward minus infinity, which is the arithmetic shift.
    s[sp - 1] = shift >= 256n ? MAX_WORD : ((x - TWO_256) >> shift) + TWO_256;
  }
}

export const bitwiseOperations: OperationSet = {
  [Op.LT]: { exec: opLt, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.GT]: { exec: opGt, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.SLT]: { exec: opSlt, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.SGT]: { exec: opSgt, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.EQ]: { exec: opEq, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.ISZERO]: { exec: opIszero, gas: GAS_VERY_LOW, pops: 1, pushes: 1 },
  [Op.AND]: { exec: opAnd, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.OR]: { exec: opOr, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.XOR]: { exec: opXor, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.NOT]: { exec: opNot, gas: GAS_VERY_LOW, pops: 1, pushes: 1 },
  [Op.BYTE]: { exec: opByte, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.SHL]: { exec: opShl, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.SHR]: { exec: opShr, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
  [Op.SAR]: { exec: opSar, gas: GAS_VERY_LOW, pops: 2, pushes: 1 },
};
