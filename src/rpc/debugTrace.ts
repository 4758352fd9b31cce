// debug_traceTransaction, debug_traceCall and debug_traceBlockBy*: executions re-run with a tracer attached (geth's
// eth/tracers API). A mined transaction is replayed on its parent block's state after the transactions before it
// in the block; a call runs as eth_call does. The tracer is geth's struct logger unless the config names another.
import { callAuthor } from '../consensus/engine.js';
import { bytesToHex, type Bytes } from '../common/bytes.js';
import { ancestorHashFn, blockRules, newBlockContext } from '../core/evmContext.js';
import { GasPool } from '../core/gasPool.js';
import { applyBlockTransaction, emptyTxContext } from '../core/processor.js';
import type { ExecutionResult } from '../core/stateTransition.js';
import { StateTransitionError } from '../core/stateTransitionError.js';
import { processBeaconBlockRoot } from '../core/systemCalls.js';
import type { StateDB } from '../core/state/stateDb.js';
import type { Block } from '../core/types/block.js';
import { Evm } from '../core/vm/evm.js';
import type { EvmTracer } from '../core/vm/tracer.js';
import type { RpcApiConfig } from './apiConfig.js';
import type { RpcBackend } from './backend.js';
import { decodeBlockNumberOrTag, decodeBlockRef } from './blockParam.js';
import { blockByNumberOrTag, requireHeader } from './blockResolver.js';
import { callGas, callMessage, checkCallChainId, decodeCallArgs } from './callArgs.js';
import { deadlineTracer } from './evmDeadline.js';
import { runCall } from './evmCall.js';
import { serverError } from './jsonrpc.js';
import {
  decodeBool,
  decodeField,
  decodeHash,
  decodeObject,
  method,
  optional,
  param,
  ParamError,
  type RpcHandler,
} from './params.js';
import { applyStateOverrides, decodeStateOverrides, type AccountOverride } from './stateOverride.js';
import { CallTracer } from './tracers/callTracer.js';
import { StructLogger } from './tracers/structLogger.js';

/** geth's default time limit for one traced execution. */
export const DEFAULT_TRACE_TIMEOUT_MS = 5_000;

export type TracerName = 'structLogger' | 'callTracer';

export interface TraceConfig {
  tracer: TracerName;
  disableStorage: boolean;
  disableStack: boolean;
  enableMemory: boolean;
  onlyTopCall: boolean;
  withLog: boolean;
  timeoutMs: number;
  /** debug_traceCall only: accounts to change before the call. */
  stateOverrides?: AccountOverride[];
}

const GO_DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration string ("5s", "1m30s", "500ms") in milliseconds, as geth's time.ParseDuration takes it. */
export function parseGoDuration(text: string): number {
  // Signs are left out: a negative time limit means nothing here.
  if (!/^(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h))+$/.test(text)) {
    throw new ParamError(`invalid duration ${JSON.stringify(text)}`);
  }
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(/([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h)/g)) {
    ms += Number(amount) * GO_DURATION_UNITS[unit!]!;
  }
  return ms;
}

function decodeTracerName(v: unknown): TracerName {
  if (v === 'callTracer') return 'callTracer';
  throw new ParamError(`tracer ${JSON.stringify(v)} not found (available: callTracer, or none for the struct logger)`);
}

/** The tracing options of the debug_trace* methods; unknown fields are ignored, as Go's JSON decoding does. */
export function decodeTraceConfig(v: unknown, allowOverrides = false): TraceConfig {
  const obj = decodeObject(v);
  const tracer = decodeField(obj, 'tracer', decodeTracerName) ?? 'structLogger';
  const tracerConfig = decodeField(obj, 'tracerConfig', decodeObject) ?? {};
  if (decodeField(obj, 'enableReturnData', decodeBool) === true) {
    // The EVM's step hook does not expose the frame's return data.
    throw new ParamError('enableReturnData: not supported by this node');
  }
  const timeout = decodeField(obj, 'timeout', (t) => {
    if (typeof t !== 'string') throw new ParamError('expected a duration string such as "5s"');
    return parseGoDuration(t);
  });
  const config: TraceConfig = {
    tracer,
    disableStorage: decodeField(obj, 'disableStorage', decodeBool) ?? false,
    disableStack: decodeField(obj, 'disableStack', decodeBool) ?? false,
    enableMemory: decodeField(obj, 'enableMemory', decodeBool) ?? false,
    onlyTopCall: decodeField(tracerConfig, 'onlyTopCall', decodeBool) ?? false,
    withLog: decodeField(tracerConfig, 'withLog', decodeBool) ?? false,
    timeoutMs: timeout ?? DEFAULT_TRACE_TIMEOUT_MS,
  };
  if (allowOverrides) {
    const overrides = decodeField(obj, 'stateOverrides', decodeStateOverrides);
    if (overrides !== undefined) config.stateOverrides = overrides;
  }
  return config;
}

const DEFAULT_CONFIG = decodeTraceConfig({});

interface ActiveTracer {
  hooks: EvmTracer;
  result(execution: ExecutionResult): unknown;
}

function newTracer(config: TraceConfig, gasLimit: bigint, state: StateDB): ActiveTracer {
  if (config.tracer === 'callTracer') return new CallTracer(config, gasLimit);
  return new StructLogger(config, (address, slot) => state.getState(address, slot));
}

