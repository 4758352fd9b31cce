import { beforeAll, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, hexToBytes } from '../common/bytes.js';
import type { Blockchain } from '../core/chain/blockchain.js';
import { callMessage, type CallArgs } from './callArgs.js';
import type { SimulationEnvironment } from './evmCall.js';
import { ExecutionTimeoutError, TimeSliceExceededError, type ExecutionLimits } from './evmDeadline.js';
import { RpcError } from './jsonrpc.js';
import { simulate, simulationEnvironment, type SimulationRequest } from './simulation.js';
import { COUNTDOWN, COUNTER, LOOP, RECIPIENT, REVERTER, SENDER, simulationChain, turns } from './simulationTestChain.js';
import { RpcStateCache } from './stateCache.js';
import type { AccountOverride } from './stateOverride.js';

let chain: Blockchain;

beforeAll(async () => {
  chain = await simulationChain();
});

const word = (n: bigint): string => bytesToHex(bigintToFixedBytes(n, 32));

function environment(limits: ExecutionLimits = { timeoutMs: 5_000 }, overrides?: AccountOverride[]): SimulationEnvironment {
  const header = chain.currentHeader;
  const target = { header, stateRoot: chain.stateRootOf(header), overrides };
  return simulationEnvironment(chain, new RpcStateCache(chain.stateDatabase), target, limits);
}

const call = (args: CallArgs, gas = 1_000_000n): SimulationRequest => ({
  kind: 'call',
  msg: callMessage(args, gas, chain.currentHeader.baseFeePerGas),
});
const estimate = (args: CallArgs): SimulationRequest => ({
  kind: 'estimateGas',
  msg: callMessage(args, 0n, chain.currentHeader.baseFeePerGas),
  gasCap: 50_000_000n,
});
const accessList = (args: CallArgs, gas = 1_000_000n): SimulationRequest => ({ kind: 'createAccessList', args, gas });

/** The error `fn` throws or its promise rejects with. */
async function failure(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('simulate', () => {
  it("answers eth_call synchronously with the output, or the method's error", () => {
    expect(simulate(environment(), call({ to: COUNTER }))).toBe(word(42n));
    expect(simulate(environment(), call({ to: RECIPIENT }))).toBe('0x');
    const reverted = (() => {
      try {
        return simulate(environment(), call({ to: REVERTER }));
      } catch (e) {
        return e;
      }
    })();
    expect(reverted).toBeInstanceOf(RpcError);
    expect((reverted as RpcError).toJSON()).toEqual({ code: 3, message: 'execution reverted', data: '0xdeadbeef' });
    expect(() => simulate(environment(), call({ to: LOOP }, 50_000n))).toThrow('out of gas');
    expect(() => simulate(environment(), call({ to: COUNTER }, 100n))).toThrow(
      'err: intrinsic gas too low: have 100, want 21000 (supplied gas 100)',
    );
  });

  it('opens a fresh state with the overrides for every execution', () => {
    const env = environment({ timeoutMs: 5_000 }, [{ address: COUNTER, stateDiff: new Map([[0n, 99n]]) }]);
    expect(simulate(env, call({ to: COUNTER }))).toBe(word(100n));
    expect(simulate(env, call({ to: COUNTER }))).toBe(word(100n));
    expect(env.openState().getState(COUNTER, 0n)).toBe(99n);
    expect(environment().openState().getState(COUNTER, 0n)).toBe(41n);
  });

  it('answers an estimate and an access list as JSON-ready values', async () => {
    const gas = BigInt((await simulate(environment(), estimate({ from: SENDER, to: COUNTER }))) as string);
    expect(gas).toBeGreaterThan(21_000n);
    expect(gas).toBeLessThan(30_000n);
    expect(await simulate(environment(), accessList({ from: SENDER, to: COUNTER }))).toEqual({
      accessList: [{ address: bytesToHex(COUNTER), storageKeys: [word(0n)] }],
      gasUsed: expect.stringMatching(/^0x[0-9a-f]+$/),
    });
    expect(await simulate(environment(), accessList({ from: SENDER, to: REVERTER }))).toMatchObject({
      accessList: [],
      error: 'execution reverted',
    });
  });

  it('abandons any kind of simulation at the end of its slice', async () => {
    const sliced = environment({ timeoutMs: 5_000, sliceMs: 10 });
    const long = { from: SENDER, to: COUNTDOWN, input: turns(2_000_000n) };
    expect(await failure(() => simulate(sliced, call(long, 100_000_000n)))).toBeInstanceOf(TimeSliceExceededError);
    expect(await failure(() => simulate(sliced, estimate({ ...long, input: turns(1_000_000n) })))).toBeInstanceOf(
      TimeSliceExceededError,
    );
    expect(await failure(() => simulate(sliced, accessList(long, 50_000_000n)))).toBeInstanceOf(TimeSliceExceededError);
  });

  it('hands a long precompile to the worker without running it first', async () => {
    // blake2f with 3M rounds (~0.2 s here): rounds, h, m, t, final flag.
    const input = new Uint8Array(213);
    new DataView(input.buffer).setUint32(0, 3_000_000);
    input[212] = 1;
    const blake = { to: hexToBytes('0x0000000000000000000000000000000000000009'), input };
    const started = performance.now();
    const error = await failure(() => simulate(environment({ timeoutMs: 5_000, sliceMs: 30 }), call(blake, 10_000_000n)));
    expect(error).toBeInstanceOf(TimeSliceExceededError);
    expect(performance.now() - started).toBeLessThan(100);
    // Without a slice it runs (to the same result every time).
    const output = simulate(environment(), call(blake, 10_000_000n)) as string;
    expect(output).toMatch(/^0x[0-9a-f]{128}$/);
  });

  it("counts eth_call's timeout from startedAt; an estimate's executions each from their own start", async () => {
    const late = environment({ timeoutMs: 1_000, startedAt: performance.now() - 5_000 });
    expect(await failure(() => simulate(late, call({ to: COUNTER })))).toBeInstanceOf(ExecutionTimeoutError);
    // The same environment runs an estimate (several executions) without timing out.
    expect(await simulate(late, estimate({ from: SENDER, to: COUNTER }))).toMatch(/^0x[0-9a-f]+$/);
  });
});
