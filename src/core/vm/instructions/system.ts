// CREATE, CREATE2, CALL, CALLCODE, DELEGATECALL, STATICCALL and SELFDESTRUCT: the instructions that start
// other frames or end this account. Gas handed to a sub-frame follows EIP-150 (all but one 64th).
import { EMPTY_BYTES, type Bytes } from '../../../common/bytes.js';
import { accountAccessSurcharge } from '../accessGas.js';
import { finishCall, finishCreate } from '../callCompletion.js';
import type { CallResult } from '../evm.js';
import { ERR_WRITE_PROTECTION } from '../errors.js';
import { STOPPED, SUSPENDED, takeCallGas, type Frame } from '../frame.js';
import {
  GAS_CALL_NEW_ACCOUNT,
  GAS_CALL_STIPEND,
  GAS_CALL_VALUE,
  GAS_COLD_ACCOUNT_ACCESS,
  GAS_CREATE,
  GAS_INITCODE_WORD,
  GAS_KECCAK256_WORD,
  GAS_SELFDESTRUCT,
  GAS_SELFDESTRUCT_NEW_ACCOUNT,
  GAS_WARM_STORAGE_READ,
  MAX_INITCODE_SIZE,
  REFUND_SELFDESTRUCT_BERLIN,
} from '../gasCosts.js';
import type { OperationSet } from '../jumpTable.js';
import { memoryCost, toWords } from '../memoryGas.js';
import { Op } from '../opcodes.js';
import { wordToAddress } from '../words.js';

const MAX_INITCODE_BIG = BigInt(MAX_INITCODE_SIZE);
/** Asks takeCallGas for everything it may give (CREATE has no gas operand). */
const ALL_GAS = 1n << 256n;
const STIPEND = BigInt(GAS_CALL_STIPEND);

// ---- creation ----

/** Dynamic gas of CREATE/CREATE2: memory, and from Shanghai the EIP-3860 initcode limit and word price. */
function createGas(f: Frame, hashWordCost: number): number {
  const s = f.stack;
  const size = s[f.sp - 3]!;
  const memory = memoryCost(f, s[f.sp - 2]!, size);
  if (memory < 0) return -1;
  let perWord = hashWordCost;
  if (f.evm.rules.isShanghai) {
    if (size > MAX_INITCODE_BIG) return -1;
    perWord += GAS_INITCODE_WORD;
  }
  return memory + perWord * toWords(Number(size));
}

function gasCreate(f: Frame): number {
  return createGas(f, 0);
}

function gasCreate2(f: Frame): number {
  return createGas(f, GAS_KECCAK256_WORD);
}

function runCreate(f: Frame, isCreate2: boolean): void {
  if (f.isStatic) return f.fail(ERR_WRITE_PROTECTION);
  const s = f.stack;
  const top = f.sp - 1;
  const value = s[top]!;
  const size = Number(s[top - 2]!);
  const initcode = size === 0 ? EMPTY_BYTES : f.memory.read(Number(s[top - 1]!), size);
  const salt = isCreate2 ? s[top - 3]! : 0n;
  f.sp -= isCreate2 ? 4 : 3;
  const gas = takeCallGas(f, ALL_GAS);
  const evm = f.evm;
  const address = isCreate2 ? evm.create2Address(f.address, initcode, salt) : evm.createAddress(f.address);
  const result = evm.beginCreate(isCreate2 ? 'CREATE2' : 'CREATE', f.address, initcode, gas, value, address);
  if (result === undefined) f.status = SUSPENDED;
  else finishCreate(f, result, address);
}

function opCreate(f: Frame): void {
  runCreate(f, false);
}

function opCreate2(f: Frame): void {
  runCreate(f, true);
}

// ---- calls ----

/**
 * Dynamic gas common to the call family, before the gas handed on: the EIP-2929 access surcharge for the
 * target and the memory both the arguments and the return area need. `argsAt` is the stack depth of
 * argsOffset (3 with a value operand, 2 without).
 */
function callBaseGas(f: Frame, argsAt: number): number {
  const s = f.stack;
  const top = f.sp - 1;
  const args = memoryCost(f, s[top - argsAt]!, s[top - argsAt - 1]!);
  if (args < 0) return -1;
  const ret = memoryCost(f, s[top - argsAt - 2]!, s[top - argsAt - 3]!);
  if (ret < 0) return -1;
  const address = wordToAddress(s[top - 1]!);
  f.target = address;
  return ret + accountAccessSurcharge(f, address);
}

function gasCall(f: Frame): number {
  const base = callBaseGas(f, 3);
  if (base < 0 || f.stack[f.sp - 3]! === 0n) return base;
  // Sending value costs extra, and more when it brings an account into existence (EIP-161 empty).
  return base + GAS_CALL_VALUE + (f.evm.state.empty(f.target) ? GAS_CALL_NEW_ACCOUNT : 0);
}

function gasCallCode(f: Frame): number {
  const base = callBaseGas(f, 3);
  if (base < 0 || f.stack[f.sp - 3]! === 0n) return base;
  return base + GAS_CALL_VALUE;
}

function gasDelegateOrStatic(f: Frame): number {
  return callBaseGas(f, 2);
}

