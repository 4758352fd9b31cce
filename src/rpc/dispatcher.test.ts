import { describe, expect, it } from 'vitest';
import { SILENT_LOG } from '../core/chain/testChain.js';
import { RpcDispatcher, UNKNOWN_METHOD_LABEL, type DispatcherOptions } from './dispatcher.js';
import { serverError } from './jsonrpc.js';
import { decodeQuantity, method, param } from './params.js';
import { RpcRegistry } from './registry.js';

const registry = new RpcRegistry([
  {
    namespace: 'test',
    methods: {
      test_echo: method([param('value', decodeQuantity)], (v) => `0x${v.toString(16)}`),
      test_fail: method([], () => {
        throw serverError('nonce too low', '0x01');
      }),
      test_bug: method([], () => (undefined as unknown as { x: number }).x),
      test_big: method([], () => 'x'.repeat(100)),
      test_async: method([], async () => 'later'),
      test_bigint: method([], () => 1n),
      test_nothing: method([], () => undefined),
      test_wait: method([param('ms', decodeQuantity)], (ms) => new Promise((resolve) => setTimeout(() => resolve('done'), Number(ms)))),
    },
  },
  { namespace: 'admin', methods: { admin_secret: method([], () => 'secret') } },
]);

function dispatcher(options: Partial<DispatcherOptions> = {}): RpcDispatcher {
  return new RpcDispatcher(registry, {
    apis: ['test'],
    batchItemLimit: 1000,
    batchResponseMaxSize: 25_000_000,
    log: SILENT_LOG,
    ...options,
  });
}

async function handle(body: unknown, options?: Partial<DispatcherOptions>): Promise<unknown> {
  const text = await dispatcher(options).handle(typeof body === 'string' ? body : JSON.stringify(body));
  return text === undefined ? undefined : JSON.parse(text);
}

const call = (id: unknown, methodName: string, params?: unknown): object => ({ jsonrpc: '2.0', id, method: methodName, params });

describe('single requests', () => {
  it('answers with the result and the same id', async () => {
    expect(await handle(call(7, 'test_echo', ['0x10']))).toEqual({ jsonrpc: '2.0', id: 7, result: '0x10' });
    expect(await handle(call('abc', 'test_async', []))).toEqual({ jsonrpc: '2.0', id: 'abc', result: 'later' });
    expect(await handle(call(null, 'test_nothing'))).toEqual({ jsonrpc: '2.0', id: null, result: null });
  });

  it('parse error -32700 for malformed JSON', async () => {
    expect(await handle('{"jsonrpc":"2.0",')).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
  });

  it('invalid request -32600 for what is not a request', async () => {
    const invalid = async (body: unknown): Promise<{ id: unknown; error: { code: number; message: string } }> =>
      (await handle(body)) as { id: unknown; error: { code: number; message: string } };
    expect((await invalid(42)).error.code).toBe(-32600);
    expect((await invalid({ jsonrpc: '1.0', id: 1, method: 'test_echo' })).error).toEqual({
      code: -32600,
      message: 'invalid request: jsonrpc must be "2.0"',
    });
    expect((await invalid({ jsonrpc: '2.0', id: 1 })).id).toBe(1);
    expect((await invalid({ jsonrpc: '2.0', id: 1 })).error.message).toMatch(/method must be a non-empty string/);
    expect((await invalid({ jsonrpc: '2.0', id: { a: 1 }, method: 'test_echo' })).id).toBeNull();
  });

  it('method not found -32601, also for a namespace the transport does not serve', async () => {
    expect(await handle(call(1, 'test_missing'))).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32601, message: 'the method test_missing does not exist/is not available' },
    });
    expect(((await handle(call(1, 'admin_secret'))) as { error: { code: number } }).error.code).toBe(-32601);
    expect(await handle(call(1, 'admin_secret'), { apis: ['test', 'admin'] })).toMatchObject({ result: 'secret' });
  });

  it('invalid params -32602 for non-array params and bad values', async () => {
    expect(await handle(call(1, 'test_echo', { value: '0x1' }))).toMatchObject({ error: { code: -32602, message: 'non-array args' } });
    expect(await handle(call(1, 'test_echo', ['0x01']))).toMatchObject({
      error: { code: -32602, message: 'invalid argument 0 (value): hex number with leading zero digits' },
    });
    expect(await handle(call(1, 'test_echo'))).toMatchObject({ error: { code: -32602 } });
  });

  it("a method's error keeps its code, message and data; a bug is an internal error", async () => {
    expect(await handle(call(1, 'test_fail'))).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32000, message: 'nonce too low', data: '0x01' },
    });
    expect(await handle(call(2, 'test_bug'))).toEqual({ jsonrpc: '2.0', id: 2, error: { code: -32603, message: 'internal error' } });
    expect(await handle(call(3, 'test_bigint'))).toMatchObject({ id: 3, error: { code: -32603 } });
  });

  it('notifications run but get no answer, even when they fail', async () => {
    expect(await handle({ jsonrpc: '2.0', method: 'test_echo', params: ['0x1'] })).toBeUndefined();
    expect(await handle({ jsonrpc: '2.0', method: 'test_missing' })).toBeUndefined();
  });

  it('rpc_modules lists the namespaces this transport serves', async () => {
    expect(await handle(call(1, 'rpc_modules'))).toMatchObject({ result: { test: '1.0', rpc: '1.0' } });
    expect(await handle(call(1, 'rpc_modules'), { apis: ['test', 'admin', 'eth'] })).toMatchObject({
      result: { admin: '1.0', test: '1.0', rpc: '1.0' },
    });
  });

  it('reports each call with a bounded method label', async () => {
    const seen: [string, boolean][] = [];
    const d = dispatcher({ recordCall: (m, ok) => seen.push([m, ok]) });
    await d.handle(JSON.stringify(call(1, 'test_echo', ['0x1'])));
    await d.handle(JSON.stringify(call(2, 'test_fail')));
    await d.handle(JSON.stringify(call(3, 'no_such_method_12345')));
    expect(seen).toEqual([
      ['test_echo', true],
      ['test_fail', false],
      [UNKNOWN_METHOD_LABEL, false],
    ]);
  });
});

