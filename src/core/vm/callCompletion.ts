// How a CALL or CREATE instruction completes once its callee has a result, whether the callee finished at once
// or ran in its own frame while the caller was suspended.
import { EMPTY_BYTES } from '../../common/bytes.js';
import type { CallResult } from './evm.js';
import { returnGas, type Frame } from './frame.js';
import type { Address } from './stateDb.js';
import { addressToWord } from './words.js';

/**
 * Completes the CALL or CREATE instruction that suspended `parent`, with the result of its `child` frame:
 * pushes the outcome, stores a call's output in the return area, and takes back the gas left.
 */
export function resume(parent: Frame, child: Frame, result: CallResult): void {
  if (child.kind === 'CREATE' || child.kind === 'CREATE2') finishCreate(parent, result, child.address);
  else finishCall(parent, result, child.retOffset, child.retSize);
}

export function finishCall(f: Frame, result: CallResult, retOffset: number, retSize: number): void {
  const error = result.error;
  f.stack[f.sp++] = error === undefined ? 1n : 0n;
  const output = result.returnData;
  if ((error === undefined || error.kind === 'revert') && retSize !== 0 && output.length > 0) {
    const n = Math.min(retSize, output.length);
    f.memory.buf.set(n === output.length ? output : output.subarray(0, n), retOffset);
  }
  returnGas(f, result.gasLeft);
  f.returnData = output;
}

export function finishCreate(f: Frame, result: CallResult, address: Address): void {
  f.stack[f.sp++] = result.error === undefined ? addressToWord(address) : 0n;
  returnGas(f, result.gasLeft);
  // Only a revert's data is visible to RETURNDATACOPY; a successful creation leaves none.
  f.returnData = result.error?.kind === 'revert' ? result.returnData : EMPTY_BYTES;
}
