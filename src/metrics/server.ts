// Serves a metrics registry over HTTP at geth's path, /debug/metrics/prometheus, for Prometheus to scrape.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from './registry.js';

export const PROMETHEUS_PATH = '/debug/metrics/prometheus';

export interface MetricsServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export class MetricsServer {
  readonly name = 'Metrics server';
  private server: Server | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly options: MetricsServerOptions,
  ) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== PROMETHEUS_PATH) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found; metrics are at ${PROMETHEUS_PATH}\n`);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
        return;
      }
      const body = this.registry.exposition();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    await new Promise<void>((resolve, reject) => {
      const { host, port } = this.options;
      server.once('error', (e) => reject(new Error(`metrics server: cannot listen on ${host}:${port}: ${e.message}`)));
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The bound address (the real port when 0 was asked for); undefined while stopped. */
  address(): AddressInfo | undefined {
    const a = this.server?.address();
    return a !== null && typeof a === 'object' ? a : undefined;
  }

  endpoint(): string | undefined {
    const a = this.address();
    if (a === undefined) return undefined;
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    return `http://${host}:${a.port}${PROMETHEUS_PATH}`;
  }
}
