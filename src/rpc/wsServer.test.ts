import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { SILENT_LOG } from '../core/chain/testChain.js';
import { method } from './params.js';
import { RpcRegistry } from './registry.js';
import { WsRpcServer, type WsServerOptions } from './wsServer.js';

const registry = new RpcRegistry([
  {
    namespace: 'test',
    methods: {
      test_ping: method([], () => 'pong'),
      test_slow: method([], () => new Promise((resolve) => setTimeout(() => resolve('slow'), 100))),
    },
  },
  { namespace: 'admin', methods: { admin_peers: method([], () => []) } },
]);

let server: WsRpcServer | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await server?.stop();
  server = undefined;
});

async function start(options: Partial<WsServerOptions> = {}): Promise<string> {
  server = new WsRpcServer(registry, { port: 0, apis: ['test'], log: SILENT_LOG, ...options });
  await server.start();
  return server.endpoint()!;
}

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    sockets.push(ws);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The next `count` messages, parsed. */
function receive(ws: WebSocket, count = 1): Promise<unknown[]> {
  return new Promise((resolve) => {
    const got: unknown[] = [];
    const onMessage = (data: Buffer): void => {
      got.push(JSON.parse(data.toString()));
      if (got.length === count) {
        ws.off('message', onMessage);
        resolve(got);
      }
    };
    ws.on('message', onMessage);
  });
}

const call = (id: number, name: string): string => JSON.stringify({ jsonrpc: '2.0', id, method: name, params: [] });

describe('WebSocket transport', () => {
  it('reports its endpoint and answers calls and batches', async () => {
    const url = await start();
    expect(url).toBe(`ws://127.0.0.1:${server!.address.port}`);
    const ws = await connect(url);
    const reply = receive(ws);
    ws.send(call(1, 'test_ping'));
    expect(await reply).toEqual([{ jsonrpc: '2.0', id: 1, result: 'pong' }]);
    const batch = receive(ws);
    ws.send(`[${call(2, 'test_ping')},${call(3, 'admin_peers')}]`);
    expect(await batch).toEqual([
      [
        { jsonrpc: '2.0', id: 2, result: 'pong' },
        { jsonrpc: '2.0', id: 3, error: { code: -32601, message: 'the method admin_peers does not exist/is not available' } },
      ],
    ]);
  });

  it('handles messages concurrently: a quick call is not held up by a slow one', async () => {
    const ws = await connect(await start());
    const replies = receive(ws, 2);
    ws.send(call(1, 'test_slow'));
    ws.send(call(2, 'test_ping'));
    expect(((await replies) as { id: number }[]).map((r) => r.id)).toEqual([2, 1]);
  });

  it('sends nothing back for notifications, and a parse error for garbage', async () => {
    const ws = await connect(await start());
    const reply = receive(ws);
    ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'test_ping' }));
    ws.send('{not json');
    expect(await reply).toEqual([{ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }]);
  });

  it('refuses handshakes from origins not allowed', async () => {
    const url = await start({ origins: ['https://app.example'] });
    await expect(connect(url, { Origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await connect(url, { Origin: 'https://app.example' });
    // Software that is not a browser sends no Origin.
    await connect(url);
  });

  it('closes the connection on a message over the size limit', async () => {
    const ws = await connect(await start({ maxMessageSize: 1024 }));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'test_ping', params: ['x'.repeat(2000)] }));
    expect(await closed).toBe(1009);
  });

  it('drops connections that stop answering pings', async () => {
    const url = await start({ pingInterval: 50 });
    const ws = await connect(url);
    // Stop the client's automatic pong by pausing its socket.
    ws.pause();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(server!.connectionCount).toBe(0);
  });

  it('stop() closes every connection and the listener', async () => {
    const url = await start();
    const ws = await connect(url);
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    await server!.stop();
    await closed;
    expect(server!.endpoint()).toBeUndefined();
    await expect(connect(url)).rejects.toThrow();
  });
});
