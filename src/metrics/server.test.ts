import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from './registry.js';
import { rpcCallMetrics } from './rpcMetrics.js';
import { MetricsServer, PROMETHEUS_PATH } from './server.js';

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('MetricsServer', () => {
  it("serves the registry at geth's Prometheus path, and 404 elsewhere", async () => {
    const registry = new Registry();
    const record = rpcCallMetrics(registry);
    record('eth_blockNumber', true, 0.002);
    record('eth_blockNumber', true, 0.001);
    record('eth_call', false, 0.5);
    server = new MetricsServer(registry, { host: '127.0.0.1', port: 0 });
    expect(server.endpoint()).toBeUndefined();
    await server.start();
    const endpoint = server.endpoint()!;
    expect(endpoint).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${PROMETHEUS_PATH}$`));
    const res = await fetch(endpoint);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('rpc_calls_total{method="eth_blockNumber",result="success"} 2\n');
    expect(text).toContain('rpc_calls_total{method="eth_call",result="failure"} 1\n');
    expect(text).toContain('rpc_call_seconds_total{method="eth_call"} 0.5\n');

    const other = await fetch(endpoint.replace(PROMETHEUS_PATH, '/metrics'));
    expect(other.status).toBe(404);
    expect(await other.text()).toContain(PROMETHEUS_PATH);
    const post = await fetch(endpoint, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });

  it('fails to start on a port in use, naming it, and stops cleanly', async () => {
    server = new MetricsServer(new Registry(), { host: '127.0.0.1', port: 0 });
    await server.start();
    const port = server.address()!.port;
    const second = new MetricsServer(new Registry(), { host: '127.0.0.1', port });
    await expect(second.start()).rejects.toThrow(`metrics server: cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`);
    await server.stop();
    expect(server.endpoint()).toBeUndefined();
    await server.stop();
  });
});
