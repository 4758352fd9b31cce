// LOG0-LOG4: append a log with 0-4 topics to the transaction; not allowed in a static frame.
import { ERR_WRITE_PROTECTION } from '../errors.js';
import type { Frame } from '../frame.js';
import { GAS_LOG, GAS_LOG_DATA, GAS_LOG_TOPIC } from '../gasCosts.js';
import type { ExecFn, DynamicGasFn, OperationSet } from '../jumpTable.js';
import { memoryCost } from '../memoryGas.js';
import { Op } from '../opcodes.js';
import { wordToBytes32 } from '../words.js';

function makeLog(topicCount: number): ExecFn {
  return (f: Frame): void => {
    if (f.isStatic) return f.fail(ERR_WRITE_PROTECTION);
    const s = f.stack;
    const top = f.sp - 1;
    const offset = s[top]!;
    const size = Number(s[top - 1]!);
    const topics = new Array<Uint8Array>(topicCount);
    for (let i = 0; i < topicCount; i++) topics[i] = wordToBytes32(s[top - 2 - i]!);
    f.sp -= 2 + topicCount;
    const data = size === 0 ? new Uint8Array(0) : f.memory.read(Number(offset), size);
    f.evm.state.addLog({ address: f.address, topics, data });
  };
}

const gasLogData: DynamicGasFn = (f: Frame): number => {
  const offset = f.stack[f.sp - 1]!;
  const size = f.stack[f.sp - 2]!;
  const cost = memoryCost(f, offset, size);
  return cost < 0 ? -1 : cost + GAS_LOG_DATA * Number(size);
};

function buildLogOperations(): OperationSet {
  const ops: OperationSet = {};
  for (let n = 0; n <= 4; n++) {
    ops[Op.LOG0 + n] = {
      exec: makeLog(n),
      gas: GAS_LOG + GAS_LOG_TOPIC * n,
      pops: 2 + n,
      pushes: 0,
      dynamicGas: gasLogData,
    };
  }
  return ops;
}

export const logOperations: OperationSet = buildLogOperations();
