// A fast lane in front of node:http for the request JSON-RPC clients send nearly every time: a kept-alive
// HTTP/1.1 POST with a JSON body that has arrived whole. node:http costs about 30 µs of CPU per such request on
// the reference machine (a server doing nothing but JSON.parse and JSON.stringify), twice what a server parsing the
// socket's bytes itself needs, and more than answering eth_blockNumber takes. Here such a request is read straight
// off the socket and answered with one write of the status line and headers the server's node:http path sends.
//
// The lane takes nothing it does not recognise in full. Any other method or version, a malformed or unexpected line,
// a header it leaves to node:http (Transfer-Encoding, Expect, Upgrade, a Connection other than keep-alive, a
// duplicate Host, Content-Length or Content-Type), a body over the limit, a request the server would not answer 200
// as it is (its Host, content type or an Origin that gets CORS headers) or one not all arrived yet: the connection,
// with every byte read so far, goes to node:http for good, and all its rules (400, 408, 413, 415, CORS, health
// checks, timeouts) apply there as before. Requests on a connection are answered in order, one at a time.
//
// Timeouts match node:http's for the connections the lane holds: one that sends nothing is answered 408 and closed
// after the headers timeout; a kept-alive one is closed after the keep-alive timeout (plus node's one second of
// slack); none while a call runs. A connection handed over starts node:http's clocks afresh, so a client that waits
// before sending a partial request can hold it up to twice the headers timeout.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** What the server decides about a request before its body matters. */
export interface FastRequestHead {
  host: string | undefined;
  contentType: string | undefined;
  origin: string | undefined;
}

export interface FastLaneHandler {
  /** Whether the server would answer this request 200 with what `answer` gives; if not, node:http takes it. */
  accepts(head: FastRequestHead): boolean;
  /** The response body for a request body; undefined for an empty answer (notifications). */
  answer(body: string): Promise<string | undefined>;
  /** Largest body in bytes; a larger one goes to node:http (which answers 413). */
  readonly bodyLimit: number;
  /** `answer` failed: the request is answered 500, as node:http's path does. */
  onError(e: unknown): void;
}

/** node:http's default limit on the header block (--max-http-header-size); a larger one is node:http's to refuse. */
const MAX_HEADER_BYTES = 16 * 1024;
/** node:http keeps a kept-alive connection this much past the timeout it announces, against races with clients. */
const KEEP_ALIVE_SLACK_MS = 1000;
/** Bytes of pipelined requests read ahead while one is being answered before reading pauses. */
const READ_AHEAD_BYTES = 64 * 1024;

const HEAD_END = Buffer.from('\r\n\r\n');
const JSON_CONTENT_TYPE = 'application/json';
/**
 * A request head the lane may take: `POST <target> HTTP/1.1`, the target visible ASCII (as node:http's parser
 * insists), then header lines of a token name, a colon and a value of visible characters, spaces and tabs (obs-text
 * included, no control characters). One pass over the head; no line can match in two ways, so it cannot backtrack.
 */
