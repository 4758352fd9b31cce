// KECCAK256, MLOAD, MSTORE, MSTORE8, MSIZE and MCOPY (EIP-5656). Their dynamic gas has grown memory to cover
// every offset they use, so the offsets fit in a number here.
import { keccak256 } from '../../../crypto/keccak.js';
import type { Frame } from '../frame.js';
import { GAS_BASE, GAS_COPY_WORD, GAS_KECCAK256, GAS_KECCAK256_WORD, GAS_VERY_LOW } from '../gasCosts.js';
import type { OperationSet } from '../jumpTable.js';
import { memoryCost, memoryWordCost } from '../memoryGas.js';
import { Op } from '../opcodes.js';
import { bytes32ToWord, readWord, writeWord } from '../words.js';

function opKeccak256(f: Frame): void {
  const s = f.stack;
  const sp = --f.sp;
  const offset = Number(s[sp]!);
  const size = Number(s[sp - 1]!);
  const data = size === 0 ? new Uint8Array(0) : f.memory.buf.subarray(offset, offset + size);
  s[sp - 1] = bytes32ToWord(keccak256(data));
}

function gasKeccak256(f: Frame): number {
  const s = f.stack;
  return memoryWordCost(f, s[f.sp - 1]!, s[f.sp - 2]!, GAS_KECCAK256_WORD);
}

function opMload(f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  s[i] = readWord(f.memory.view, Number(s[i]!));
}

function gasWordAccess(f: Frame): number {
  return memoryCost(f, f.stack[f.sp - 1]!, 32n);
}

function opMstore(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  writeWord(f.memory.view, Number(s[sp + 1]!), s[sp]!);
}

function opMstore8(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  f.memory.buf[Number(s[sp + 1]!)] = Number(s[sp]! & 0xffn);
}

function gasMstore8(f: Frame): number {
  return memoryCost(f, f.stack[f.sp - 1]!, 1n);
}

function opMsize(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.memory.size);
}

function opMcopy(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 3);
  const size = Number(s[sp]!);
  if (size === 0) return;
  const src = Number(s[sp + 1]!);
  f.memory.buf.copyWithin(Number(s[sp + 2]!), src, src + size);
}

function gasMcopy(f: Frame): number {
  const s = f.stack;
  const dst = s[f.sp - 1]!;
  const src = s[f.sp - 2]!;
  const size = s[f.sp - 3]!;
  return memoryWordCost(f, dst > src ? dst : src, size, GAS_COPY_WORD);
}

export const memoryOperations: OperationSet = {
  [Op.KECCAK256]: { exec: opKeccak256, gas: GAS_KECCAK256, pops: 2, pushes: 1, dynamicGas: gasKeccak256 },
  [Op.MLOAD]: { exec: opMload, gas: GAS_VERY_LOW, pops: 1, pushes: 1, dynamicGas: gasWordAccess },
  [Op.MSTORE]: { exec: opMstore, gas: GAS_VERY_LOW, pops: 2, pushes: 0, dynamicGas: gasWordAccess },
  [Op.MSTORE8]: { exec: opMstore8, gas: GAS_VERY_LOW, pops: 2, pushes: 0, dynamicGas: gasMstore8 },
  [Op.MSIZE]: { exec: opMsize, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.MCOPY]: {
    exec: opMcopy,
    gas: GAS_VERY_LOW,
    pops: 3,
    pushes: 0,
    dynamicGas: gasMcopy,
    fork: 'isCancun',
  },
};
