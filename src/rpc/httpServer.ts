// JSON-RPC over HTTP (geth's rpc/http.go and node/rpcstack.go): POST with a JSON body, answered with JSON. Before
// a body is read, the Host header is checked against --http.vhosts (403 "invalid host specified"), the content type
// must be JSON (415) and the body within the limit (413). CORS headers go only to the origins --http.corsdomain
// lists. GET without a body is a health check; OPTIONS answers CORS preflights. Plain JSON-RPC POSTs on kept-alive
// connections take the fast lane (httpFastLane.ts), which answers them as this path would, without node:http.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { log as rootLog, type Logger } from '../common/log.js';
import { corsAllowOrigin, hostAllowed } from './accessControl.js';
import {
  DEFAULT_BATCH_ITEM_LIMIT,
  DEFAULT_BATCH_RESPONSE_MAX_SIZE,
  RpcDispatcher,
  type CallRecorder,
} from './dispatcher.js';
import { HttpFastLane, type FastRequestHead } from './httpFastLane.js';
import { createHttpServer, DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './httpTimeouts.js';
import { DEFAULT_APIS, type RpcRegistry } from './registry.js';
import { formatHostPort, listen, type BoundAddress } from './boundAddress.js';

export interface HttpServerOptions extends HttpTimeouts {
  /** Interface to listen on; geth's default keeps the server on the loopback interface. */
  host: string;
  /** 0 picks a free port (the bound one is in `address`). */
  port: number;
  /** --http.api */
  apis: readonly string[];
  /** --http.corsdomain: origins that get CORS headers; "*" for all. */
  corsDomains: readonly string[];
  /** --http.vhosts: Host names accepted; "*" for all. */
  vhosts: readonly string[];
  /** Largest request body in bytes. */
  bodyLimit: number;
  batchItemLimit: number;
  batchResponseMaxSize: number;
  /** Most milliseconds to answer a request (geth's WriteTimeout): calls still running then get "request timed out". */
  writeTimeout: number;
  recordCall?: CallRecorder;
  log?: Logger;
}

export const DEFAULT_HTTP_OPTIONS: Readonly<HttpServerOptions> = Object.freeze({
  host: '127.0.0.1',
  port: 8545,
  apis: DEFAULT_APIS,
  corsDomains: [],
  vhosts: ['localhost'],
  bodyLimit: 5 * 1024 * 1024,
  batchItemLimit: DEFAULT_BATCH_ITEM_LIMIT,
  batchResponseMaxSize: DEFAULT_BATCH_RESPONSE_MAX_SIZE,
  ...DEFAULT_HTTP_TIMEOUTS,
  writeTimeout: 30_000,
});

/** The content types geth accepts for a JSON-RPC body. */
const ACCEPTED_CONTENT_TYPES = ['application/json', 'application/json-rpc', 'application/jsonrequest'];
/** How long browsers may cache a preflight answer. */
const CORS_MAX_AGE = '600';

class BodyTooLargeError extends Error {}

export class HttpRpcServer {
  readonly name = 'HTTP server';
  readonly options: Readonly<HttpServerOptions>;
  private readonly dispatcher: RpcDispatcher;
  private readonly log: Logger;
  private server: Server | undefined;
  private fastLane: HttpFastLane | undefined;
  private bound: BoundAddress | undefined;

  constructor(registry: RpcRegistry, options: Partial<HttpServerOptions> = {}) {
    this.options = { ...DEFAULT_HTTP_OPTIONS, ...options };
    this.log = this.options.log ?? rootLog;
    // The transport's options carry the dispatcher's (namespaces, batch limits, call recorder, logger).
    this.dispatcher = new RpcDispatcher(registry, { ...this.options, requestTimeout: this.options.writeTimeout });
  }

  /** Listens; rejects when the address cannot be bound (e.g. the port is taken). */
  async start(): Promise<void> {
    if (this.server !== undefined) throw new Error('HTTP server already started');
    const server = createHttpServer(this.options, (req, res) => this.onRequest(req, res));
    const fastLane = new HttpFastLane(server, {
      accepts: (head) => this.answersAtOnce(head),
      answer: (body) => this.dispatcher.handle(body),
      bodyLimit: this.options.bodyLimit,
      onError: (e) => this.log.error('HTTP request failed', { err: e }),
    });
    this.bound = await listen(server, this.options.port, this.options.host);
    this.server = server;
    this.fastLane = fastLane;
  }

  /** Stops listening and closes every connection, idle or busy. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    this.bound = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.fastLane?.closeAll();
    this.fastLane = undefined;
    server.closeAllConnections();
    await closed;
  }

  /** The address the server listens on; throws before start(). */
  get address(): BoundAddress {
    if (this.bound === undefined) throw new Error('HTTP server is not started');
    return this.bound;
  }

  /** "http://127.0.0.1:8545" once started. */
  endpoint(): string | undefined {
    return this.bound === undefined ? undefined : `http://${formatHostPort(this.bound)}`;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.serve(req, res).catch((e: unknown) => {
      // A client gone mid-request (or cut off by the read timeout) is no failure of the server; nobody is left to answer.
      if (req.destroyed && !req.complete) return this.log.debug('HTTP request aborted', { err: e });
      this.log.error('HTTP request failed', { err: e });
      if (!res.headersSent) sendText(res, 500, 'internal server error');
      else res.destroy();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, this.options.vhosts)) return sendText(res, 403, 'invalid host specified');
    const allowOrigin = corsAllowOrigin(req.headers.origin, this.options.corsDomains);
    if (allowOrigin !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', allowOrigin);
      res.setHeader('Vary', 'Origin');
    }
    switch (req.method) {
      case 'OPTIONS':
        return this.preflight(req, res, allowOrigin !== undefined);
      case 'GET':
        // geth's health check: a bare GET of the root answers 200.
        if (hasBody(req) || (req.url ?? '/').includes('?')) return sendText(res, 405, 'method not allowed');
        res.writeHead(200).end();
        return;
      case 'POST':
        return this.post(req, res);
      default:
        return sendText(res, 405, 'method not allowed');
    }
  }

  /** Whether a POST with this head gets a 200 JSON answer without any header of its own (no CORS): the fast lane's. */
  private answersAtOnce(head: FastRequestHead): boolean {
    return (
      hostAllowed(head.host, this.options.vhosts) &&
      contentTypeAccepted(head.contentType) &&
      corsAllowOrigin(head.origin, this.options.corsDomains) === undefined
    );
  }

  private preflight(req: IncomingMessage, res: ServerResponse, allowed: boolean): void {
    const method = req.headers['access-control-request-method'];
    if (allowed && typeof method === 'string' && ['POST', 'GET'].includes(method.toUpperCase())) {
      res.setHeader('Access-Control-Allow-Methods', method.toUpperCase());
      const headers = req.headers['access-control-request-headers'];
      if (typeof headers === 'string' && headers !== '') res.setHeader('Access-Control-Allow-Headers', headers);
      res.setHeader('Access-Control-Max-Age', CORS_MAX_AGE);
      res.setHeader('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
    }
    res.writeHead(204).end();
  }

  private async post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!contentTypeAccepted(req.headers['content-type'])) {
      return sendText(res, 415, 'invalid content type, only application/json is supported');
    }
    const limit = this.options.bodyLimit;
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) return refuseBody(req, res, `content length too large (${declared}>${limit})`);
    let body: string;
    try {
      body = await readBody(req, limit);
    } catch (e) {
      if (e instanceof BodyTooLargeError) return refuseBody(req, res, `request body too large (limit ${limit} bytes)`);
      throw e;
    }
    const response = await this.dispatcher.handle(body);
    if (res.destroyed) return;
    // geth's headers (Go's net/http): Content-Type, Date, Content-Length, and no Connection or Keep-Alive on a
    // kept-alive HTTP/1.1 connection, where persisting is the default. node:http then still keeps the connection.
    if (res.shouldKeepAlive && req.httpVersion === '1.1') res.removeHeader('Connection');
    // Headers left unwritten until the body ends in one piece: node:http then sends its length, not chunks.
    res.setHeader('Content-Type', 'application/json');
    res.end(response ?? '');
  }
}

/** Whether a Content-Type header names one of the JSON media types geth takes ("application/json; charset=utf-8"). */
function contentTypeAccepted(contentType: string | undefined): boolean {
  if (contentType === 'application/json') return true;
  return ACCEPTED_CONTENT_TYPES.includes((contentType ?? '').split(';')[0]!.trim().toLowerCase());
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

function sendText(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
}

/** Answers 413 and drops the connection once the answer is out: the rest of the body is never read. */
function refuseBody(req: IncomingMessage, res: ServerResponse, message: string): void {
  res.setHeader('Connection', 'close');
  res.once('finish', () => req.destroy());
  sendText(res, 413, message);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    // A small body comes in one chunk: decoded where it lies rather than copied first.
    req.once('end', () => resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')));
    req.once('error', reject);
  });
}
