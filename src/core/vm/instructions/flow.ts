// Control flow and frame ends: STOP, JUMP, JUMPI, PC, GAS, JUMPDEST, RETURN, REVERT, INVALID.
import { EMPTY_BYTES } from '../../../common/bytes.js';
import { ERR_INVALID_JUMP, ERR_REVERT, invalidOpcodeError } from '../errors.js';
import { gasLeft, REVERTED, STOPPED, type Frame } from '../frame.js';
import { GAS_BASE, GAS_HIGH, GAS_JUMPDEST, GAS_MID } from '../gasCosts.js';
import { isJumpdest } from '../jumpdest.js';
import type { OperationSet } from '../jumpTable.js';
import { memoryCost } from '../memoryGas.js';
import { Op } from '../opcodes.js';

function opStop(f: Frame): void {
  f.status = STOPPED;
}

/** Moves to `dest` if it is a JUMPDEST instruction (not PUSH data); the loop's increment lands on it. */
function jumpTo(f: Frame, dest: bigint): void {
  if (dest >= BigInt(f.code.length)) return f.fail(ERR_INVALID_JUMP);
  const target = Number(dest);
  const map = f.jumpdests ?? (f.jumpdests = f.evm.jumpdestsFor(f.code, f.codeHash));
  if (!isJumpdest(map, target)) return f.fail(ERR_INVALID_JUMP);
  f.pc = target - 1;
  const onJump = f.evm.onJump;
  if (onJump !== undefined) onJump();
}

function opJump(f: Frame): void {
  jumpTo(f, f.stack[--f.sp]!);
}

function opJumpi(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  if (s[sp]! !== 0n) jumpTo(f, s[sp + 1]!);
}

function opPc(f: Frame): void {
  f.stack[f.sp++] = BigInt(f.pc);
}

function opGas(f: Frame): void {
  f.stack[f.sp++] = gasLeft(f);
}

function opJumpdest(): void {}

/** Dynamic gas of RETURN and REVERT: the memory they read. */
function gasReturnData(f: Frame): number {
  return memoryCost(f, f.stack[f.sp - 1]!, f.stack[f.sp - 2]!);
}

function readOutput(f: Frame): void {
  const s = f.stack;
  const sp = (f.sp -= 2);
  const size = Number(s[sp]!);
  f.output = size === 0 ? EMPTY_BYTES : f.memory.read(Number(s[sp + 1]!), size);
}

function opReturn(f: Frame): void {
  readOutput(f);
  f.status = STOPPED;
}

function opRevert(f: Frame): void {
  readOutput(f);
  f.status = REVERTED;
  f.error = ERR_REVERT;
}

function opInvalid(f: Frame): void {
  f.fail(invalidOpcodeError(Op.INVALID));
}

export const flowOperations: OperationSet = {
  [Op.STOP]: { exec: opStop, gas: 0, pops: 0, pushes: 0 },
  [Op.JUMP]: { exec: opJump, gas: GAS_MID, pops: 1, pushes: 0 },
  [Op.JUMPI]: { exec: opJumpi, gas: GAS_HIGH, pops: 2, pushes: 0 },
  [Op.PC]: { exec: opPc, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.GAS]: { exec: opGas, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.JUMPDEST]: { exec: opJumpdest, gas: GAS_JUMPDEST, pops: 0, pushes: 0 },
  [Op.RETURN]: { exec: opReturn, gas: 0, pops: 2, pushes: 0, dynamicGas: gasReturnData },
  [Op.REVERT]: { exec: opRevert, gas: 0, pops: 2, pushes: 0, dynamicGas: gasReturnData },
  [Op.INVALID]: { exec: opInvalid, gas: 0, pops: 0, pushes: 0 },
};
