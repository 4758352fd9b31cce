import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './httpTimeouts.js';

let server: Server | undefined;

afterEach(async () => {
  const s = server;
  server = undefined;
  if (s === undefined) return;
  s.closeAllConnections();
  await new Promise((resolve) => s.close(resolve));
});

async function start(timeouts: HttpTimeouts): Promise<number> {
  server = createHttpServer(timeouts, (req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Sends `text`, then nothing; resolves with what came back and when the server closed the connection. */
function stall(port: number, text: string): Promise<{ received: string; afterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve({ received, afterMs: performance.now() - started }));
  });
}

const PARTIAL_HEADERS = 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Ty';
const PARTIAL_BODY = 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n12345';

describe('createHttpServer', () => {
  it("has geth's defaults: 30 s to read a request or its headers, 2 min idle", () => {
    expect(DEFAULT_HTTP_TIMEOUTS).toEqual({ readTimeout: 30_000, readHeaderTimeout: 30_000, idleTimeout: 120_000 });
    const s = createHttpServer(DEFAULT_HTTP_TIMEOUTS, () => undefined);
    expect([s.requestTimeout, s.headersTimeout, s.keepAliveTimeout]).toEqual([30_000, 30_000, 120_000]);
  });

  it('answers 408 and closes a connection whose headers or body do not arrive in time', async () => {
    const port = await start({ readTimeout: 1_000, readHeaderTimeout: 150, idleTimeout: 5_000 });
    const [headers, body] = await Promise.all([stall(port, PARTIAL_HEADERS), stall(port, PARTIAL_BODY)]);
    expect(headers.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(headers.afterMs).toBeGreaterThanOrEqual(100);
    expect(headers.afterMs).toBeLessThan(900);
    expect(body.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(body.afterMs).toBeGreaterThanOrEqual(950);
    expect(body.afterMs).toBeLessThan(4_000);
  });

  it('a zero header or idle timeout falls back to the read timeout, as in Go', async () => {
    const port = await start({ readTimeout: 200, readHeaderTimeout: 0, idleTimeout: 0 });
    expect([server!.headersTimeout, server!.keepAliveTimeout]).toEqual([200, 200]);
    const { received, afterMs } = await stall(port, PARTIAL_HEADERS);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(afterMs).toBeLessThan(3_000);
  });

  it('closes a kept-alive connection that stays idle', async () => {
    const port = await start({ readTimeout: 5_000, readHeaderTimeout: 5_000, idleTimeout: 100 });
    const { received, afterMs } = await stall(port, 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*ok/);
    expect(afterMs).toBeGreaterThanOrEqual(100);
    expect(afterMs).toBeLessThan(4_000);
  });
});
