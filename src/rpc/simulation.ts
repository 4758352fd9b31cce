// The simulations (eth_call, eth_estimateGas, eth_createAccessList) as one pure function of a block, a state and a
// request, so that the main thread and an EVM worker run the very same code and give the very same answers.
import { bytesToHex, toQuantity, type Bytes } from '../common/bytes.js';
import type { Message } from '../core/message.js';
import type { StateDB } from '../core/state/stateDb.js';
import type { ExecutionResult } from '../core/stateTransition.js';
import { StateTransitionError } from '../core/stateTransitionError.js';
import type { Header } from '../core/types/header.js';
import { createAccessList } from './accessListCreation.js';
import type { CallArgs } from './callArgs.js';
import { runCall, type CallChain, type SimulationEnvironment } from './evmCall.js';
import type { ExecutionLimits } from './evmDeadline.js';
import { estimateGas } from './gasEstimator.js';
import { serverError } from './jsonrpc.js';
import { revertError } from './revertError.js';
import type { RpcStateCache } from './stateCache.js';
import { applyStateOverrides, type AccountOverride } from './stateOverride.js';

/** What to simulate; every field is plain data, so it can be posted to a worker as it is. */
export type SimulationRequest =
  | { kind: 'call'; msg: Message }
  | { kind: 'estimateGas'; msg: Message; gasCap: bigint }
  | { kind: 'createAccessList'; args: CallArgs; gas: bigint };

/** Where a simulation runs: the block, the root of the state after it (dev-chain edits included), overrides. */
export interface SimulationTarget {
  header: Header;
  stateRoot: Bytes;
  overrides: AccountOverride[] | undefined;
}

/** The environment for `target` with `limits`, its states opened through `states`. */
export function simulationEnvironment(
  chain: CallChain,
  states: RpcStateCache,
  target: SimulationTarget,
  limits: ExecutionLimits,
): SimulationEnvironment {
  const { header, stateRoot, overrides } = target;
  const openState = (): StateDB => {
    const state = states.stateAt(stateRoot);
    if (overrides !== undefined) applyStateOverrides(state, overrides);
    return state;
  };
  // Every field set, so that every environment has the same shape (this is the path of every eth_call).
  return { chain, header, openState, timeoutMs: limits.timeoutMs, startedAt: limits.startedAt, sliceMs: limits.sliceMs };
}

/** The call's output, or the error its failure answers with. */
function callOutput(result: ExecutionResult): string {
  const error = result.error;
  if (error === undefined) return bytesToHex(result.returnData);
  if (error.kind === 'revert' && result.returnData.length > 0) throw revertError(result.returnData);
  throw serverError(error.message);
}

/** eth_call's answer: the output as hex; a revert with data is code 3, a message the state rejects geth's "err: ...". */
export function simulateCall(env: SimulationEnvironment, msg: Message): string {
  let result: ExecutionResult;
  try {
    result = runCall({ chain: env.chain, header: env.header, state: env.openState() }, msg, env);
  } catch (e) {
    if (e instanceof StateTransitionError) throw serverError(`err: ${e.message} (supplied gas ${msg.gasLimit})`);
    throw e;
  }
  return callOutput(result);
}

/**
 * The method's answer, JSON-ready (plain data a worker can post back); synchronous for eth_call, so a quick call
 * costs no promise. Failures throw what the method answers with (an RpcError, ExecutionTimeoutError...).
 */
export function simulate(env: SimulationEnvironment, request: SimulationRequest): unknown {
  switch (request.kind) {
    case 'call':
      return simulateCall(env, request.msg);
    case 'estimateGas':
      return estimateGas(env, request.msg, request.gasCap).then(toQuantity);
    case 'createAccessList':
      return createAccessList(env, request.args, request.gas);
  }
}
