// eth_createAccessList (geth's AccessList): runs the call with the list found so far until a run finds nothing
// new. The list changes what the call can do (its gas), so it is only final once it reproduces itself. Each run
// starts a fresh turn of the event loop, so a long search does not hold up other requests.
import { toQuantity, type Bytes } from '../common/bytes.js';
import { blockRules } from '../core/evmContext.js';
import type { ExecutionResult } from '../core/stateTransition.js';
import { StateTransitionError } from '../core/stateTransitionError.js';
import { createAddress } from '../core/vm/contractAddress.js';
import { precompileAddresses } from '../core/vm/precompiles/registry.js';
import { AccessListTracer } from './accessListTracer.js';
import { callMessage, callSender, type CallArgs } from './callArgs.js';
import { runCall, type SimulationEnvironment } from './evmCall.js';
import { serverError, type RpcObject } from './jsonrpc.js';
import { formatAccessList } from './rpcTransaction.js';

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The answer to eth_createAccessList for `args` run with `gas`: the list, the gas used with it, and any failure. */
export async function createAccessList(env: SimulationEnvironment, args: CallArgs, gas: bigint): Promise<RpcObject> {
  const { chain, header, openState } = env;
  const from = callSender(args);
  const to: Bytes = args.to ?? createAddress(from, args.nonce ?? openState().getNonce(from));
  const excluded = [from, to, ...precompileAddresses(blockRules(chain.config, header))];
  const limits = { timeoutMs: env.timeoutMs, sliceMs: env.sliceMs };
  let previous = new AccessListTracer(args.accessList ?? [], excluded);
  for (;;) {
    const accessList = previous.accessList();
    const tracer = new AccessListTracer(accessList, excluded);
    const msg = callMessage({ ...args, accessList }, gas, header.baseFeePerGas);
    let result: ExecutionResult;
    try {
      result = runCall({ chain, header, state: openState() }, msg, { ...limits, tracer: tracer.hooks });
    } catch (e) {
      if (e instanceof StateTransitionError) throw serverError(`failed to apply transaction: ${e.message}`);
      throw e;
    }
    if (tracer.equals(previous)) {
      const out: RpcObject = { accessList: formatAccessList(accessList), gasUsed: toQuantity(result.gasUsed) };
      if (result.error !== undefined) out.error = result.error.message;
      return out;
    }
    previous = tracer;
    await yieldToEventLoop();
  }
}
