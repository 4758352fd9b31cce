// The debug namespace over HTTP on the fixture chain: raw encodings, struct logs checked against hand-computed
// gas, the call tracer on a nested revert and on logs, block traces, setHead, and that debug needs --http.api.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../src/common/bytes.js';
import { asm } from '../../src/core/vm/testEvm.js';
import { decodeBlock } from '../../src/core/types/block.js';
import { decodeHeader } from '../../src/core/types/header.js';
import { decodeReceipt } from '../../src/core/types/receipt.js';
import { decodeTransaction } from '../../src/core/types/transaction.js';
import type { HttpRpcServer } from '../../src/rpc/httpServer.js';
import {
  buildFixture,
  COUNTER,
  COUNTER_TOPIC,
  errorStringData,
  LOOP,
  PROBE,
  REVERT_REASON,
  rpc,
  rpcResult,
  startHttp,
  type RpcFixture,
} from './rpcFixture.js';

const TINY = '0x' + '00'.repeat(19) + 'aa';
const NESTED = '0x' + '00'.repeat(19) + 'bb';
const ZERO = '0x' + '00'.repeat(20);
const word = (n: bigint): string => n.toString(16).padStart(64, '0');

let fixture: RpcFixture;
let server: HttpRpcServer;
let url: string;

beforeAll(async () => {
  fixture = await buildFixture();
  ({ server, url } = await startHttp(fixture, { http: { apis: ['eth', 'debug'] } }));
});

afterAll(async () => {
  await server.stop();
});

describe('raw encodings', () => {
  it('decode back to the stored header, block, receipts and transaction', async () => {
    const block = fixture.blocks[1]!;
    const header = decodeHeader(hexToBytes((await rpcResult(url, 'debug_getRawHeader', ['0x2'])) as string));
    expect(bytesToHex(header.hash)).toBe(bytesToHex(block.hash));
    const byHash = (await rpcResult(url, 'debug_getRawBlock', [bytesToHex(block.hash)])) as string;
    const decoded = decodeBlock(hexToBytes(byHash));
    expect(bytesToHex(decoded.hash)).toBe(bytesToHex(block.hash));
    expect(decoded.transactions.map((t) => bytesToHex(t.hash))).toEqual(block.transactions.map((t) => bytesToHex(t.hash)));
    const receipts = (await rpcResult(url, 'debug_getRawReceipts', ['latest'])) as string[];
    expect(receipts).toEqual([]);
    const raw = (await rpcResult(url, 'debug_getRawReceipts', ['0x2'])) as string[];
    const stored = fixture.chain.getReceipts(block.hash)!;
    expect(raw.map((r) => decodeReceipt(hexToBytes(r)))).toEqual(stored);
    const tx = (await rpcResult(url, 'debug_getRawTransaction', [bytesToHex(fixture.txs.blob.hash)])) as string;
    expect(bytesToHex(decodeTransaction(hexToBytes(tx)).hash)).toBe(bytesToHex(fixture.txs.blob.hash));
  });

  it('answer missing blocks with errors and a missing transaction with null', async () => {
    expect((await rpc(url, 'debug_getRawHeader', ['0x99'])).error?.message).toBe('header #153 not found');
    expect((await rpc(url, 'debug_getRawBlock', ['0x' + '12'.repeat(32)])).error?.message).toBe(
      `block 0x${'12'.repeat(32)} not found`,
    );
    expect((await rpc(url, 'debug_getRawReceipts', ['0x99'])).error?.message).toBe('block #153 not found');
    expect(await rpcResult(url, 'debug_getRawTransaction', ['0x' + '12'.repeat(32)])).toBeNull();
    expect((await rpc(url, 'debug_getRawHeader', ['0x1x'])).error?.code).toBe(-32602);
  });
});

