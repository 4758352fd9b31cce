import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SILENT_LOG } from '../core/chain/testChain.js';
import { HttpRpcServer, type HttpServerOptions } from './httpServer.js';
import { method } from './params.js';
import { RpcRegistry } from './registry.js';

const registry = new RpcRegistry([
  { namespace: 'test', methods: { test_ping: method([], () => 'pong') } },
  { namespace: 'admin', methods: { admin_peers: method([], () => []) } },
]);

let server: HttpRpcServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(options: Partial<HttpServerOptions> = {}): Promise<string> {
  server = new HttpRpcServer(registry, { port: 0, apis: ['test'], log: SILENT_LOG, ...options });
  await server.start();
  return server.endpoint()!;
}

const PING = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'test_ping', params: [] });

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with exactly the headers given (fetch would add or forbid some, such as Host). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'Content-Type': 'application/json' };

describe('HTTP transport', () => {
  it('binds 127.0.0.1 by default and reports the port it got', async () => {
    const url = await start();
    expect(server!.address.host).toBe('127.0.0.1');
    expect(server!.address.port).toBeGreaterThan(0);
    expect(url).toBe(`http://127.0.0.1:${server!.address.port}`);
    expect(server!.name).toBe('HTTP server');
  });

  it('serves a POST with a JSON body', async () => {
    const url = await start();
    const res = await fetch(url, { method: 'POST', headers: json, body: PING });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: 'pong' });
  });

  it('serves only the configured namespaces', async () => {
    const url = await start();
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'admin_peers', params: [] });
    const res = await fetch(url, { method: 'POST', headers: json, body });
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32601);
  });

  it('answers a notification with an empty 200', async () => {
    const url = await start();
    const res = await fetch(url, { method: 'POST', headers: json, body: JSON.stringify({ jsonrpc: '2.0', method: 'test_ping' }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('refuses other content types (415) and methods (405); a bare GET is a health check', async () => {
    const url = await start();
    const text = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: PING });
    expect(text.status).toBe(415);
    expect(await text.text()).toBe('invalid content type, only application/json is supported\n');
    const charset = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: PING });
    expect(charset.status).toBe(200);
    expect((await fetch(url, { method: 'PUT', headers: json, body: PING })).status).toBe(405);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(`${url}/?x=1`)).status).toBe(405);
  });

  it('refuses a body over the limit with 413, by its declared length or as it streams in', async () => {
    const url = await start({ bodyLimit: 1024 });
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'test_ping', params: ['x'.repeat(2000)] });
    const declared = await raw(url, { headers: { ...json, 'Content-Length': String(big.length) }, body: big });
    expect(declared.status).toBe(413);
    expect(declared.body).toBe(`content length too large (${big.length}>1024)\n`);
    const chunked = await raw(url, { headers: { ...json, 'Transfer-Encoding': 'chunked' }, body: big });
    expect(chunked.status).toBe(413);
    expect(chunked.body).toBe('request body too large (limit 1024 bytes)\n');
    // The server is still there for a proper request.
    expect((await fetch(url, { method: 'POST', headers: json, body: PING })).status).toBe(200);
  });

  it('checks the Host header against the virtual hosts', async () => {
    const url = await start();
    const forbidden = await raw(url, { headers: { ...json, Host: 'evil.example:8545' }, body: PING });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toBe('invalid host specified\n');
    expect((await raw(url, { headers: { ...json, Host: 'localhost:8545' }, body: PING })).status).toBe(200);
    expect((await raw(url, { headers: { ...json, Host: '10.0.0.7:8545' }, body: PING })).status).toBe(200);
    await server!.stop();
    const anyHost = await start({ vhosts: ['*'] });
    expect((await raw(anyHost, { headers: { ...json, Host: 'evil.example' }, body: PING })).status).toBe(200);
  });

  it('sends CORS headers only to the listed origins', async () => {
    const url = await start({ corsDomains: ['https://app.example'] });
    const allowed = await fetch(url, { method: 'POST', headers: { ...json, Origin: 'https://app.example' }, body: PING });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const other = await fetch(url, { method: 'POST', headers: { ...json, Origin: 'https://evil.example' }, body: PING });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // The request is still served: the browser, not the server, withholds the answer.
    expect(other.status).toBe(200);

    const preflight = await raw(url, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');
    expect(preflight.headers['access-control-max-age']).toBe('600');
    const refused = await raw(url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends no CORS headers at all without --http.corsdomain, and "*" when all are allowed', async () => {
    const url = await start();
    const res = await fetch(url, { method: 'POST', headers: { ...json, Origin: 'https://app.example' }, body: PING });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await server!.stop();
    const open = await start({ corsDomains: ['*'] });
    const any = await fetch(open, { method: 'POST', headers: { ...json, Origin: 'https://x.example' }, body: PING });
    expect(any.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers a whole POST (fast lane) exactly as node:http answers the same POST sent in two pieces', async () => {
    await start();
    const port = server!.address.port;
    const request = `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${PING.length}\r\n\r\n${PING}`;
    /** The answer to `pieces` sent apart on a fresh connection, with its Date header blanked. */
    const answer = async (pieces: string[]): Promise<string> => {
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((r) => setTimeout(r, 20));
      }
      const deadline = performance.now() + 3000;
      while (!text.endsWith(']') && !text.endsWith('}') && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      socket.destroy();
      return text.replace(/\r\nDate: [^\r]*/, '\r\nDate: -');
    };
    const fast = await answer([request]);
    const viaNode = await answer([request.slice(0, 20), request.slice(20)]);
    expect(fast).toBe(viaNode);
    // geth's headers in geth's order (Go's net/http), both ways.
    expect(fast).toBe('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: -\r\nContent-Length: 40\r\n\r\n{"jsonrpc":"2.0","id":1,"result":"pong"}');
  });

  it('keeps a connection without sending Connection headers, and closes it when the client asks to', async () => {
    await start();
    const port = server!.address.port;
    /** What the server sends for `requests`, each sent in two pieces (so node:http answers, not the fast lane). */
    const exchange = async (requests: string[]): Promise<{ text: string; closed: boolean }> => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      let closed = false;
      socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
      socket.on('close', () => (closed = true));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      for (const r of requests) {
        socket.write(r.slice(0, 20));
        await new Promise((res) => setTimeout(res, 20));
        socket.write(r.slice(20));
        const deadline = performance.now() + 3000;
        const answers = text.split('HTTP/1.1 200 OK').length;
        while (text.split('HTTP/1.1 200 OK').length === answers && !closed && performance.now() < deadline) {
          await new Promise((res) => setTimeout(res, 5));
        }
      }
      await new Promise((res) => setTimeout(res, 50));
      socket.destroy();
      return { text, closed };
    };
    const ping = (head: string) => `POST / ${head}\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${PING.length}\r\n\r\n${PING}`;

    const kept = await exchange([ping('HTTP/1.1'), ping('HTTP/1.1')]);
    expect(kept.text.match(/"result":"pong"/g)).toHaveLength(2);
    expect(kept.text).not.toMatch(/Connection:|Keep-Alive:/i);
    expect(kept.closed).toBe(false);

    const close = await exchange([ping('HTTP/1.1').replace('Host:', 'Connection: close\r\nHost:')]);
    expect(close.text).toContain('Connection: close\r\n');
    expect(close.closed).toBe(true);

    const old = await exchange([ping('HTTP/1.0')]);
    expect(old.text).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*"result":"pong"/);
    expect(old.closed).toBe(true);
  });

  it('stop() closes the listener and kept-alive connections; start() fails on a taken port', async () => {
    const url = await start();
    await fetch(url, { method: 'POST', headers: json, body: PING });
    const port = server!.address.port;
    const other = new HttpRpcServer(registry, { port, log: SILENT_LOG });
    await expect(other.start()).rejects.toThrow(/EADDRINUSE/);
    await server!.stop();
    expect(server!.endpoint()).toBeUndefined();
    await expect(fetch(url, { method: 'POST', headers: json, body: PING })).rejects.toThrow();
    // Stopping twice is harmless.
    await server!.stop();
  });
});
