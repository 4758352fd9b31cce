// JSON-RPC over WebSocket (geth's rpc/websocket.go): each text message is a request or a batch, answered on the
// same connection; messages are handled concurrently, so answers may come out of order (ids tell them apart). The
// handshake's Origin is checked against --ws.origins; messages above the size limit close the connection (1009);
// connections that stop answering pings are dropped.
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { hostname } from 'node:os';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { log as rootLog, type Logger } from '../common/log.js';
import { wsOriginAllowed } from './accessControl.js';
import { formatHostPort, listen, type BoundAddress } from './boundAddress.js';
import {
  DEFAULT_BATCH_ITEM_LIMIT,
  DEFAULT_BATCH_RESPONSE_MAX_SIZE,
  RpcDispatcher,
  type CallRecorder,
} from './dispatcher.js';
import { createHttpServer, DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './httpTimeouts.js';
import { DEFAULT_APIS, type RpcRegistry } from './registry.js';
import type { RpcSession } from './session.js';

/** The HTTP timeouts bound the handshake; an open connection is watched by pings instead. */
export interface WsServerOptions extends HttpTimeouts {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** --ws.api */
  apis: readonly string[];
  /** --ws.origins; empty allows http://localhost and this machine's name, "*" allows all. */
  origins: readonly string[];
  /** Largest message a client may send, in bytes. */
  maxMessageSize: number;
  batchItemLimit: number;
  batchResponseMaxSize: number;
  /** Milliseconds between pings; a connection that has not answered the previous ping by then is closed. */
  pingInterval: number;
  recordCall?: CallRecorder;
  log?: Logger;
}

export const DEFAULT_WS_OPTIONS: Readonly<WsServerOptions> = Object.freeze({
  host: '127.0.0.1',
  port: 8546,
  apis: DEFAULT_APIS,
  origins: [],
  maxMessageSize: 32 * 1024 * 1024,
  batchItemLimit: DEFAULT_BATCH_ITEM_LIMIT,
  batchResponseMaxSize: DEFAULT_BATCH_RESPONSE_MAX_SIZE,
  pingInterval: 30_000,
  ...DEFAULT_HTTP_TIMEOUTS,
});

interface Connection {
  socket: WebSocket;
  alive: boolean;
  session: RpcSession;
}

export class WsRpcServer {
  readonly name = 'WebSocket server';
  readonly options: Readonly<WsServerOptions>;
  private readonly dispatcher: RpcDispatcher;
  private readonly log: Logger;
  private readonly connections = new Set<Connection>();
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private pinger: NodeJS.Timeout | undefined;
  private bound: BoundAddress | undefined;

  constructor(registry: RpcRegistry, options: Partial<WsServerOptions> = {}) {
    this.options = { ...DEFAULT_WS_OPTIONS, ...options };
    this.log = this.options.log ?? rootLog;
    // The transport's options carry the dispatcher's (namespaces, batch limits, call recorder, logger).
    this.dispatcher = new RpcDispatcher(registry, this.options);
  }

  async start(): Promise<void> {
    if (this.server !== undefined) throw new Error('WebSocket server already started');
    const wss = new WebSocketServer({ noServer: true, maxPayload: this.options.maxMessageSize, perMessageDeflate: false });
    const server = createHttpServer(this.options, (_req, res) => {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('expected a WebSocket upgrade\n');
    });
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.onUpgrade(wss, req, socket, head));
    this.bound = await listen(server, this.options.port, this.options.host);
    this.server = server;
    this.wss = wss;
    this.pinger = setInterval(() => this.ping(), this.options.pingInterval);
    this.pinger.unref();
  }

  /** Stops listening and closes every connection. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    this.bound = undefined;
    clearInterval(this.pinger);
    for (const c of this.connections) c.socket.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss!.close(() => resolve()));
    this.wss = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  get address(): BoundAddress {
    if (this.bound === undefined) throw new Error('WebSocket server is not started');
    return this.bound;
  }

  /** "ws://127.0.0.1:8546" once started. */
  endpoint(): string | undefined {
    return this.bound === undefined ? undefined : `ws://${formatHostPort(this.bound)}`;
  }

  /** Connections currently open. */
  get connectionCount(): number {
    return this.connections.size;
  }

  private onUpgrade(wss: WebSocketServer, req: IncomingMessage, socket: Socket, head: Buffer): void {
    const origin = req.headers.origin;
    if (!wsOriginAllowed(origin, this.options.origins, hostname())) {
      this.log.warn('Rejected WebSocket connection', { origin });
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\norigin not allowed\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(socket: WebSocket): void {
    const closeHandlers = new Set<() => void>();
    const session: RpcSession = {
      notify: (method, params) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ jsonrpc: '2.0', method, params }));
      },
      onClose: (cleanup) => {
        closeHandlers.add(cleanup);
        return () => closeHandlers.delete(cleanup);
      },
    };
    const connection: Connection = { socket, alive: true, session };
    this.connections.add(connection);
    socket.on('pong', () => (connection.alive = true));
    // Text frames carry the requests; a binary frame is read as UTF-8 JSON as well, as geth reads both.
    socket.on('message', (data) => this.onMessage(connection, data));
    socket.on('close', () => {
      this.connections.delete(connection);
      // Subscriptions end with their connection.
      for (const cleanup of closeHandlers) {
        try {
          cleanup();
        } catch (e) {
          this.log.error('WebSocket close handler failed', { err: e });
        }
      }
      closeHandlers.clear();
    });
    socket.on('error', (e) => this.log.debug('WebSocket connection error', { err: e }));
  }

  private onMessage({ socket, session }: Connection, data: RawData): void {
    this.dispatcher
      .handle(rawToString(data), session)
      .then((response) => {
        if (response !== undefined && socket.readyState === WebSocket.OPEN) socket.send(response);
      })
      .catch((e: unknown) => this.log.error('WebSocket request failed', { err: e }));
  }

  private ping(): void {
    for (const c of this.connections) {
      if (!c.alive) {
        c.socket.terminate();
        this.connections.delete(c);
        continue;
      }
      c.alive = false;
      c.socket.ping();
    }
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
