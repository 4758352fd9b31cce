// 0x30-0x3f: the call's own context (address, caller, value, calldata, code, return data) and other accounts'
// balance and code, with EIP-2929 cold-access surcharges.
import { accountAccessSurcharge } from '../accessGas.js';
import { ERR_RETURN_DATA_OUT_OF_BOUNDS } from '../errors.js';
import type { Frame } from '../frame.js';
import { GAS_BASE, GAS_COPY_WORD, GAS_VERY_LOW, GAS_WARM_STORAGE_READ } from '../gasCosts.js';
import type { OperationSet } from '../jumpTable.js';
import { memoryWordCost } from '../memoryGas.js';
import { Op } from '../opcodes.js';
import { addressToWord, bytes32ToWord, bytesToWord, wordToAddress } from '../words.js';

function opAddress(f: Frame): void {
  f.stack[f.sp++] = addressToWord(f.address);
}

/** Dynamic gas of the instructions whose top operand is an account: decodes it and prices a cold access. */
function gasAccountOperand(f: Frame): number {
  const address = wordToAddress(f.stack[f.sp - 1]!);
  f.target = address;
  return accountAccessSurcharge(f, address);
}

function opBalance(f: Frame): void {
  f.stack[f.sp - 1] = f.evm.state.getBalance(f.target);
}

function opOrigin(f: Frame): void {
  f.stack[f.sp++] = f.evm.originWord;
}

function opCaller(f: Frame): void {
  f.stack[f.sp++] = addressToWord(f.caller);
}

function opCallvalue(f: Frame): void {
  f.stack[f.sp++] = f.value;
}

function opCalldataload(f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  const offset = s[i]!;
  const input = f.input;
  s[i] = offset < BigInt(input.length) ? bytesToWord(input, Number(offset), 32) : 0n;
}

function opCalldatasize(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.input.length);
}

/** Dynamic gas of CALLDATACOPY, CODECOPY and RETURNDATACOPY: (memOffset, srcOffset, size) on top. */
function gasCopy(f: Frame): number {
  const s = f.stack;
  return memoryWordCost(f, s[f.sp - 1]!, s[f.sp - 3]!, GAS_COPY_WORD);
}

function opCalldatacopy(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 3);
  f.memory.writePadded(Number(s[sp + 2]!), f.input, s[sp + 1]!, Number(s[sp]!));
}

function opCodesize(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.code.length);
}

function opCodecopy(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 3);
  f.memory.writePadded(Number(s[sp + 2]!), f.code, s[sp + 1]!, Number(s[sp]!));
}

function opGasprice(f: Frame): void {
  f.stack[f.sp++] = f.evm.txContext.gasPrice;
}

function opExtcodesize(f: Frame): void {
  f.stack[f.sp - 1] = BigInt(f.evm.state.getCodeSize(f.target));
}

function gasExtcodecopy(f: Frame): number {
  const s = f.stack;
  const copy = memoryWordCost(f, s[f.sp - 2]!, s[f.sp - 4]!, GAS_COPY_WORD);
  if (copy < 0) return -1;
  const address = wordToAddress(s[f.sp - 1]!);
  f.target = address;
  return copy + accountAccessSurcharge(f, address);
}

function opExtcodecopy(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 4);
  const size = Number(s[sp]!);
  if (size === 0) return;
  f.memory.writePadded(Number(s[sp + 2]!), f.evm.state.getCode(f.target), s[sp + 1]!, size);
}

function opReturndatasize(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.returnData.length);
}

function opReturndatacopy(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 3);
  const dataOffset = s[sp + 1]!;
  const size = s[sp]!;
  if (dataOffset + size > BigInt(f.returnData.length)) return f.fail(ERR_RETURN_DATA_OUT_OF_BOUNDS);
  const start = Number(dataOffset);
  const n = Number(size);
  if (n > 0) f.memory.buf.set(f.returnData.subarray(start, start + n), Number(s[sp + 2]!));
}

function opExtcodehash(f: Frame): void {
  const state = f.evm.state;
  // EIP-1052: an empty account (EIP-161) has no code hash, not the hash of empty code.
  f.stack[f.sp - 1] = state.empty(f.target) ? 0n : bytes32ToWord(state.getCodeHash(f.target));
}

export const environmentOperations: OperationSet = {
  [Op.ADDRESS]: { exec: opAddress, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.BALANCE]: {
    exec: opBalance,
    gas: GAS_WARM_STORAGE_READ,
    pops: 1,
    pushes: 1,
    dynamicGas: gasAccountOperand,
  },
  [Op.ORIGIN]: { exec: opOrigin, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.CALLER]: { exec: opCaller, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.CALLVALUE]: { exec: opCallvalue, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.CALLDATALOAD]: { exec: opCalldataload, gas: GAS_VERY_LOW, pops: 1, pushes: 1 },
  [Op.CALLDATASIZE]: { exec: opCalldatasize, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.CALLDATACOPY]: { exec: opCalldatacopy, gas: GAS_VERY_LOW, pops: 3, pushes: 0, dynamicGas: gasCopy },
  [Op.CODESIZE]: { exec: opCodesize, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.CODECOPY]: { exec: opCodecopy, gas: GAS_VERY_LOW, pops: 3, pushes: 0, dynamicGas: gasCopy },
  [Op.GASPRICE]: { exec: opGasprice, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.EXTCODESIZE]: {
    exec: opExtcodesize,
    gas: GAS_WARM_STORAGE_READ,
    pops: 1,
    pushes: 1,
    dynamicGas: gasAccountOperand,
  },
  [Op.EXTCODECOPY]: {
    exec: opExtcodecopy,
    gas: GAS_WARM_STORAGE_READ,
    pops: 4,
    pushes: 0,
    dynamicGas: gasExtcodecopy,
  },
  [Op.RETURNDATASIZE]: { exec: opReturndatasize, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.RETURNDATACOPY]: {
    exec: opReturndatacopy,
    gas: GAS_VERY_LOW,
    pops: 3,
    pushes: 0,
    dynamicGas: gasCopy,
  },
  [Op.EXTCODEHASH]: {
    exec: opExtcodehash,
    gas: GAS_WARM_STORAGE_READ,
    pops: 1,
    pushes: 1,
    dynamicGas: gasAccountOperand,
  },
};
