// The API behind both transports, with geth's default limits: batches mixing good and bad calls, the 1000-item
// batch limit, the 5 MiB body limit, namespaces per transport, and the same answers over WebSocket as over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { bytesToHex } from '../../src/common/bytes.js';
import { buildFixture, COUNTER, REVERT_REASON, rpc, startHttp, startWs, type RpcFixture } from './rpcFixture.js';

let fixture: RpcFixture;

beforeAll(async () => {
  fixture = await buildFixture();
});

const call = (id: number, method: string, params: unknown[] = []) => ({ jsonrpc: '2.0', id, method, params });

async function post(url: string, body: unknown): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, json: text === '' ? undefined : JSON.parse(text) };
}

describe('HTTP with the default limits', () => {
  let url: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await startHttp(fixture);
    url = started.url;
    stop = () => started.server.stop();
  });

  afterAll(async () => {
    await stop();
  });

  it('answers a batch mixing good and bad calls, each in its place', async () => {
    const { json } = await post(url, [
      call(1, 'eth_blockNumber'),
      call(2, 'eth_getBalance', ['0x12']),
      call(3, 'eth_nope'),
      call(4, 'eth_call', [{ to: bytesToHex(REVERT_REASON) }]),
      { jsonrpc: '2.0', method: 'eth_blockNumber' },
      call(5, 'eth_getBlockByNumber', ['0x63', false]),
    ]);
    const replies = json as { id: number; result?: unknown; error?: { code: number } }[];
    expect(replies.map((r) => [r.id, r.error?.code ?? r.result])).toEqual([
      [1, '0x3'],
      [2, -32602],
      [3, -32601],
      [4, 3],
      [5, null],
    ]);
  });

  it('takes a batch of 1000 and refuses one of 1001', async () => {
    const batch = (n: number) => Array.from({ length: n }, (_, i) => call(i + 1, 'eth_chainId'));
    const ok = (await post(url, batch(1000))).json as unknown[];
    expect(ok).toHaveLength(1000);
    expect(await post(url, batch(1001))).toMatchObject({
      status: 200,
      json: [{ jsonrpc: '2.0', id: 1, error: { code: -32600, message: 'batch too large (1001 > 1000 requests)' } }],
    });
  });

  it('takes a body up to 5 MiB and refuses a larger one with 413', async () => {
    const limit = 5 * 1024 * 1024;
    // A web3_sha3 of zeros, padded with trailing whitespace to exactly `size` bytes.
    const sized = (size: number): string => {
      const head = '{"jsonrpc":"2.0","id":1,"method":"web3_sha3","params":["0x';
      const tail = '"]}';
      let digits = size - head.length - tail.length;
      digits -= digits % 2;
      return `${head}${'0'.repeat(digits)}${tail}`.padEnd(size, ' ');
    };
    const atLimit = sized(limit);
    expect(atLimit.length).toBe(limit);
    const ok = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: atLimit });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { result: string }).result).toMatch(/^0x[0-9a-f]{64}$/);
    const over = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: sized(limit + 1) });
    expect(over.status).toBe(413);
    expect(await over.text()).toBe(`content length too large (${limit + 1}>${limit})\n`);
  });

  it('serves eth, net and web3 by default, nothing else', async () => {
    expect((await rpc(url, 'web3_clientVersion')).result).toBe('tsgeth/v0.0.0-test');
    expect((await rpc(url, 'net_version')).result).toBe('1337');
    expect((await rpc(url, 'admin_nodeInfo')).error).toEqual({
      code: -32601,
      message: 'the method admin_nodeInfo does not exist/is not available',
    });
  });
});

describe('namespaces per transport', () => {
  it('--http.api eth makes web3 and net unreachable over HTTP', async () => {
    const { server, url } = await startHttp(fixture, { http: { apis: ['eth'] } });
    try {
      expect((await rpc(url, 'eth_chainId')).result).toBe('0x539');
      expect((await rpc(url, 'web3_clientVersion')).error?.code).toBe(-32601);
      expect((await rpc(url, 'net_version')).error?.code).toBe(-32601);
      expect((await rpc(url, 'rpc_modules')).result).toEqual({ eth: '1.0', rpc: '1.0' });
    } finally {
      await server.stop();
    }
  });
});

describe('WebSocket', () => {
  let url: string;
  let stop: () => Promise<void>;
  let ws: WebSocket;

  beforeAll(async () => {
    const started = await startWs(fixture, { ws: { apis: ['eth', 'web3'] } });
    url = started.url;
    stop = () => started.server.stop();
    ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
  });

  afterAll(async () => {
    ws.terminate();
    await stop();
  });

  function send(body: unknown): Promise<unknown> {
    return new Promise((resolve) => {
      ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString())));
      ws.send(JSON.stringify(body));
    });
  }

  it('answers the same calls as HTTP does', async () => {
    expect(await send(call(1, 'eth_blockNumber'))).toEqual({ jsonrpc: '2.0', id: 1, result: '0x3' });
    expect(await send(call(2, 'eth_call', [{ to: bytesToHex(COUNTER) }]))).toMatchObject({ id: 2, result: /^0x0+2d$/ });
    expect(await send(call(3, 'eth_call', [{ to: bytesToHex(REVERT_REASON) }]))).toMatchObject({
      id: 3,
      error: { code: 3, message: 'execution reverted: not allowed' },
    });
    const block = (await send(call(4, 'eth_getBlockByNumber', ['0x2', true]))) as { result: { hash: string } };
    expect(block.result.hash).toBe(bytesToHex(fixture.blocks[1]!.hash));
  });

  it('answers batches, and serves only the namespaces --ws.api lists', async () => {
    expect(await send([call(1, 'web3_clientVersion'), call(2, 'net_version')])).toEqual([
      { jsonrpc: '2.0', id: 1, result: 'tsgeth/v0.0.0-test' },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'the method net_version does not exist/is not available' } },
    ]);
  });
});