/** Copies the call's input out of memory: the callee must not see later writes to the caller's memory. */
function callInput(f: Frame, offset: bigint, size: bigint): Bytes {
  return size === 0n ? EMPTY_BYTES : f.memory.read(Number(offset), Number(size));
}

/** The return area as numbers (memory already covers it; an empty area may have any offset). */
function areaOffset(offset: bigint, size: bigint): number {
  return size === 0n ? 0 : Number(offset);
}

/** Finishes the instruction at once, or suspends the frame while the callee's frame runs. */
function completeCall(f: Frame, result: CallResult | undefined, retOffset: number, retSize: number): void {
  if (result === undefined) f.status = SUSPENDED;
  else finishCall(f, result, retOffset, retSize);
}

function opCall(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 7);
  const value = s[sp + 4]!;
  if (f.isStatic && value !== 0n) return f.fail(ERR_WRITE_PROTECTION);
  const input = callInput(f, s[sp + 3]!, s[sp + 2]!);
  const retSize = Number(s[sp]!);
  const retOffset = areaOffset(s[sp + 1]!, s[sp]!);
  let gas = takeCallGas(f, s[sp + 6]!);
  if (value !== 0n) gas += STIPEND;
  const to = f.target;
  const result = f.evm.beginCall('CALL', f.address, to, to, input, gas, value, f.isStatic, retOffset, retSize);
  completeCall(f, result, retOffset, retSize);
}

function opCallCode(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 7);
  const value = s[sp + 4]!;
  const input = callInput(f, s[sp + 3]!, s[sp + 2]!);
  const retSize = Number(s[sp]!);
  const retOffset = areaOffset(s[sp + 1]!, s[sp]!);
  let gas = takeCallGas(f, s[sp + 6]!);
  if (value !== 0n) gas += STIPEND;
  const self = f.address;
  const result = f.evm.beginCall('CALLCODE', self, self, f.target, input, gas, value, f.isStatic, retOffset, retSize);
  completeCall(f, result, retOffset, retSize);
}

function opDelegateCall(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 6);
  const input = callInput(f, s[sp + 3]!, s[sp + 2]!);
  const retSize = Number(s[sp]!);
  const retOffset = areaOffset(s[sp + 1]!, s[sp]!);
  const gas = takeCallGas(f, s[sp + 5]!);
  // The code of the target runs as the current frame: same account, caller and value.
  const result = f.evm.beginCall(
    'DELEGATECALL',
    f.caller,
    f.address,
    f.target,
    input,
    gas,
    f.value,
    f.isStatic,
    retOffset,
    retSize,
  );
  completeCall(f, result, retOffset, retSize);
}

function opStaticCall(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 6);
  const input = callInput(f, s[sp + 3]!, s[sp + 2]!);
  const retSize = Number(s[sp]!);
  const retOffset = areaOffset(s[sp + 1]!, s[sp]!);
  const gas = takeCallGas(f, s[sp + 5]!);
  const to = f.target;
  const result = f.evm.beginCall('STATICCALL', f.address, to, to, input, gas, 0n, true, retOffset, retSize);
  completeCall(f, result, retOffset, retSize);
}

// ---- selfdestruct ----

function gasSelfdestruct(f: Frame): number {
  const state = f.evm.state;
  const beneficiary = wordToAddress(f.stack[f.sp - 1]!);
  f.target = beneficiary;
  let gas = 0;
  if (!state.addressInAccessList(beneficiary)) {
    state.addAddressToAccessList(beneficiary);
    gas = GAS_COLD_ACCOUNT_ACCESS;
  }
  if (state.empty(beneficiary) && state.getBalance(f.address) !== 0n) gas += GAS_SELFDESTRUCT_NEW_ACCOUNT;
  // EIP-3529 removed the refund in London.
  if (!f.evm.rules.isLondon && !state.hasSelfDestructed(f.address)) state.addRefund(REFUND_SELFDESTRUCT_BERLIN);
  return gas;
}

function opSelfdestruct(f: Frame): void {
  if (f.isStatic) return f.fail(ERR_WRITE_PROTECTION);
  f.sp--;
  f.evm.selfDestruct(f.address, f.target);
  f.status = STOPPED;
}

const callOperation = { gas: GAS_WARM_STORAGE_READ, pushes: 1 };

export const systemOperations: OperationSet = {
  [Op.CREATE]: { exec: opCreate, gas: GAS_CREATE, pops: 3, pushes: 1, dynamicGas: gasCreate },
  [Op.CREATE2]: { exec: opCreate2, gas: GAS_CREATE, pops: 4, pushes: 1, dynamicGas: gasCreate2 },
  [Op.CALL]: { ...callOperation, exec: opCall, pops: 7, dynamicGas: gasCall },
  [Op.CALLCODE]: { ...callOperation, exec: opCallCode, pops: 7, dynamicGas: gasCallCode },
  [Op.DELEGATECALL]: { ...callOperation, exec: opDelegateCall, pops: 6, dynamicGas: gasDelegateOrStatic },
  [Op.STATICCALL]: { ...callOperation, exec: opStaticCall, pops: 6, dynamicGas: gasDelegateOrStatic },
  [Op.SELFDESTRUCT]: { exec: opSelfdestruct, gas: GAS_SELFDESTRUCT, pops: 1, pushes: 0, dynamicGas: gasSelfdestruct },
};
