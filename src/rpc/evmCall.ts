// Running a message on a block's state without a transaction (geth's doCall): the block's context, fees that
// only apply when the message offers some, an unlimited gas pool, and the evm timeout.
import { callAuthor } from '../consensus/engine.js';
import { ancestorHashFn, blockRules, newBlockContext } from '../core/evmContext.js';
import { GasPool } from '../core/gasPool.js';
import type { Message } from '../core/message.js';
import { emptyTxContext } from '../core/processor.js';
import type { StateDB } from '../core/state/stateDb.js';
import { applyMessage, type ExecutionResult } from '../core/stateTransition.js';
import type { Header } from '../core/types/header.js';
import { Evm } from '../core/vm/evm.js';
import { precompileAt, precompilesFor } from '../core/vm/precompiles/registry.js';
import type { EvmTracer } from '../core/vm/tracer.js';
import type { Rules } from '../params/chainConfig.js';
import type { ChainBackend } from './backend.js';
import { deadlineTracer, hasLimits, type ExecutionLimits, type PrecompileGas } from './evmDeadline.js';

const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * What a simulated call needs of the chain: its config, the headers BLOCKHASH walks, and the engine that names the
 * block's fee recipient. The chain itself is one; a worker thread has one over the main thread's store.
 */
export type CallChain = Pick<ChainBackend, 'config' | 'getHeader'> & { engine: Pick<ChainBackend['engine'], 'author'> };

export interface CallEnvironment {
  chain: CallChain;
  /** The block the call executes in (as if it were one more transaction of it). */
  header: Header;
  /** The state the call starts from; the call changes it. */
  state: StateDB;
}

/**
 * A block to simulate in and fresh copies of its state (with any overrides), for eth_call, eth_estimateGas and
 * eth_createAccessList, which may run several executions.
 */
export interface SimulationEnvironment {
  chain: CallChain;
  header: Header;
  openState: () => StateDB;
  /** Per execution; 0 for none. */
  timeoutMs: number;
  /** When eth_call's one execution started counting its timeout (performance.now()); others count from their own. */
  startedAt?: number;
  /** Per execution: abandons it with TimeSliceExceededError after this many milliseconds (see simulationRunner). */
  sliceMs?: number;
}

export interface CallOptions extends ExecutionLimits {
  tracer?: EvmTracer;
}

/** What the precompiles of `rules` charge, for the deadline tracer (creations call none). */
function precompileGasFn(rules: Rules): PrecompileGas {
  const precompiles = precompilesFor(rules);
  return (frame) => {
    if (frame.type === 'CREATE' || frame.type === 'CREATE2') return undefined;
    return precompileAt(precompiles, frame.to)?.gas(frame.input);
  };
}

/**
 * Executes `msg`. Throws a StateTransitionError when the message is invalid on this state (insufficient funds, a
 * fee cap below the base fee...), ExecutionTimeoutError when it runs out of time, TimeSliceExceededError at the end
 * of its slice; an EVM failure (revert, out of gas) is in the result.
 */
export function runCall(env: CallEnvironment, msg: Message, options: CallOptions): ExecutionResult {
  const { chain, header, state } = env;
  const config = chain.config;
  const context = newBlockContext(config, header, callAuthor(chain.engine, header), ancestorHashFn(header, chain));
  // A call that offers no fee sees no base fee either, so BASEFEE-dependent code does not break on it.
  if (msg.gasPrice === 0n) context.baseFee = 0n;
  if (msg.blobGasFeeCap === 0n) context.blobBaseFee = 0n;
  const rules = blockRules(config, header);
  const tracer = hasLimits(options) ? deadlineTracer(options, options.tracer, precompileGasFn(rules)) : options.tracer;
  const evm = new Evm(context, emptyTxContext(), state, rules, { tracer });
  return applyMessage(evm, msg, new GasPool(MAX_UINT64), { noBaseFee: true });
}
