// SLOAD/SSTORE with EIP-2929 access prices and EIP-2200/EIP-3529 net metering and refunds; TLOAD/TSTORE
// (EIP-1153, transient storage cleared after each transaction).
import { ERR_WRITE_PROTECTION } from '../errors.js';
import type { Frame } from '../frame.js';
import {
  GAS_COLD_SLOAD,
  GAS_SSTORE_RESET,
  GAS_SSTORE_SENTRY,
  GAS_SSTORE_SET,
  GAS_TRANSIENT,
  GAS_WARM_STORAGE_READ,
  REFUND_SSTORE_CLEARS_BERLIN,
  REFUND_SSTORE_CLEARS_LONDON,
} from '../gasCosts.js';
import type { OperationSet } from '../jumpTable.js';
import { Op } from '../opcodes.js';

/** 0 when the slot is warm; otherwise warms it and returns the cold price. */
function slotAccessCost(f: Frame, key: bigint): number {
  const state = f.evm.state;
  if (state.slotInAccessList(f.address, key).slotPresent) return 0;
  state.addSlotToAccessList(f.address, key);
  return GAS_COLD_SLOAD;
}

function gasSload(f: Frame): number {
  const cold = slotAccessCost(f, f.stack[f.sp - 1]!);
  return cold === 0 ? GAS_WARM_STORAGE_READ : cold;
}

function opSload(f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  s[i] = f.evm.state.getState(f.address, s[i]!);
}

const WARM_RESET = BigInt(GAS_SSTORE_RESET - GAS_COLD_SLOAD - GAS_WARM_STORAGE_READ);
const WARM_SET = BigInt(GAS_SSTORE_SET - GAS_WARM_STORAGE_READ);

/**
 * EIP-2200 as repriced by EIP-2929: the price depends on the slot's value at the start of the transaction
 * (original), now (current) and after the write (new); refunds reward restoring or clearing a slot.
 */
function gasSstore(f: Frame): number {
  // A stipend of 2300 must never be enough to write (reentrancy guard of EIP-2200).
  if (f.gas <= GAS_SSTORE_SENTRY && f.gasReserve === 0n) return -1;
  if (f.isStatic) {
    f.fail(ERR_WRITE_PROTECTION);
    return 0;
  }
  const state = f.evm.state;
  const key = f.stack[f.sp - 1]!;
  const value = f.stack[f.sp - 2]!;
  const cost = slotAccessCost(f, key);
  const current = state.getState(f.address, key);
  if (current === value) return cost + GAS_WARM_STORAGE_READ;
  const clearsRefund = f.evm.rules.isLondon ? REFUND_SSTORE_CLEARS_LONDON : REFUND_SSTORE_CLEARS_BERLIN;
  const original = state.getCommittedState(f.address, key);
  if (original === current) {
    if (original === 0n) return cost + GAS_SSTORE_SET;
    if (value === 0n) state.addRefund(clearsRefund);
    return cost + GAS_SSTORE_RESET - GAS_COLD_SLOAD;
  }
  if (original !== 0n) {
    if (current === 0n) state.subRefund(clearsRefund);
    else if (value === 0n) state.addRefund(clearsRefund);
  }
  if (original === value) state.addRefund(original === 0n ? WARM_SET : WARM_RESET);
  return cost + GAS_WARM_STORAGE_READ;
}

function opSstore(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  f.evm.state.setState(f.address, s[sp + 1]!, s[sp]!);
}

function opTload(f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  s[i] = f.evm.state.getTransientState(f.address, s[i]!);
}

function opTstore(f: Frame): void {
  if (f.isStatic) return f.fail(ERR_WRITE_PROTECTION);
  const s = f.stack;
  const sp = (f.sp -= 2);
  f.evm.state.setTransientState(f.address, s[sp + 1]!, s[sp]!);
}

export const storageOperations: OperationSet = {
  [Op.SLOAD]: { exec: opSload, gas: 0, pops: 1, pushes: 1, dynamicGas: gasSload },
  [Op.SSTORE]: { exec: opSstore, gas: 0, pops: 2, pushes: 0, dynamicGas: gasSstore },
  [Op.TLOAD]: { exec: opTload, gas: GAS_TRANSIENT, pops: 1, pushes: 1, fork: 'isCancun' },
  [Op.TSTORE]: { exec: opTstore, gas: GAS_TRANSIENT, pops: 2, pushes: 0, fork: 'isCancun' },
};
