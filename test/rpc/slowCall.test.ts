// A slow call never blocks others: an eth_call, eth_estimateGas or eth_createAccessList that runs long moves off
// the main thread after a short slice (src/rpc/simulationRunner.ts), so quick requests sent meanwhile are answered
// at once; the slow one still gets the answer it always got (the result, or the timeout with its duration).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, toQuantity } from '../../src/common/bytes.js';
import { TEST_ADDRESSES } from '../../src/core/chain/testChain.js';
import { asm } from '../../src/core/vm/testEvm.js';
import type { HttpRpcServer } from '../../src/rpc/httpServer.js';
import { buildFixture, LOOP, rpc, startHttp, type RpcFixture, type RpcReply } from './rpcFixture.js';

const EVM_TIMEOUT = 2_000;
/** Each quick call sent while a slow one runs must be answered within this. */
const QUICK_MS = 200;

let fixture: RpcFixture;
let server: HttpRpcServer;
let url: string;

beforeAll(async () => {
  fixture = await buildFixture();
  ({ server, url } = await startHttp(fixture, { api: { evmTimeoutMs: EVM_TIMEOUT, gasCap: 0n } }));
});

afterAll(async () => {
  await server.stop();
});

const hex = bytesToHex;
const word = (n: bigint): string => hex(bigintToFixedBytes(n, 32));
const SENDER = hex(TEST_ADDRESSES[0]!);
const NOBODY = '0x' + '99'.repeat(20);
/** Loops as many times as its first calldata word says, then returns 42 (26 gas a turn). */
const COUNTDOWN = hex(
  asm('PUSH1 0 CALLDATALOAD JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH1 3 JUMPI PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN'),
);
const COUNTDOWN_AT_NOBODY = { [NOBODY]: { code: COUNTDOWN } };
/** 4M instructions: far past the slice, well inside the timeout. */
const LONG = word(600_000n);

interface Quick {
  /** How long each eth_blockNumber took. */
  times: number[];
  /** How many were answered before the slow call was. */
  beforeSlow: number;
}

/**
 * Sends `slow`, then eth_blockNumber after eth_blockNumber (one at a time, `count` of them or until the slow one is
 * answered, at least 5); returns the slow call's reply, how long it took, and the quick calls' figures.
 */
async function slowBeside(slow: () => Promise<RpcReply>, count = 50): Promise<{ reply: RpcReply; slowMs: number; quick: Quick }> {
  let slowDone = false;
  const started = performance.now();
  const pending = slow().then((reply) => {
    slowDone = true;
    return { reply, slowMs: performance.now() - started };
  });
  const quick: Quick = { times: [], beforeSlow: 0 };
  while (quick.times.length < count && (!slowDone || quick.times.length < 5)) {
    const t = performance.now();
    expect(await rpc(url, 'eth_blockNumber')).toMatchObject({ result: '0x3' });
    quick.times.push(performance.now() - t);
    if (!slowDone) quick.beforeSlow++;
  }
  return { ...(await pending), quick };
}

describe('a slow call next to quick ones', () => {
  it('an endless eth_call: 50 eth_blockNumber answered meanwhile, each at once; the call times out as before', async () => {
    const { reply, slowMs, quick } = await slowBeside(() => rpc(url, 'eth_call', [{ to: hex(LOOP), gas: '0xffffffffffff' }]));
    expect(reply.error).toEqual({ code: -32000, message: 'execution aborted (timeout = 2s)' });
    expect(slowMs).toBeGreaterThanOrEqual(EVM_TIMEOUT - 10);
    expect(slowMs).toBeLessThan(EVM_TIMEOUT + 4_000);
    expect(quick.times).toHaveLength(50);
    expect(quick.beforeSlow).toBe(50);
    expect(Math.max(...quick.times)).toBeLessThan(QUICK_MS);
  });

  it('a long eth_call that finishes gives its result, the quick calls still served at once', async () => {
    const { reply, quick } = await slowBeside(() => rpc(url, 'eth_call', [{ to: NOBODY, input: LONG }, 'latest', COUNTDOWN_AT_NOBODY]));
    expect(reply.result).toBe(word(42n));
    expect(quick.beforeSlow).toBeGreaterThan(0);
    expect(Math.max(...quick.times)).toBeLessThan(QUICK_MS);
  });

  it('eth_estimateGas of a long loop runs off the main thread too, and its estimate holds', async () => {
    const args = { from: SENDER, to: NOBODY, input: LONG };
    const { reply, quick } = await slowBeside(() => rpc(url, 'eth_estimateGas', [args, 'latest', COUNTDOWN_AT_NOBODY]));
    expect(Math.max(...quick.times)).toBeLessThan(QUICK_MS);
    const estimate = BigInt(reply.result as string);
    expect(estimate).toBeGreaterThan(600_000n * 26n);
    const callWith = (gas: bigint) => rpc(url, 'eth_call', [{ ...args, gas: toQuantity(gas) }, 'latest', COUNTDOWN_AT_NOBODY]);
    expect(await callWith(estimate)).toMatchObject({ result: word(42n) });
    expect(await callWith((estimate * 97n) / 100n)).toMatchObject({ error: { code: -32000, message: 'out of gas' } });
  });

  it('eth_createAccessList of a long call too (its tracer watches every instruction)', async () => {
    const gas = 3_000_000n;
    const { reply, quick } = await slowBeside(() =>
      rpc(url, 'eth_createAccessList', [{ from: SENDER, to: hex(LOOP), gas: toQuantity(gas) }]),
    );
    expect(Math.max(...quick.times)).toBeLessThan(QUICK_MS);
    expect(quick.beforeSlow).toBeGreaterThan(0);
    expect(reply.result).toEqual({ accessList: [], gasUsed: toQuantity(gas), error: 'out of gas' });
  });
});