const HEAD = /^POST [!-~]+ HTTP\/1\.1(?:\r\n[!#$%&'*+\-.^_`|~0-9A-Za-z]+:[\t\x20-\x7e\x80-\xff]*)*$/;
/** The header lines the lane looks at, with their values less the spaces around them (in a head HEAD accepts). */
const FIELDS = /\r\n(host|content-length|content-type|origin|connection|transfer-encoding|expect|upgrade):[ \t]*([^\r]*?)[ \t]*(?=\r\n|$)/gi;
const DECIMAL = /^\d{1,15}$/;

/** node:http's answer to a connection whose request did not come in time. */
const REQUEST_TIMEOUT_RESPONSE = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';
/** node:http's answer to a connection closed in the middle of a request. */
const BAD_REQUEST_RESPONSE = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

interface ParsedRequest extends FastRequestHead {
  bodyStart: number;
  /** Offset just past the body. */
  end: number;
}

/**
 * The request at the start of `buf` when it is one the lane serves and has fully arrived; undefined otherwise
 * (incomplete, or for node:http).
 */
export function parseFastRequest(buf: Buffer, bodyLimit: number): ParsedRequest | undefined {
  const headEnd = buf.indexOf(HEAD_END);
  if (headEnd < 0 || headEnd > MAX_HEADER_BYTES) return undefined;
  const head = buf.toString('latin1', 0, headEnd);
  if (!HEAD.test(head)) return undefined;
  let host: string | undefined;
  let contentType: string | undefined;
  let origin: string | undefined;
  let contentLength = -1;
  FIELDS.lastIndex = 0;
  for (let m = FIELDS.exec(head); m !== null; m = FIELDS.exec(head)) {
    const value = m[2]!;
    switch (m[1]!.toLowerCase()) {
      case 'host':
        if (host !== undefined) return undefined;
        host = value;
        break;
      case 'content-length':
        if (contentLength >= 0 || !DECIMAL.test(value)) return undefined;
        contentLength = Number(value);
        break;
      case 'content-type':
        if (contentType !== undefined) return undefined;
        contentType = value;
        break;
      case 'origin':
        if (origin !== undefined) return undefined;
        origin = value;
        break;
      case 'connection':
        if (value.toLowerCase() !== 'keep-alive') return undefined;
        break;
      default:
        // Transfer-Encoding, Expect, Upgrade.
        return undefined;
    }
  }
  if (contentLength < 0 || contentLength > bodyLimit) return undefined;
  const bodyStart = headEnd + HEAD_END.length;
  const end = bodyStart + contentLength;
  if (buf.length < end) return undefined;
  return { host, contentType, origin, bodyStart, end };
}

/** The Date header's value, as node:http caches it: made at most once a second. */
let dateSecond = -1;
let dateText = '';
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** Sits in front of `server`'s connection handling; every connection starts here. */
export class HttpFastLane {
  private readonly connections = new Set<FastConnection>();
  private readonly nodeListener: (socket: Socket) => void;

  constructor(
    readonly server: Server,
    readonly handler: FastLaneHandler,
  ) {
    // node:http handles a connection through its 'connection' listener; the lane takes its place and calls it
    // for the connections it hands over (the documented way to give node:http a socket is that event).
    const listeners = server.listeners('connection') as ((socket: Socket) => void)[];
    if (listeners.length !== 1) throw new Error(`HTTP fast lane: expected node:http's one connection listener, found ${listeners.length}`);
    this.nodeListener = listeners[0]!;
    server.removeListener('connection', this.nodeListener);
    server.on('connection', (socket: Socket) => this.connections.add(new FastConnection(this, socket)));
  }

  /** Connections the lane holds (not those handed to node:http). */
  get size(): number {
    return this.connections.size;
  }

  /** Closes every connection the lane holds, busy or idle. */
  closeAll(): void {
    for (const c of this.connections) c.socket.destroy();
    this.connections.clear();
  }

  /** Gives `socket` to node:http, as if it had just connected. */
  handOver(connection: FastConnection): void {
    this.connections.delete(connection);
    this.nodeListener.call(this.server, connection.socket);
  }

  forget(connection: FastConnection): void {
    this.connections.delete(connection);
  }

  /**
   * Status line and headers of an answer on a kept-alive connection, as the server's node:http path writes them: a
   * JSON answer with geth's headers only (httpServer.ts), any other with node:http's Connection and Keep-Alive too.
   */
  head(status: string, contentType: string, length: number): string {
    const start = `HTTP/1.1 ${status}\r\nContent-Type: ${contentType}\r\nDate: ${httpDate()}\r\n`;
    if (contentType === JSON_CONTENT_TYPE) return `${start}Content-Length: ${length}\r\n\r\n`;
    const keepAlive = this.server.keepAliveTimeout;
    const announce = keepAlive > 0 ? `Keep-Alive: timeout=${Math.floor(keepAlive / 1000)}\r\n` : '';
    return `${start}Connection: keep-alive\r\n${announce}Content-Length: ${length}\r\n\r\n`;
  }
}

class FastConnection {
  /** Bytes read and not yet used. */
  private pending: Buffer | undefined = undefined;
  /** A request is being answered (until its answer is written out). */
  private busy = false;
  /** Answered one request at least: waiting is now keep-alive idling, no longer waiting for a first request. */
  private served = false;
  /** The client has finished sending. */
  private ended = false;
  /** The connection is no longer the lane's: closed, or handed to node:http. */
  private settled = false;
  /** The head (up to the body) of the last request taken, and what it parsed to. */
  private last: { head: Buffer; request: ParsedRequest } | undefined = undefined;

  constructor(
    private readonly lane: HttpFastLane,
    readonly socket: Socket,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('timeout', this.onTimeout);
    const wait = lane.server.headersTimeout || lane.server.requestTimeout;
    if (wait > 0) socket.setTimeout(wait);
  }

  private readonly onData = (chunk: Buffer): void => {
    this.pending = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    if (!this.busy) this.next();
    else if (this.pending.length > READ_AHEAD_BYTES) this.socket.pause();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    if (!this.busy) this.finishInput();
  };

  private readonly onError = (): void => {
    this.socket.destroy();
  };

  private readonly onClose = (): void => {
    this.settled = true;
    this.lane.forget(this);
  };

  private readonly onTimeout = (): void => {
    // A running call has no time limit here (the dispatcher has its own); the write of its answer restarts the clock.
    if (this.busy) return;
    if (this.served) this.socket.destroy();
    else this.socket.end(REQUEST_TIMEOUT_RESPONSE, () => this.socket.destroy());
  };

  /** Serves the next request if it is in full; hands the connection over if what is there is anything else. */
  private next(): void {
    const buf = this.pending;
    if (buf === undefined) return;
    const request = this.sameHeadAsLast(buf) ?? this.parse(buf);
    if (request === undefined) {
      if (!this.ended) return this.handOver();
      // A stream takes no bytes back after its end, so node:http can no longer take over: what is left (a partial
      // request, in practice) is answered 400, as node:http answers a request cut short.
      this.pending = undefined;
      this.socket.end(BAD_REQUEST_RESPONSE);
      return;
    }
    this.pending = request.end < buf.length ? buf.subarray(request.end) : undefined;
    this.busy = true;
    this.lane.handler.answer(buf.toString('utf8', request.bodyStart, request.end)).then(
      (body) => this.respond('200 OK', JSON_CONTENT_TYPE, body ?? ''),
      (e: unknown) => {
        this.lane.handler.onError(e);
        this.respond('500 Internal Server Error', 'text/plain; charset=utf-8', 'internal server error\n');
      },
    );
  }

  /** A request the lane takes, parsed and accepted; remembered as the last one. */
  private parse(buf: Buffer): ParsedRequest | undefined {
    const request = parseFastRequest(buf, this.lane.handler.bodyLimit);
    if (request === undefined || !this.lane.handler.accepts(request)) return undefined;
    this.last = { head: Buffer.from(buf.subarray(0, request.bodyStart)), request };
    return request;
  }

  /**
   * The last request's verdict for a request whose head is byte for byte the last one's (clients repeat theirs,
   * Content-Length included, for calls of one size): the same head, the same body length, the same answer.
   */
  private sameHeadAsLast(buf: Buffer): ParsedRequest | undefined {
    const last = this.last;
    if (last === undefined) return undefined;
    const size = last.head.length;
    if (buf.length < last.request.end || buf.compare(last.head, 0, size, 0, size) !== 0) return undefined;
    return last.request;
  }

  private respond(status: string, contentType: string, body: string): void {
    if (this.settled || this.socket.destroyed) return;
    if (!this.served) {
      this.served = true;
      const keepAlive = this.lane.server.keepAliveTimeout;
      this.socket.setTimeout(keepAlive > 0 ? keepAlive + KEEP_ALIVE_SLACK_MS : 0);
    }
    // Read-ahead requests wait until the answers before them are on their way.
    if (this.socket.write(this.lane.head(status, contentType, Buffer.byteLength(body)) + body)) this.answered();
    else this.socket.once('drain', () => this.answered());
  }

  private answered(): void {
    this.busy = false;
    if (this.settled) return;
    if (this.ended) return this.finishInput();
    if (this.socket.isPaused()) this.socket.resume();
    this.next();
  }

  /** The client has sent its last byte: requests left are answered (next), then the connection is closed. */
  private finishInput(): void {
    if (this.pending !== undefined) return this.next();
    this.socket.end();
  }

  private handOver(): void {
    const socket = this.socket;
    this.settled = true;
    socket.pause();
    socket.removeListener('data', this.onData);
    socket.removeListener('end', this.onEnd);
    socket.removeListener('error', this.onError);
    socket.removeListener('close', this.onClose);
    socket.removeListener('timeout', this.onTimeout);
    socket.setTimeout(0);
    if (this.pending !== undefined) socket.unshift(this.pending);
    this.pending = undefined;
    this.lane.handOver(this);
    socket.resume();
  }
}
