// The table the interpreter dispatches on: per opcode its handler, static gas, optional dynamic gas, and the
// stack bounds that make the handler's pops and pushes safe. Built once per set of active forks.
import type { Rules } from '../../params/chainConfig.js';
import { invalidOpcodeError } from './errors.js';
import type { Frame } from './frame.js';
import { STACK_LIMIT } from './gasCosts.js';
import { arithmeticOperations } from './instructions/arithmetic.js';
import { bitwiseOperations } from './instructions/bitwise.js';
import { blockOperations } from './instructions/block.js';
import { environmentOperations } from './instructions/environment.js';
import { flowOperations } from './instructions/flow.js';
import { logOperations } from './instructions/log.js';
import { memoryOperations } from './instructions/memoryOps.js';
import { stackOperations } from './instructions/stackOps.js';
import { storageOperations } from './instructions/storage.js';
import { systemOperations } from './instructions/system.js';

/** Runs one instruction; the interpreter has checked the stack and charged the gas. */
export type ExecFn = (f: Frame) => void;
/**
 * The instruction's gas beyond its static part, or -1 when it cannot be paid at any gas (an overflowing size).
 * It may set f.memNeeded to the memory end the instruction touches, or end the frame through f.fail.
 */
export type DynamicGasFn = (f: Frame) => number;

type ForkFlag = { [K in keyof Rules]: Rules[K] extends boolean ? K : never }[keyof Rules];

export interface Operation {
  exec: ExecFn;
  gas: number;
  pops: number;
  pushes: number;
  dynamicGas?: DynamicGasFn;
  /** The fork that introduced the instruction; absent for those older than Berlin. */
  fork?: ForkFlag;
}

export type OperationSet = Record<number, Operation>;

export interface JumpTable {
  exec: ExecFn[];
  constantGas: number[];
  minStack: number[];
  /** The highest stack height at which the instruction still fits under the limit after its pushes. */
  maxStack: number[];
  dynamicGas: (DynamicGasFn | undefined)[];
}

const ALL_OPERATIONS: OperationSet[] = [
  arithmeticOperations,
  bitwiseOperations,
  memoryOperations,
  environmentOperations,
  blockOperations,
  stackOperations,
  storageOperations,
  flowOperations,
  logOperations,
  systemOperations,
];

function undefinedOpcode(f: Frame): void {
  f.fail(invalidOpcodeError(f.code[f.pc]!));
}

export function buildJumpTable(rules: Rules): JumpTable {
  const table: JumpTable = {
    exec: new Array<ExecFn>(256).fill(undefinedOpcode),
    constantGas: new Array<number>(256).fill(0),
    minStack: new Array<number>(256).fill(0),
    maxStack: new Array<number>(256).fill(STACK_LIMIT),
    dynamicGas: new Array<DynamicGasFn | undefined>(256).fill(undefined),
  };
  for (const set of ALL_OPERATIONS) {
    for (const [key, op] of Object.entries(set)) {
      if (op.fork !== undefined && !rules[op.fork]) continue;
      const code = Number(key);
      table.exec[code] = op.exec;
      table.constantGas[code] = op.gas;
      table.minStack[code] = op.pops;
      table.maxStack[code] = STACK_LIMIT + op.pops - op.pushes;
      table.dynamicGas[code] = op.dynamicGas;
    }
  }
  return table;
}

const tables = new Map<string, JumpTable>();

/** The table for these rules, shared by every EVM running under the same forks. */
export function jumpTableFor(rules: Rules): JumpTable {
  const key = `${rules.isLondon}${rules.isMerge}${rules.isShanghai}${rules.isCancun}`;
  let table = tables.get(key);
  if (table === undefined) {
    table = buildJumpTable(rules);
    tables.set(key, table);
  }
  return table;
}