describe('batches', () => {
  it('answers each call in order, good and bad alike, skipping notifications', async () => {
    const reply = await handle([
      call(1, 'test_echo', ['0x1']),
      { jsonrpc: '2.0', method: 'test_echo', params: ['0x2'] },
      call(2, 'test_missing'),
      call(3, 'test_echo', ['bad']),
      17,
      call(4, 'test_fail'),
    ]);
    expect(reply).toEqual([
      { jsonrpc: '2.0', id: 1, result: '0x1' },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'the method test_missing does not exist/is not available' } },
      { jsonrpc: '2.0', id: 3, error: { code: -32602, message: 'invalid argument 0 (value): hex string without 0x prefix' } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'invalid request: not a JSON-RPC request object' } },
      { jsonrpc: '2.0', id: 4, error: { code: -32000, message: 'nonce too low', data: '0x01' } },
    ]);
  });

  it('an empty batch is one invalid request error', async () => {
    expect(await handle([])).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'empty batch' } });
  });

  it('a batch of notifications gets no answer', async () => {
    expect(await handle([{ jsonrpc: '2.0', method: 'test_echo', params: ['0x1'] }])).toBeUndefined();
  });

  it('a batch over the item limit gets a single "batch too large" under its first call id', async () => {
    const batch = [{ jsonrpc: '2.0', method: 'test_echo' }, call(9, 'test_echo', ['0x1']), call(10, 'test_echo', ['0x1'])];
    expect(await handle(batch, { batchItemLimit: 2 })).toEqual([
      { jsonrpc: '2.0', id: 9, error: { code: -32600, message: 'batch too large (3 > 2 requests)' } },
    ]);
    expect(await handle(batch, { batchItemLimit: 3 })).toHaveLength(2);
  });

  it('once the responses pass the size limit, the remaining calls get "response too large"', async () => {
    const reply = (await handle([call(1, 'test_big'), call(2, 'test_big'), call(3, 'test_big'), call(4, 'test_echo', ['0x1'])], {
      batchResponseMaxSize: 150,
    })) as { id: number; result?: unknown; error?: { code: number; message: string } }[];
    expect(reply.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(reply[0]!.result).toBeDefined();
    expect(reply[1]!.result).toBeDefined();
    expect(reply[2]!.error).toEqual({ code: -32003, message: 'response too large' });
    expect(reply[3]!.error).toEqual({ code: -32003, message: 'response too large' });
  });
});