/** The hooks with the deadline of `config` around them. */
function timed(config: TraceConfig, hooks: EvmTracer): EvmTracer {
  if (config.timeoutMs <= 0) return hooks;
  return deadlineTracer({ timeoutMs: config.timeoutMs }, hooks);
}

export interface TxTraceResult {
  txHash: string;
  result: unknown;
}

export class BlockTracer {
  constructor(private readonly backend: RpcBackend) {}

  /**
   * Replays `block` on its parent's state, tracing the transactions at the indexes `traced` accepts (and only
   * running the others), up to the last one traced.
   */
  traceBlock(block: Block, config: TraceConfig, traced: (index: number) => boolean = () => true): TxTraceResult[] {
    const chain = this.backend.chain;
    const { header } = block;
    if (header.number === 0n) throw serverError('genesis is not traceable');
    const parent = chain.getHeader(header.parentHash, header.number - 1n);
    if (parent === undefined) throw serverError(`parent ${bytesToHex(header.parentHash)} not found`);
    if (!chain.hasState(chain.stateRootOf(parent))) {
      throw serverError(`required historical state unavailable (block ${parent.number})`);
    }
    const state = chain.stateAtHeader(parent);
    const rules = blockRules(chain.config, header);
    const context = newBlockContext(chain.config, header, callAuthor(chain.engine, header), ancestorHashFn(header, chain));
    const evm = new Evm(context, emptyTxContext(), state, rules);
    if (header.parentBeaconBlockRoot !== undefined) processBeaconBlockRoot(evm, state, header.parentBeaconBlockRoot);
    const gasPool = new GasPool(header.gasLimit);
    let last = -1;
    block.transactions.forEach((_, i) => {
      if (traced(i)) last = i;
    });
    const results: TxTraceResult[] = [];
    let gasUsed = 0n;
    for (let i = 0; i <= last; i++) {
      const tx = block.transactions[i]!;
      let runner = evm;
      let tracer: ActiveTracer | undefined;
      if (traced(i)) {
        tracer = newTracer(config, tx.gasLimit, state);
        runner = new Evm(context, emptyTxContext(), state, rules, { tracer: timed(config, tracer.hooks) });
      }
      const applied = applyBlockTransaction(runner, state, gasPool, tx, i, gasUsed);
      gasUsed += applied.gasUsed;
      if (tracer !== undefined) results.push({ txHash: bytesToHex(tx.hash), result: tracer.result(applied) });
    }
    return results;
  }

  /** The trace of a canonical transaction; geth's error when there is none with this hash. */
  traceTransaction(hash: Bytes, config: TraceConfig): unknown {
    const chain = this.backend.chain;
    const lookup = chain.getTransactionLookup(hash);
    if (lookup === undefined) throw serverError(`transaction ${bytesToHex(hash)} not found`);
    const block = chain.getBlock(lookup.blockHash, lookup.blockNumber);
    if (block === undefined) throw serverError(`block ${bytesToHex(lookup.blockHash)} not found`);
    return this.traceBlock(block, config, (i) => i === lookup.index)[0]!.result;
  }
}

export function debugTraceMethods(backend: RpcBackend, apiConfig: RpcApiConfig): Record<string, RpcHandler> {
  const chain = backend.chain;
  const tracer = new BlockTracer(backend);
  const CONFIG = optional(param('config', (v) => decodeTraceConfig(v)));
  const CALL_CONFIG = optional(param('config', (v) => decodeTraceConfig(v, true)));

  const blockOrError = (block: Block | undefined, what: string): Block => {
    if (block === undefined) throw serverError(`block ${what} not found`);
    return block;
  };

  return {
    debug_traceTransaction: method([param('txHash', decodeHash), CONFIG], (hash, config) =>
      tracer.traceTransaction(hash, config ?? DEFAULT_CONFIG),
    ),

    debug_traceBlockByNumber: method([param('number', decodeBlockNumberOrTag), CONFIG], (n, config) => {
      const block = blockOrError(blockByNumberOrTag(backend, n), typeof n === 'bigint' ? `#${n}` : n);
      return tracer.traceBlock(block, config ?? DEFAULT_CONFIG);
    }),

    debug_traceBlockByHash: method([param('hash', decodeHash), CONFIG], (hash, config) =>
      tracer.traceBlock(blockOrError(chain.getBlockByHash(hash), bytesToHex(hash)), config ?? DEFAULT_CONFIG),
    ),

    debug_traceCall: method(
      [param('transaction', decodeCallArgs), param('block', decodeBlockRef), CALL_CONFIG],
      (args, ref, given) => {
        const config = given ?? DEFAULT_CONFIG;
        const header = requireHeader(backend, ref);
        checkCallChainId(args, chain.config.chainId);
        const state = chain.stateAtHeader(header);
        if (config.stateOverrides !== undefined) applyStateOverrides(state, config.stateOverrides);
        const gas = callGas(args, apiConfig.gasCap);
        const msg = callMessage(args, gas, header.baseFeePerGas);
        const active = newTracer(config, gas, state);
        let result: ExecutionResult;
        try {
          result = runCall({ chain, header, state }, msg, { timeoutMs: config.timeoutMs, tracer: active.hooks });
        } catch (e) {
          if (e instanceof StateTransitionError) throw serverError(`tracing failed: ${e.message}`);
          throw e;
        }
        return active.result(result);
      },
    ),
  };
}
