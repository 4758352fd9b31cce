// Simulated execution: eth_call, eth_estimateGas, eth_createAccessList. Each runs on a private copy of a block's
// state (with the caller's state overrides) and changes nothing. A revert with data answers code 3 with the data;
// a message the state rejects answers geth's "err: ... (supplied gas N)".
import { bytesToHex, toQuantity } from '../common/bytes.js';
import { blockRules } from '../core/evmContext.js';
import type { StateDB } from '../core/state/stateDb.js';
import type { ExecutionResult } from '../core/stateTransition.js';
import { StateTransitionError } from '../core/stateTransitionError.js';
import { createAddress } from '../core/vm/contractAddress.js';
import { precompileAddresses } from '../core/vm/precompiles/registry.js';
import { AccessListTracer } from './accessListTracer.js';
import type { EthApiContext } from './apiConfig.js';
import { decodeBlockRef, LATEST, type BlockRef } from './blockParam.js';
import { requireHeader } from './blockResolver.js';
import { callGas, callMessage, callSender, checkCallChainId, decodeCallArgs, type CallArgs } from './callArgs.js';
import { runCall } from './evmCall.js';
import { estimateGas } from './gasEstimator.js';
import { serverError } from './jsonrpc.js';
import { method, optional, param, type RpcHandler } from './params.js';
import { revertError } from './revertError.js';
import { formatAccessList } from './rpcTransaction.js';
import { applyStateOverrides, decodeStateOverrides, type AccountOverride } from './stateOverride.js';

const TX = param('transaction', decodeCallArgs);
const BLOCK = optional(param('block', decodeBlockRef));
const OVERRIDES = optional(param('stateOverrides', decodeStateOverrides));

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The call's output, or the error its failure answers with. */
function callOutput(result: ExecutionResult): string {
  const error = result.error;
  if (error === undefined) return bytesToHex(result.returnData);
  if (error.kind === 'revert' && result.returnData.length > 0) throw revertError(result.returnData);
  throw serverError(error.message);
}

export function ethCallMethods({ backend, config }: EthApiContext): Record<string, RpcHandler> {
  const chain = backend.chain;

  /** The block a simulation runs in, and a way to get fresh copies of its state with the overrides applied. */
  const environment = (args: CallArgs, ref: BlockRef | undefined, overrides: AccountOverride[] | undefined) => {
    const header = requireHeader(backend, ref ?? LATEST);
    checkCallChainId(args, chain.config.chainId);
    const openState = (): StateDB => {
      const state = chain.stateAtHeader(header);
      if (overrides !== undefined) applyStateOverrides(state, overrides);
      return state;
    };
    return { header, openState };
  };

  return {
    eth_call: method([TX, BLOCK, OVERRIDES], (args, ref, overrides) => {
      const { header, openState } = environment(args, ref, overrides);
      const gas = callGas(args, config.gasCap);
      const msg = callMessage(args, gas, header.baseFeePerGas);
      let result: ExecutionResult;
      try {
        result = runCall({ chain, header, state: openState() }, msg, { timeoutMs: config.evmTimeoutMs });
      } catch (e) {
        if (e instanceof StateTransitionError) throw serverError(`err: ${e.message} (supplied gas ${gas})`);
        throw e;
      }
      return callOutput(result);
    }),

    eth_estimateGas: method([TX, BLOCK, OVERRIDES], async (args, ref, overrides) => {
      const { header, openState } = environment(args, ref, overrides);
      // The caller's own limit, if any, bounds the search; the cap applies on top.
      let gas = args.gas ?? 0n;
      if (config.gasCap > 0n && gas > config.gasCap) gas = config.gasCap;
      const msg = callMessage(args, gas, header.baseFeePerGas);
      const env = { chain, header, openState, timeoutMs: config.evmTimeoutMs };
      return toQuantity(await estimateGas(env, msg, config.gasCap));
    }),

    eth_createAccessList: method([TX, BLOCK], async (args, ref) => {
      const { header, openState } = environment(args, ref, undefined);
      const gas = callGas(args, config.gasCap);
      const from = callSender(args);
      const to = args.to ?? createAddress(from, args.nonce ?? openState().getNonce(from));
      const excluded = [from, to, ...precompileAddresses(blockRules(chain.config, header))];
      // Run with the list found so far until a run finds nothing new: the list changes what the call can do
      // (gas), so it is only final once it reproduces itself.
      let previous = new AccessListTracer(args.accessList ?? [], excluded);
      for (;;) {
        const accessList = previous.accessList();
        const tracer = new AccessListTracer(accessList, excluded);
        const msg = callMessage({ ...args, accessList }, gas, header.baseFeePerGas);
        let result: ExecutionResult;
        try {
          result = runCall({ chain, header, state: openState() }, msg, {
            timeoutMs: config.evmTimeoutMs,
            tracer: tracer.hooks,
          });
        } catch (e) {
          if (e instanceof StateTransitionError) throw serverError(`failed to apply transaction: ${e.message}`);
          throw e;
        }
        if (tracer.equals(previous)) {
          const out: Record<string, unknown> = { accessList: formatAccessList(accessList), gasUsed: toQuantity(result.gasUsed) };
          if (result.error !== undefined) out.error = result.error.message;
          return out;
        }
        previous = tracer;
        await yieldToEventLoop();
      }
    }),
  };
}
