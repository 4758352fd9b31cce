// geth's HTTP server timeouts (rpc.DefaultHTTPTimeouts) on a node:http server, so that a client that stalls while
// sending a request, or keeps a connection open doing nothing, loses it instead of holding it forever.
import { createServer, type RequestListener, type Server } from 'node:http';

export interface HttpTimeouts {
  /** Most milliseconds to read a whole request, headers and body (geth's ReadTimeout); 0 for no limit. */
  readTimeout: number;
  /** Most milliseconds to read a request's headers (geth's ReadHeaderTimeout); 0 uses readTimeout. */
  readHeaderTimeout: number;
  /** Milliseconds a kept-alive connection may wait for its next request (geth's IdleTimeout); 0 uses readTimeout. */
  idleTimeout: number;
}

export const DEFAULT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = Object.freeze({
  readTimeout: 30_000,
  readHeaderTimeout: 30_000,
  idleTimeout: 120_000,
});

/** Node looks for requests past their deadline only on an interval (30 s unless told): this bounds the lateness. */
const MAX_CHECK_INTERVAL_MS = 1_000;

/** A node:http server that enforces `timeouts` (a request past its read deadline is answered 408 and closed). */
export function createHttpServer(timeouts: HttpTimeouts, listener: RequestListener): Server {
  const read = timeouts.readTimeout;
  const headers = timeouts.readHeaderTimeout > 0 ? timeouts.readHeaderTimeout : read;
  const deadlines = [read, headers].filter((t) => t > 0);
  const connectionsCheckingInterval = Math.max(1, Math.min(MAX_CHECK_INTERVAL_MS, ...deadlines.map((t) => Math.ceil(t / 10))));
  const server = createServer({ connectionsCheckingInterval }, listener);
  server.requestTimeout = read;
  server.headersTimeout = headers;
  server.keepAliveTimeout = timeouts.idleTimeout > 0 ? timeouts.idleTimeout : read;
  return server;
}