describe('request timeout', () => {
  it('a call still running when the time is up is answered "request timed out" (-32002)', async () => {
    const started = performance.now();
    expect(await handle(call(5, 'test_wait', ['0x7d0']), { requestTimeout: 50 })).toEqual({
      jsonrpc: '2.0',
      id: 5,
      error: { code: -32002, message: 'request timed out' },
    });
    expect(performance.now() - started).toBeLessThan(1_000);
    // A notification gets no answer, timed out or not.
    expect(await handle({ jsonrpc: '2.0', method: 'test_wait', params: ['0x7d0'] }, { requestTimeout: 50 })).toBeUndefined();
  });

  it('in a batch, the calls done in time keep their answers and the rest time out', async () => {
    const reply = await handle(
      [
        call(1, 'test_echo', ['0x1']),
        call(2, 'test_wait', ['0x7d0']),
        { jsonrpc: '2.0', method: 'test_echo', params: ['0x2'] },
        call(3, 'test_echo', ['0x3']),
      ],
      { requestTimeout: 50 },
    );
    expect(reply).toEqual([
      { jsonrpc: '2.0', id: 1, result: '0x1' },
      { jsonrpc: '2.0', id: 2, error: { code: -32002, message: 'request timed out' } },
      { jsonrpc: '2.0', id: 3, error: { code: -32002, message: 'request timed out' } },
    ]);
  });

  it('without a timeout, or within it, calls are waited for', async () => {
    expect(await handle(call(1, 'test_wait', ['0x32']))).toEqual({ jsonrpc: '2.0', id: 1, result: 'done' });
    expect(await handle([call(1, 'test_wait', ['0x1']), call(2, 'test_echo', ['0x2'])], { requestTimeout: 2_000 })).toEqual([
      { jsonrpc: '2.0', id: 1, result: 'done' },
      { jsonrpc: '2.0', id: 2, result: '0x2' },
    ]);
  });
});

describe('calls answered within the turn and later', () => {
  const spin = (ms: number): void => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  let finished = false;
  const local = new RpcRegistry([
    {
      namespace: 'test',
      methods: {
        test_spin: method([], () => {
          spin(80);
          return 'spun';
        }),
        test_rejects: method([], async () => {
          await new Promise((r) => setTimeout(r, 1));
          throw serverError('nope', '0x02');
        }),
        test_mark: method([], async () => {
          await new Promise((r) => setTimeout(r, 20));
          finished = true;
          return null;
        }),
      },
    },
  ]);
  const d = new RpcDispatcher(local, { apis: ['test'], batchItemLimit: 0, batchResponseMaxSize: 0, requestTimeout: 20, log: SILENT_LOG });
  const answer = async (body: object): Promise<unknown> => {
    const text = await d.handle(JSON.stringify(body));
    return text === undefined ? undefined : JSON.parse(text);
  };

  it('a call that answers at once keeps its answer past the request timeout: nothing could have cut it short', async () => {
    expect(await answer(call(1, 'test_spin'))).toEqual({ jsonrpc: '2.0', id: 1, result: 'spun' });
  });

  it('a call that fails later is answered as one failing at once', async () => {
    expect(await answer(call(2, 'test_rejects'))).toEqual({ jsonrpc: '2.0', id: 2, error: { code: -32000, message: 'nope', data: '0x02' } });
  });

  it("a notification's call has run to its end when the message is handled", async () => {
    finished = false;
    const relaxed = new RpcDispatcher(local, { apis: ['test'], batchItemLimit: 0, batchResponseMaxSize: 0, log: SILENT_LOG });
    expect(await relaxed.handle(JSON.stringify({ jsonrpc: '2.0', method: 'test_mark' }))).toBeUndefined();
    expect(finished).toBe(true);
  });
});

describe('registry', () => {
  it('refuses methods outside their namespace, duplicates and reserved namespaces', () => {
    const noop = method([], () => null);
    expect(() => new RpcRegistry([{ namespace: 'eth', methods: { net_version: noop } }])).toThrow(/not in namespace eth/);
    expect(() => new RpcRegistry([{ namespace: 'eth', methods: { eth_: noop } }])).toThrow(/not in namespace/);
    expect(() => new RpcRegistry([{ namespace: 'rpc', methods: { rpc_x: noop } }])).toThrow(/invalid namespace/);
    expect(
      () =>
        new RpcRegistry([
          { namespace: 'eth', methods: { eth_a: noop } },
          { namespace: 'eth', methods: { eth_a: noop } },
        ]),
    ).toThrow(/registered twice/);
  });
});