describe('struct logger', () => {
  it('logs each instruction of a tiny contract with hand-computed gas', async () => {
    // 2 + 3, stored in memory and returned.
    const code = bytesToHex(asm('PUSH1 2 PUSH1 3 ADD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN'));
    const result = (await rpcResult(url, 'debug_traceCall', [
      { to: TINY, gas: '0x186a0' },
      'latest',
      { stateOverrides: { [TINY]: { code } }, enableMemory: true },
    ])) as { gas: number; failed: boolean; returnValue: string; structLogs: Record<string, unknown>[] };
    // 100000 - 21000 intrinsic; MSTORE pays 3 plus one word of memory (3).
    const steps = [
      [0, 'PUSH1', 79000, 3, []],
      [2, 'PUSH1', 78997, 3, ['0x2']],
      [4, 'ADD', 78994, 3, ['0x2', '0x3']],
      [5, 'PUSH1', 78991, 3, ['0x5']],
      [7, 'MSTORE', 78988, 6, ['0x5', '0x0']],
      [8, 'PUSH1', 78982, 3, []],
      [10, 'PUSH1', 78979, 3, ['0x20']],
      [12, 'RETURN', 78976, 0, ['0x20', '0x0']],
    ] as const;
    expect(result.structLogs.map((l) => [l.pc, l.op, l.gas, l.gasCost, l.stack])).toEqual(steps);
    expect(result.structLogs.every((l) => l.depth === 1 && l.storage === undefined && l.error === undefined)).toBe(true);
    expect(result.structLogs[4]!.memory).toEqual([]);
    expect(result.structLogs[5]!.memory).toEqual([word(5n)]);
    expect(result).toMatchObject({ gas: 21024, failed: false, returnValue: '0x' + word(5n) });
  });

  it('replays the block before the traced transaction and shows the storage it touches', async () => {
    // COUNTER's slot 0 starts at 42; the block's first transaction makes it 43, so its third sees 43 -> 44.
    const trace = (await rpcResult(url, 'debug_traceTransaction', [bytesToHex(fixture.txs.dynamic2.hash)])) as {
      failed: boolean;
      structLogs: { op: string; storage?: Record<string, string> }[];
    };
    const storageSteps = trace.structLogs.filter((l) => l.storage !== undefined);
    expect(storageSteps.map((l) => l.op)).toEqual(['SLOAD', 'SSTORE']);
    expect(storageSteps[0]!.storage).toEqual({ [word(0n)]: word(43n) });
    expect(storageSteps[1]!.storage).toEqual({ [word(0n)]: word(44n) });
    expect(trace.failed).toBe(false);
    const bare = (await rpcResult(url, 'debug_traceTransaction', [
      bytesToHex(fixture.txs.dynamic2.hash),
      { disableStorage: true, disableStack: true },
    ])) as { structLogs: Record<string, unknown>[] };
    expect(bare.structLogs.some((l) => 'storage' in l || 'stack' in l)).toBe(false);
  });

  it('marks the failing instruction and the failure', async () => {
    const trace = (await rpcResult(url, 'debug_traceCall', [
      { to: TINY, gas: '0x5208' },
      'latest',
      { stateOverrides: { [TINY]: { code: '0x01' } } },
    ])) as { failed: boolean; structLogs: { op: string; error?: string }[]; returnValue: string };
    expect(trace.failed).toBe(true);
    expect(trace.structLogs).toHaveLength(1);
    expect(trace.structLogs[0]).toMatchObject({ op: 'ADD', error: 'stack underflow (0 <=> 2)' });
  });
});

