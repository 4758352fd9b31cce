import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex } from '../common/bytes.js';
import type { Blockchain } from '../core/chain/blockchain.js';
import { SILENT_LOG } from '../core/chain/testChain.js';
import type { Message } from '../core/message.js';
import { callMessage, type CallArgs } from './callArgs.js';
import { ExecutionTimeoutError } from './evmDeadline.js';
import { EvmWorkerPool } from './evmWorkerPool.js';
import { RpcError } from './jsonrpc.js';
import { simulate, simulationEnvironment, type SimulationRequest } from './simulation.js';
import { SimulationRunner, TIME_SLICE_MS } from './simulationRunner.js';
import { COUNTDOWN, COUNTER, LOOP, REVERTER, SENDER, simulationChain, turns } from './simulationTestChain.js';
import { RpcStateCache } from './stateCache.js';

let chain: Blockchain;
let pool: EvmWorkerPool;

beforeAll(async () => {
  chain = await simulationChain();
  pool = new EvmWorkerPool(chain.store, chain.config, { log: SILENT_LOG });
});

afterAll(async () => {
  await pool.stop();
});

const word = (n: bigint): string => bytesToHex(bigintToFixedBytes(n, 32));
const msg = (args: CallArgs, gas = 100_000_000n): Message => callMessage(args, gas, chain.currentHeader.baseFeePerGas);
/** Long enough to outlast the slice several times over (2.8M instructions), short enough to finish: 10.4M gas. */
const LONG = turns(400_000n);

/** The answer without any slice or worker: what the main thread alone gave before. */
async function alone(request: SimulationRequest, timeoutMs = 0): Promise<unknown> {
  const header = chain.currentHeader;
  const target = { header, stateRoot: chain.stateRootOf(header), overrides: undefined };
  return simulate(simulationEnvironment(chain, new RpcStateCache(chain.stateDatabase), target, { timeoutMs }), request);
}

/** Runs `request`: its answer or error, and the longest the main thread was held meanwhile (by the slice, say). */
async function watched(
  runner: SimulationRunner,
  request: SimulationRequest,
): Promise<{ heldMs: number; answer?: unknown; error?: unknown }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  try {
    const answer = await runner.run(chain.currentHeader, undefined, request);
    return { heldMs: delay.max / 1e6, answer };
  } catch (error) {
    return { heldMs: delay.max / 1e6, error };
  } finally {
    delay.disable();
  }
}

describe('simulation runner', () => {
  it('answers a quick call on the main thread, synchronously, without a worker', () => {
    const runner = new SimulationRunner(chain, pool, 5_000);
    expect(runner.run(chain.currentHeader, undefined, { kind: 'call', msg: msg({ to: COUNTER }) })).toBe(word(42n));
    // Failures too, as they are.
    expect(() => runner.run(chain.currentHeader, undefined, { kind: 'call', msg: msg({ to: REVERTER }) })).toThrow(RpcError);
    expect(pool.workerCount).toBe(0);
  });

  it('finishes a call that outlasts the slice on a worker, the main thread free meanwhile', async () => {
    const runner = new SimulationRunner(chain, pool, 30_000);
    const request: SimulationRequest = { kind: 'call', msg: msg({ to: COUNTDOWN, input: LONG }) };
    const started = performance.now();
    const pending = runner.run(chain.currentHeader, undefined, request);
    const heldMs = performance.now() - started;
    expect(pending).toBeInstanceOf(Promise);
    // The slice, and some slack for a loaded machine.
    expect(heldMs).toBeGreaterThanOrEqual(TIME_SLICE_MS);
    expect(heldMs).toBeLessThan(TIME_SLICE_MS + 150);
    expect(await pending).toBe(word(42n));
    expect(await alone(request)).toBe(word(42n));
    expect(pool.workerCount).toBe(1);
  });

  it('times out an endless call after --rpc.evmtimeout in all, with the same error', async () => {
    const runner = new SimulationRunner(chain, pool, 1_000);
    const started = performance.now();
    const { heldMs, error } = await watched(runner, { kind: 'call', msg: msg({ to: LOOP }, 10n ** 15n) });
    const ms = performance.now() - started;
    expect(error).toBeInstanceOf(ExecutionTimeoutError);
    expect((error as Error).message).toBe('execution aborted (timeout = 1s)');
    expect(heldMs).toBeLessThan(TIME_SLICE_MS + 150);
    expect(ms).toBeGreaterThanOrEqual(990);
    expect(ms).toBeLessThan(2_500);
  });

  it('keeps a timeout shorter than the slice on the main thread', () => {
    const runner = new SimulationRunner(chain, pool, TIME_SLICE_MS - 10);
    const workers = pool.workerCount;
    expect(() => runner.run(chain.currentHeader, undefined, { kind: 'call', msg: msg({ to: LOOP }) })).toThrow(
      `execution aborted (timeout = ${TIME_SLICE_MS - 10}ms)`,
    );
    expect(pool.workerCount).toBe(workers);
  });

  it('moves a long estimate and a long access-list search, with the answers they give alone', async () => {
    const runner = new SimulationRunner(chain, pool, 30_000);
    const estimate: SimulationRequest = {
      kind: 'estimateGas',
      msg: msg({ from: SENDER, to: COUNTDOWN, input: LONG }, 0n),
      gasCap: 50_000_000n,
    };
    const moved = await watched(runner, estimate);
    expect(moved.answer).toBe(await alone(estimate));
    expect(BigInt(moved.answer as string)).toBeGreaterThan(10_400_000n);
    // Held for a slice at a time at most, however long the estimate (the machine may add to it).
    expect(moved.heldMs).toBeLessThan(TIME_SLICE_MS + 150);

    const list: SimulationRequest = { kind: 'createAccessList', args: { from: SENDER, to: COUNTDOWN, input: LONG }, gas: 50_000_000n };
    const listed = await watched(runner, list);
    expect(listed.answer).toEqual(await alone(list));
    expect(listed.answer).toEqual({ accessList: [], gasUsed: expect.stringMatching(/^0x[0-9a-f]+$/) });
    expect(listed.heldMs).toBeLessThan(TIME_SLICE_MS + 150);
  });
});
