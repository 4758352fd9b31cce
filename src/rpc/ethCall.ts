// Simulated execution: eth_call, eth_estimateGas, eth_createAccessList. Each runs on a private copy of a block's
// state (with the caller's state overrides) and changes nothing (simulation.ts); one that takes long finishes on
// an EVM worker, so it holds up no other request (simulationRunner.ts).
import type { EthApiContext } from './apiConfig.js';
import { decodeBlockRef, LATEST, type BlockRef } from './blockParam.js';
import { requireHeader } from './blockResolver.js';
import { callGas, callMessage, checkCallChainId, decodeCallArgs, type CallArgs } from './callArgs.js';
import { EvmWorkerPool } from './evmWorkerPool.js';
import { method, optional, param, type RpcHandler } from './params.js';
import { SimulationRunner } from './simulationRunner.js';
import { decodeStateOverrides } from './stateOverride.js';

const TX = param('transaction', decodeCallArgs);
const BLOCK = optional(param('block', decodeBlockRef));
const OVERRIDES = optional(param('stateOverrides', decodeStateOverrides));

export function ethCallMethods({ backend, config, log }: EthApiContext): Record<string, RpcHandler> {
  const chain = backend.chain;
  // Without a pool of the node's, one of its own: its idle workers do not keep the process alive.
  const workers = config.evmWorkers ?? new EvmWorkerPool(chain.stateDatabase.store, chain.config, { log });
  const simulations = new SimulationRunner(chain, workers, config.evmTimeoutMs);

  /** The block a simulation runs in. */
  const blockFor = (args: CallArgs, ref: BlockRef | undefined) => {
    const header = requireHeader(backend, ref ?? LATEST);
    checkCallChainId(args, chain.config.chainId);
    return header;
  };

  return {
    eth_call: method([TX, BLOCK, OVERRIDES], (args, ref, overrides) => {
      const header = blockFor(args, ref);
      const msg = callMessage(args, callGas(args, config.gasCap), header.baseFeePerGas);
      return simulations.run(header, overrides, { kind: 'call', msg });
    }),

    eth_estimateGas: method([TX, BLOCK, OVERRIDES], (args, ref, overrides) => {
      const header = blockFor(args, ref);
      // The caller's own limit, if any, bounds the search; the cap applies on top.
      let gas = args.gas ?? 0n;
      if (config.gasCap > 0n && gas > config.gasCap) gas = config.gasCap;
      const msg = callMessage(args, gas, header.baseFeePerGas);
      return simulations.run(header, overrides, { kind: 'estimateGas', msg, gasCap: config.gasCap });
    }),

    eth_createAccessList: method([TX, BLOCK], (args, ref) => {
      const header = blockFor(args, ref);
      return simulations.run(header, undefined, { kind: 'createAccessList', args, gas: callGas(args, config.gasCap) });
    }),
  };
}