describe('call tracer', () => {
  it('nests a call that reverts with a reason', async () => {
    const code = bytesToHex(asm(`PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH20 ${bytesToHex(REVERT_REASON)} GAS CALL POP STOP`));
    const frame = (await rpcResult(url, 'debug_traceCall', [
      { to: NESTED, gas: '0x30d40', input: '0x1234' },
      'latest',
      { tracer: 'callTracer', stateOverrides: { [NESTED]: { code } } },
    ])) as Record<string, unknown> & { calls: Record<string, unknown>[] };
    expect(frame).toMatchObject({ type: 'CALL', from: ZERO, to: NESTED, gas: '0x30d40', input: '0x1234', output: '0x', value: '0x0' });
    expect(frame.error).toBeUndefined();
    expect(frame.calls).toHaveLength(1);
    expect(frame.calls[0]).toMatchObject({
      type: 'CALL',
      from: NESTED,
      to: bytesToHex(REVERT_REASON),
      input: '0x',
      value: '0x0',
      error: 'execution reverted',
      revertReason: 'not allowed',
      output: bytesToHex(errorStringData('not allowed')),
    });
    const used = BigInt(frame.gasUsed as string);
    expect(used > 21000n && used < 200000n).toBe(true);

    const top = (await rpcResult(url, 'debug_traceCall', [
      { to: NESTED, gas: '0x30d40' },
      'latest',
      { tracer: 'callTracer', tracerConfig: { onlyTopCall: true }, stateOverrides: { [NESTED]: { code } } },
    ])) as Record<string, unknown>;
    expect(top.calls).toBeUndefined();
  });

  it('reports the logs of a delegated call on the calling account with withLog', async () => {
    const frame = (await rpcResult(url, 'debug_traceCall', [
      { to: bytesToHex(PROBE), gas: '0x30d40' },
      'latest',
      { tracer: 'callTracer', tracerConfig: { withLog: true } },
    ])) as { logs?: unknown; calls: { type: string; logs: unknown[] }[] };
    expect(frame.logs).toBeUndefined();
    expect(frame.calls[0]!.type).toBe('DELEGATECALL');
    expect(frame.calls[0]!.logs).toEqual([
      { address: bytesToHex(PROBE), topics: [bytesToHex(COUNTER_TOPIC)], data: '0x' + word(1n), position: '0x0' },
    ]);
  });

  it('rejects an unknown tracer and a bad timeout clearly', async () => {
    const unknown = await rpc(url, 'debug_traceTransaction', [bytesToHex(fixture.txs.dynamic.hash), { tracer: 'fooTracer' }]);
    expect(unknown.error?.code).toBe(-32602);
    expect(unknown.error?.message).toContain('tracer "fooTracer" not found');
    const timeout = await rpc(url, 'debug_traceTransaction', [bytesToHex(fixture.txs.dynamic.hash), { timeout: '5 s' }]);
    expect(timeout.error?.message).toContain('invalid duration "5 s"');
  });

  it('stops at its timeout and reports a message the state rejects', async () => {
    const loop = await rpc(url, 'debug_traceCall', [{ to: bytesToHex(LOOP), gas: '0x2faf080' }, 'latest', { timeout: '100ms' }]);
    expect(loop.error?.message).toBe('execution aborted (timeout = 100ms)');
    const poor = await rpc(url, 'debug_traceCall', [{ from: NESTED, to: TINY, value: '0x1' }, 'latest']);
    expect(poor.error?.message).toMatch(/^tracing failed: insufficient funds/);
    const noBlock = await rpc(url, 'debug_traceCall', [{ to: TINY }]);
    expect(noBlock.error).toMatchObject({ code: -32602, message: 'missing value for required argument 1 (block)' });
    expect((await rpc(url, 'debug_setHead', ['latest'])).error?.code).toBe(-32602);
  });
});

describe('traces of transactions and blocks', () => {
  it('answers an unknown transaction as geth does', async () => {
    const hash = '0x' + 'ab'.repeat(32);
    expect((await rpc(url, 'debug_traceTransaction', [hash])).error?.message).toBe(`transaction ${hash} not found`);
  });

  it('traces every transaction of a block, by number and by hash alike', async () => {
    const block = fixture.blocks[1]!;
    const byNumber = (await rpcResult(url, 'debug_traceBlockByNumber', ['0x2', { tracer: 'callTracer' }])) as {
      txHash: string;
      result: { to: string; type: string };
    }[];
    expect(byNumber.map((r) => r.txHash)).toEqual(block.transactions.map((t) => bytesToHex(t.hash)));
    expect(byNumber.map((r) => r.result.to)).toEqual(block.transactions.map((t) => bytesToHex(t.to!)));
    expect(byNumber[0]!.result.to).toBe(bytesToHex(COUNTER));
    const byHash = await rpcResult(url, 'debug_traceBlockByHash', [bytesToHex(block.hash), { tracer: 'callTracer' }]);
    expect(byHash).toEqual(byNumber);
    expect(await rpcResult(url, 'debug_traceBlockByNumber', ['latest'])).toEqual([]);
    expect((await rpc(url, 'debug_traceBlockByNumber', ['0x0'])).error?.message).toBe('genesis is not traceable');
    expect((await rpc(url, 'debug_traceBlockByNumber', ['0x63'])).error?.message).toBe('block #99 not found');
  });
});

describe('namespace', () => {
  it('is off unless the transport lists it', async () => {
    const other = await startHttp(fixture);
    try {
      expect((await rpc(other.url, 'debug_getRawHeader', ['0x1'])).error?.code).toBe(-32601);
    } finally {
      await other.server.stop();
    }
  });

  it('rewinds the head with debug_setHead (last: it changes the chain)', async () => {
    expect(await rpcResult(url, 'eth_blockNumber')).toBe('0x3');
    expect(await rpcResult(url, 'debug_setHead', ['0x1'])).toBeNull();
    expect(await rpcResult(url, 'eth_blockNumber')).toBe('0x1');
    expect((await rpc(url, 'debug_setHead', ['0x5'])).error?.message).toBe('cannot set head to 5: the head is at 1');
  });
});
