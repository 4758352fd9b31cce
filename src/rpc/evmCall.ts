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
import type { EvmTracer } from '../core/vm/tracer.js';
import type { ChainBackend } from './backend.js';
import { deadlineTracer, needsStepChecks } from './evmDeadline.js';

const MAX_UINT64 = (1n << 64n) - 1n;

export interface CallEnvironment {
  chain: ChainBackend;
  /** The block the call executes in (as if it were one more transaction of it). */
  header: Header;
  /** The state the call starts from; the call changes it. */
  state: StateDB;
}

export interface CallOptions {
  /** Milliseconds before the call is aborted with ExecutionTimeoutError; 0 for no limit. */
  timeoutMs: number;
  tracer?: EvmTracer;
}

/**
 * Executes `msg`. Throws a StateTransitionError when the message is invalid on this state (insufficient funds, a
 * fee cap below the base fee...), ExecutionTimeoutError when it runs out of time; an EVM failure (revert, out of
 * gas) is in the result.
 */
export function runCall(env: CallEnvironment, msg: Message, options: CallOptions): ExecutionResult {
  const { chain, header, state } = env;
  const config = chain.config;
  const context = newBlockContext(config, header, callAuthor(chain.engine, header), ancestorHashFn(header, chain));
  // A call that offers no fee sees no base fee either, so BASEFEE-dependent code does not break on it.
  if (msg.gasPrice === 0n) context.baseFee = 0n;
  if (msg.blobGasFeeCap === 0n) context.blobBaseFee = 0n;
  let tracer = options.tracer;
  if (options.timeoutMs > 0) {
    tracer = deadlineTracer(options.timeoutMs, needsStepChecks(msg.gasLimit, options.timeoutMs), tracer);
  }
  const evm = new Evm(context, emptyTxContext(), state, blockRules(config, header), { tracer });
  return applyMessage(evm, msg, new GasPool(MAX_UINT64), { noBaseFee: true });
}
