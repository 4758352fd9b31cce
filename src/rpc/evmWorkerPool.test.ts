import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex } from '../common/bytes.js';
import { callAuthor } from '../consensus/engine.js';
import type { Blockchain } from '../core/chain/blockchain.js';
import { SILENT_LOG } from '../core/chain/testChain.js';
import { encodeHeader } from '../core/types/header.js';
import type { KeyValueReader } from '../db/keyValueStore.js';
import { ExecutionTimeoutError } from './evmDeadline.js';
import { asm } from '../core/vm/testEvm.js';
import { callMessage, type CallArgs } from './callArgs.js';
import { EvmWorkerPool } from './evmWorkerPool.js';
import type { SimulationJob } from './evmWorkerProtocol.js';
import { RpcError } from './jsonrpc.js';
import { simulate, simulationEnvironment, type SimulationRequest } from './simulation.js';
import {
  BLOCKHASH_1,
  callTo,
  COUNTDOWN,
  COUNTER,
  CUSTOM_REVERT_DATA,
  LOOP,
  RECIPIENT,
  REVERTER,
  SENDER,
  simulationChain,
  turns,
} from './simulationTestChain.js';
import { RpcStateCache } from './stateCache.js';
import type { AccountOverride } from './stateOverride.js';

let chain: Blockchain;
let pool: EvmWorkerPool;
/** Every key the workers read, in order. */
const reads: string[] = [];

beforeAll(async () => {
  chain = await simulationChain();
  const store: KeyValueReader = {
    get: (key) => {
      reads.push(bytesToHex(key));
      return chain.store.get(key);
    },
  };
  pool = new EvmWorkerPool(store, chain.config, { log: SILENT_LOG });
});

afterAll(async () => {
  await pool.stop();
});

const word = (n: bigint): string => bytesToHex(bigintToFixedBytes(n, 32));

function job(request: SimulationRequest, overrides?: AccountOverride[], timeoutMs = 5_000): Omit<SimulationJob, 'id'> {
  const header = chain.currentHeader;
  return {
    header: encodeHeader(header),
    stateRoot: chain.stateRootOf(header),
    coinbase: callAuthor(chain.engine, header),
    overrides,
    request,
    timeoutMs,
    spentMs: 0,
  };
}

/** A loop that only a timeout or stop() ends: no gas runs out first. */
const ENDLESS: SimulationRequest = { kind: 'call', msg: callMessage({ to: LOOP }, 10n ** 15n, undefined) };

/** eth_estimateGas's message: no gas limit of the caller's. */
function estimateMsg(args: CallArgs) {
  return callMessage(args, 0n, chain.currentHeader.baseFeePerGas);
}

/** What the main thread answers to the same request: result or error. */
async function inline(request: SimulationRequest, overrides?: AccountOverride[], timeoutMs = 5_000): Promise<unknown> {
  const header = chain.currentHeader;
  const target = { header, stateRoot: chain.stateRootOf(header), overrides };
  return simulate(simulationEnvironment(chain, new RpcStateCache(chain.stateDatabase), target, { timeoutMs }), request);
}

/** The outcome of a promise as data, so results and errors compare alike. */
async function outcome(p: () => unknown): Promise<unknown> {
  try {
    return { result: await p() };
  } catch (e) {
    return { error: e, type: (e as Error).constructor.name, message: (e as Error).message };
  }
}

