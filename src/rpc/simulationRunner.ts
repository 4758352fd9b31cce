// Where a simulation runs. Each starts on the main thread, as it always did, but only for a short time slice: most
// calls end well inside it and pay nothing more. One that does not is abandoned (simulations change nothing, so
// its state is simply dropped) and run again from scratch on an EVM worker, with what is left of its timeout,
// while the main thread goes on serving. Both run the same code (simulation.ts), so the answer is the same.
import { callAuthor } from '../consensus/engine.js';
import { encodeHeader, type Header } from '../core/types/header.js';
import type { ChainBackend } from './backend.js';
import { TimeSliceExceededError } from './evmDeadline.js';
import type { EvmWorkerPool } from './evmWorkerPool.js';
import { simulate, simulationEnvironment, type SimulationRequest } from './simulation.js';
import { rpcStateCache, type RpcStateCache } from './stateCache.js';
import type { AccountOverride } from './stateOverride.js';

/**
 * How long a simulation may keep the main thread before it moves to a worker, which is also about the longest
 * any other request waits behind it. Calls that finish in a few milliseconds (nearly all) stay clear of it, and
 * one that moves loses no more than this.
 */
export const TIME_SLICE_MS = 30;

export class SimulationRunner {
  private readonly states: RpcStateCache;

  constructor(
    private readonly chain: ChainBackend,
    private readonly workers: EvmWorkerPool,
    /** --rpc.evmtimeout, per execution; 0 for none. */
    private readonly timeoutMs: number,
  ) {
    this.states = rpcStateCache(chain.stateDatabase);
  }

  /**
   * The answer to `request` in `header`'s block with `overrides`: synchronous when it ends within the slice, a
   * promise when it moved to a worker (or is asynchronous anyway: an estimate or access list).
   */
  run(header: Header, overrides: AccountOverride[] | undefined, request: SimulationRequest): unknown {
    const { chain, states, timeoutMs } = this;
    const target = { header, stateRoot: chain.stateRootOf(header), overrides };
    const startedAt = performance.now();
    const elsewhere = (e: unknown): Promise<unknown> => {
      if (!(e instanceof TimeSliceExceededError)) throw e;
      const spentMs = performance.now() - startedAt;
      const coinbase = callAuthor(chain.engine, header);
      return this.workers.run({ ...target, header: encodeHeader(header), coinbase, request, timeoutMs, spentMs });
    };
    try {
      const limits = { timeoutMs, startedAt, sliceMs: TIME_SLICE_MS };
      const answer = simulate(simulationEnvironment(chain, states, target, limits), request);
      return answer instanceof Promise ? answer.catch(elsewhere) : answer;
    } catch (e) {
      return elsewhere(e);
    }
  }
}
