import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpFastLane, parseFastRequest, type FastLaneHandler } from './httpFastLane.js';

const BODY = '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}';

function post(body = BODY, extra = ''): string {
  return `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const parse = (text: string, limit = 1000) => parseFastRequest(Buffer.from(text, 'latin1'), limit);

describe('parseFastRequest', () => {
  it('takes a kept-alive POST that has fully arrived, with the headers the server checks', () => {
    const text = post(BODY, 'Origin: https://app.example\r\nUser-Agent: x\r\nConnection: Keep-Alive\r\n');
    const r = parse(text)!;
    expect(r).toMatchObject({ host: 'localhost', contentType: 'application/json', origin: 'https://app.example', end: text.length });
    expect(text.slice(r.bodyStart, r.end)).toBe(BODY);
    // Names in any case, values without the spaces around them; a body may be empty; a pipelined request may follow.
    const loose = 'POST /rpc HTTP/1.1\r\nHOST:  x:1 \r\ncontent-type:\tapplication/json\r\ncontent-length: 0\r\n\r\nPOST / HT';
    expect(parse(loose)).toMatchObject({ host: 'x:1', contentType: 'application/json', bodyStart: loose.indexOf('POST / HT') });
    expect(parse(loose)!.end).toBe(loose.indexOf('POST / HT'));
  });

  it('leaves everything else to node:http', () => {
    const cases: Record<string, string> = {
      'head not complete': post().slice(0, 40),
      'body not complete': post().slice(0, -1),
      'GET': post().replace('POST', 'GET'),
      'lower-case method': post().replace('POST', 'post'),
      'HTTP/1.0': post().replace('HTTP/1.1', 'HTTP/1.0'),
      'space in the target': post().replace('POST /', 'POST /a b'),
      'no Content-Length': 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\r\n',
      'two Content-Lengths': post(BODY, `Content-Length: ${BODY.length}\r\n`),
      'signed Content-Length': post().replace(`Content-Length: ${BODY.length}`, `Content-Length: +${BODY.length}`),
      'hex Content-Length': post().replace(`Content-Length: ${BODY.length}`, `Content-Length: 0x${BODY.length.toString(16)}`),
      'body over the limit': post('x'.repeat(1001)),
      'Transfer-Encoding': post(BODY, 'Transfer-Encoding: chunked\r\n'),
      'Expect': post(BODY, 'Expect: 100-continue\r\n'),
      'Upgrade': post(BODY, 'Upgrade: websocket\r\n'),
      'Connection: close': post(BODY, 'Connection: close\r\n'),
      'two Hosts': post(BODY, 'Host: other\r\n'),
      'two Content-Types': post(BODY, 'Content-Type: text/plain\r\n'),
      'two Origins': post(BODY, 'Origin: a\r\nOrigin: b\r\n'),
      'space before the colon': post(BODY, 'X-Thing : 1\r\n'),
      'no colon': post(BODY, 'X-Thing\r\n'),
      'empty name': post(BODY, ': 1\r\n'),
      'folded line': post(BODY, 'X-Thing: 1\r\n  more\r\n'),
      'control character in a value': post(BODY, 'X-Thing: a\x01b\r\n'),
      'bare LF': post().replace('Host: localhost\r\n', 'Host: localhost\n'),
      'empty line first': `\r\n${post()}`,
      'head over 16 KiB': post(BODY, `X-Big: ${'a'.repeat(16 * 1024)}\r\n`),
    };
    for (const [name, text] of Object.entries(cases)) expect(parse(text), name).toBeUndefined();
  });
});

interface Lane {
  server: Server;
  lane: HttpFastLane;
  port: number;
  /** Requests node:http saw (those the lane handed over). */
  nodeRequests: string[];
  errors: unknown[];
}

let current: Lane | undefined;

afterEach(async () => {
  if (current === undefined) return;
  const { server, lane } = current;
  current = undefined;
  lane.closeAll();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A node:http server answering "node <method> <url>", with a lane in front whose answers echo the body. */
async function startLane(handler: Partial<FastLaneHandler> = {}, timeouts: { headers?: number; keepAlive?: number } = {}): Promise<Lane> {
  const nodeRequests: string[] = [];
  const errors: unknown[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    nodeRequests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      const text = `node ${req.method} ${req.url}`;
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(text.length) }).end(text);
    });
  });
  server.headersTimeout = timeouts.headers ?? 60_000;
  server.requestTimeout = timeouts.headers ?? 60_000;
  server.keepAliveTimeout = timeouts.keepAlive ?? 5_000;
  const lane = new HttpFastLane(server, {
    accepts: (head) => head.host === 'localhost' && head.contentType === 'application/json',
    answer: async (body) => `echo ${body}`,
    bodyLimit: 1000,
    onError: (e) => errors.push(e),
    ...handler,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  current = { server, lane, port: (server.address() as AddressInfo).port, nodeRequests, errors };
  return current;
}

/** A raw connection that collects what the server sends. */
async function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
  socket.on('error', () => {});
  const started = performance.now();
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now() - started)));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, received: () => data, closed };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The answers in `text` (as latin1): status line, headers (lower-case names) and body (UTF-8), in order. */
function answers(text: string): { status: string; headers: Record<string, string>; body: string }[] {
  const out = [];
  let rest = text;
  while (rest.length > 0) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) break;
    const [status, ...lines] = rest.slice(0, headEnd).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
    const length = Number(headers['content-length'] ?? 0);
    const body = rest.slice(headEnd + 4, headEnd + 4 + length);
    if (body.length < length) break;
    out.push({ status: status!, headers, body: Buffer.from(body, 'latin1').toString('utf8') });
    rest = rest.slice(headEnd + 4 + length);
  }
  return out;
}

describe('HttpFastLane', () => {
  it('answers a plain POST itself, with the status line and headers node:http would send', async () => {
    const { port, nodeRequests } = await startLane();
    const c = await open(port);
    c.socket.write(post());
    await until(() => answers(c.received()).length === 1);
    const [a] = answers(c.received());
    expect(a!.status).toBe('HTTP/1.1 200 OK');
    // geth's headers: persisting is HTTP/1.1's default, so no Connection or Keep-Alive.
    expect(Object.keys(a!.headers)).toEqual(['content-type', 'date', 'content-length']);
    expect(a!.headers).toMatchObject({ 'content-type': 'application/json', 'content-length': String(`echo ${BODY}`.length) });
    expect(new Date(a!.headers.date!).getTime()).toBeGreaterThan(Date.now() - 5000);
    expect(a!.body).toBe(`echo ${BODY}`);
    expect(nodeRequests).toEqual([]);
  });

  it('counts the Content-Length in bytes, and an empty answer as an empty body', async () => {
    const { port } = await startLane({ answer: async (body) => (body === 'none' ? undefined : 'é€') });
    const c = await open(port);
    c.socket.write(post('x') + post('none'));
    await until(() => answers(c.received()).length === 2);
    const [a, b] = answers(c.received());
    expect(a!.headers['content-length']).toBe('5');
    expect(a!.body).toBe('é€');
    expect(b!.headers['content-length']).toBe('0');
    expect(b!.body).toBe('');
  });

  it('answers pipelined requests in order, one at a time, though a later one would be quicker', async () => {
    let running = 0;
    let most = 0;
    const { port } = await startLane({
      answer: async (body) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, body === 'slow' ? 50 : 0));
        running--;
        return body;
      },
    });
    const c = await open(port);
    c.socket.write(post('slow') + post('quick') + post('slow') + post('quick'));
    await until(() => answers(c.received()).length === 4);
    expect(answers(c.received()).map((a) => a.body)).toEqual(['slow', 'quick', 'slow', 'quick']);
    expect(most).toBe(1);
  });

  it('hands the connection to node:http at the first request it does not take, after answering those before', async () => {
    const { port, lane, nodeRequests } = await startLane({
      answer: async (body) => {
        await new Promise((r) => setTimeout(r, 30));
        return body;
      },
    });
    const c = await open(port);
    c.socket.write(post('first') + 'GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await until(() => answers(c.received()).length === 2);
    expect(answers(c.received()).map((a) => a.body)).toEqual(['first', 'node GET /health']);
    expect(lane.size).toBe(0);
    // For good: a request the lane would take now goes to node:http too.
    c.socket.write(post('again'));
    await until(() => answers(c.received()).length === 3);
    expect(answers(c.received())[2]!.body).toBe('node POST /');
    expect(nodeRequests).toEqual(['GET /health', 'POST /']);
  });

  it('hands over a request split across packets with every byte, and one the server would not answer 200', async () => {
    const { port, nodeRequests } = await startLane();
    const split = await open(port);
    const text = post();
    split.socket.write(text.slice(0, 30));
    await new Promise((r) => setTimeout(r, 30));
    split.socket.write(text.slice(30));
    await until(() => answers(split.received()).length === 1);
    expect(answers(split.received())[0]!.body).toBe('node POST /');

    const otherHost = await open(port);
    otherHost.socket.write(post().replace('Host: localhost', 'Host: evil.example'));
    await until(() => answers(otherHost.received()).length === 1);
    expect(answers(otherHost.received())[0]!.body).toBe('node POST /');
    expect(nodeRequests).toEqual(['POST /', 'POST /']);
  });

  it('serves a request whose head repeats the last one byte for byte as that one; any change is looked at anew', async () => {
    const { port, nodeRequests } = await startLane();
    const c = await open(port);
    // Same head (same Content-Length), different bodies; then a different Host the server refuses.
    c.socket.write(post('aaaa') + post('bbbb'));
    await until(() => answers(c.received()).length === 2);
    c.socket.write(post('cccc').replace('Host: localhost', 'Host: elsewhere'));
    await until(() => answers(c.received()).length === 3);
    expect(answers(c.received()).map((a) => a.body)).toEqual(['echo aaaa', 'echo bbbb', 'node POST /']);
    expect(nodeRequests).toEqual(['POST /']);

    // The same head with its body not all there yet goes to node:http with every byte.
    const d = await open(port);
    d.socket.write(post('dddd'));
    await until(() => answers(d.received()).length === 1);
    d.socket.write(post('eeee').slice(0, -2));
    await new Promise((r) => setTimeout(r, 30));
    d.socket.write('ee');
    await until(() => answers(d.received()).length === 2);
    expect(answers(d.received()).map((a) => a.body)).toEqual(['echo dddd', 'node POST /']);
  });

  it('answers 500 when answering fails, reports the failure and keeps serving', async () => {
    const { port, errors } = await startLane({
      answer: async (body) => {
        if (body === 'boom') throw new Error('boom');
        return body;
      },
    });
    const c = await open(port);
    c.socket.write(post('boom') + post('fine'));
    await until(() => answers(c.received()).length === 2);
    const [a, b] = answers(c.received());
    expect(a!.status).toBe('HTTP/1.1 500 Internal Server Error');
    // node:http's headers for the plain-text errors it writes on the server's own path.
    expect(Object.keys(a!.headers)).toEqual(['content-type', 'date', 'connection', 'keep-alive', 'content-length']);
    expect(a!.headers).toMatchObject({ 'content-type': 'text/plain; charset=utf-8', connection: 'keep-alive', 'keep-alive': 'timeout=5' });
    expect(a!.body).toBe('internal server error\n');
    expect(b!.body).toBe('fine');
    expect(errors).toHaveLength(1);
  });

  it('answers what came before the client stopped sending, then closes; a partial request left is answered 400', async () => {
    const { port } = await startLane({
      answer: async (body) => {
        await new Promise((r) => setTimeout(r, 30));
        return body;
      },
    });
    const whole = await open(port);
    whole.socket.end(post('last'));
    await whole.closed;
    expect(answers(whole.received()).map((a) => a.body)).toEqual(['last']);

    const partial = await open(port);
    partial.socket.end(post('last') + post('cut').slice(0, -1));
    await partial.closed;
    expect(answers(partial.received()).map((a) => `${a.status} ${a.body}`)).toEqual(['HTTP/1.1 200 OK last', 'HTTP/1.1 400 Bad Request ']);
    expect(partial.received()).toMatch(/HTTP\/1\.1 400 Bad Request\r\nConnection: close\r\n\r\n$/);
  });

  it('answers 408 to a connection that sends nothing within the headers timeout, and closes an idle kept-alive one', async () => {
    const { port } = await startLane({}, { headers: 150, keepAlive: 100 });
    const silent = await open(port);
    const kept = await open(port);
    kept.socket.write(post());
    expect(await silent.closed).toBeGreaterThanOrEqual(140);
    expect(silent.received()).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
    // node:http's keep-alive timeout plus its one second of slack.
    const keptFor = await kept.closed;
    expect(keptFor).toBeGreaterThanOrEqual(1000);
    expect(keptFor).toBeLessThan(3000);
    expect(answers(kept.received())).toHaveLength(1);
  });

  it('has no timeout while a call runs', async () => {
    const { port } = await startLane(
      {
        answer: async (body) => {
          await new Promise((r) => setTimeout(r, 300));
          return body;
        },
      },
      { headers: 100 },
    );
    const c = await open(port);
    c.socket.write(post('slow'));
    await until(() => answers(c.received()).length === 1);
    expect(answers(c.received())[0]!.body).toBe('slow');
    expect(c.socket.destroyed).toBe(false);
  });

  it('closeAll() closes the connections it holds', async () => {
    const { port, lane } = await startLane();
    const c = await open(port);
    c.socket.write(post());
    await until(() => answers(c.received()).length === 1);
    expect(lane.size).toBe(1);
    lane.closeAll();
    await c.closed;
    expect(lane.size).toBe(0);
  });

  it('refuses a server whose connection handling is not node:http’s own', () => {
    const server = createServer();
    server.on('connection', () => {});
    expect(() => new HttpFastLane(server, { accepts: () => true, answer: async () => '', bodyLimit: 1, onError: () => {} })).toThrow(
      /expected node:http's one connection listener, found 2/,
    );
  });
});