describe('EVM worker pool', () => {
  it('starts no worker before the first job', () => {
    expect(pool.workerCount).toBe(0);
  });

  it('runs a call on a worker, reading the state through the main thread', async () => {
    reads.length = 0;
    expect(await pool.run(job({ kind: 'call', msg: callTo(chain, { to: COUNTER }) }))).toBe(word(42n));
    expect(pool.workerCount).toBe(1);
    // The account trie's root node was among the reads.
    expect(reads).toContain(bytesToHex(chain.currentHeader.stateRoot));
  });

  it('answers every kind of request as the main thread does', async () => {
    const requests: [SimulationRequest, AccountOverride[]?][] = [
      [{ kind: 'call', msg: callTo(chain, { to: COUNTDOWN, input: turns(10_000n) }) }],
      [{ kind: 'call', msg: callTo(chain, { to: BLOCKHASH_1 }) }],
      [{ kind: 'call', msg: callTo(chain, { to: REVERTER }) }],
      [{ kind: 'call', msg: callTo(chain, { to: LOOP, gas: 100_000n }) }],
      [{ kind: 'call', msg: callTo(chain, { from: RECIPIENT, to: COUNTER, value: 10n ** 30n }) }],
      [
        { kind: 'call', msg: callTo(chain, { to: RECIPIENT }) },
        [{ address: RECIPIENT, code: asm('PUSH1 7 PUSH0 MSTORE PUSH1 32 PUSH0 RETURN') }],
      ],
      [{ kind: 'call', msg: callTo(chain, { to: COUNTER }) }, [{ address: COUNTER, stateDiff: new Map([[0n, 99n]]) }]],
      [{ kind: 'estimateGas', msg: estimateMsg({ from: SENDER, to: COUNTDOWN, input: turns(1_000n) }), gasCap: 50_000_000n }],
      [{ kind: 'estimateGas', msg: estimateMsg({ from: SENDER, to: REVERTER }), gasCap: 50_000_000n }],
      [{ kind: 'createAccessList', args: { from: SENDER, to: COUNTER }, gas: 50_000_000n }],
    ];
    for (const [request, overrides] of requests) {
      const here = await outcome(() => inline(request, overrides));
      const there = await outcome(() => pool.run(job(request, overrides)));
      expect(there, JSON.stringify(here, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toEqual(here);
    }
    // Spot checks that the comparison compared something.
    expect(await pool.run(job({ kind: 'call', msg: callTo(chain, { to: BLOCKHASH_1 }) }))).toBe(
      bytesToHex(chain.getHeaderByNumber(1n)!.hash),
    );
    const reverted = await outcome(() => pool.run(job({ kind: 'call', msg: callTo(chain, { to: REVERTER }) })));
    expect(reverted).toMatchObject({ type: 'RpcError', message: 'execution reverted' });
    expect((reverted as { error: RpcError }).error.toJSON()).toEqual({
      code: 3,
      message: 'execution reverted',
      data: CUSTOM_REVERT_DATA,
    });
  });

  it('times a call out as the main thread does, counting what it already ran there', async () => {
    const endless = job(ENDLESS, undefined, 1_000);
    const started = performance.now();
    const error = await pool.run({ ...endless, spentMs: 700 }).catch((e: unknown) => e);
    const ms = performance.now() - started;
    expect(error).toBeInstanceOf(ExecutionTimeoutError);
    expect((error as Error).message).toBe('execution aborted (timeout = 1s)');
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(900);
  });

  it('runs two jobs at once on two workers, and queues a third', async () => {
    const slow = (n: number) => pool.run(job(ENDLESS, undefined, n));
    const results = await Promise.allSettled([slow(300), slow(300), slow(300)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(pool.workerCount).toBe(2);
  });

  it('passes a store failure on as the error the read threw', async () => {
    const broken: KeyValueReader = {
      get: () => {
        throw new Error('leveldb: closed');
      },
    };
    const failing = new EvmWorkerPool(broken, chain.config, { log: SILENT_LOG });
    try {
      const error = await failing.run(job({ kind: 'call', msg: callTo(chain, { to: COUNTER }) })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe('leveldb: closed');
    } finally {
      await failing.stop();
    }
  });

  it('fails the running and waiting jobs when stopped, and takes no more', async () => {
    const stopping = new EvmWorkerPool(chain.store, chain.config, { size: 1, log: SILENT_LOG });
    const endless = job(ENDLESS, undefined, 0);
    const running = stopping.run(endless).catch((e: unknown) => e);
    const waiting = stopping.run(endless).catch((e: unknown) => e);
    // Let the first job reach its worker and start looping.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stopping.stop();
    expect(((await running) as Error).message).toBe('EVM workers stopped');
    expect(((await waiting) as Error).message).toBe('EVM workers stopped');
    expect(stopping.workerCount).toBe(0);
    await expect(stopping.run(endless)).rejects.toThrow('EVM workers stopped');
  });
});

