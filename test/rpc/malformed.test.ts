// Robustness of the JSON-RPC servers against bad input and bad clients, on real sockets: a few thousand generated
// malformed requests over HTTP and WebSocket, each answered with geth's error code (or HTTP status); batches and
// bodies over the limits; clients that stall mid-request; slow calls next to quick ones. After each, the servers
// still answer valid calls, nothing is rejected unhandled and nothing is logged as an error.
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { bytesToHex } from '../../src/common/bytes.js';
import { Logger, type LogFields, type LogLevel } from '../../src/common/log.js';
import { SILENT_LOG, TEST_ADDRESSES } from '../../src/core/chain/testChain.js';
import type { RpcApiConfig } from '../../src/rpc/apiConfig.js';
import { createRegistry } from '../../src/rpc/apis.js';
import { HttpRpcServer, type HttpServerOptions } from '../../src/rpc/httpServer.js';
import { decodeNumber, method, param } from '../../src/rpc/params.js';
import { DEFAULT_APIS } from '../../src/rpc/registry.js';
import { WsRpcServer, type WsServerOptions } from '../../src/rpc/wsServer.js';
import {
  CASE_KINDS,
  generateMalformedCases,
  type Expected,
  type MalformedCase,
  type Reply,
} from './malformedRequests.js';
import { buildFixture, COUNTER, LOOP, rpc, type RpcFixture } from './rpcFixture.js';

/** Remembers what the servers log as errors: bad input must never look like a server failure. */
class RecordingLogger extends Logger {
  readonly errors: string[] = [];

  override log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (level !== 'error') return;
    this.errors.push(`${msg} ${JSON.stringify(fields ?? {}, (_k, x: unknown) => (x instanceof Error ? x.message : x))}`);
  }
}

let fixture: RpcFixture;
const logger = new RecordingLogger();
const rejections: unknown[] = [];
const onRejection = (reason: unknown): void => {
  rejections.push(reason);
};

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  fixture = await buildFixture();
});

afterAll(() => {
  process.off('unhandledRejection', onRejection);
});

afterEach(() => {
  const rejected = rejections.splice(0);
  const logged = logger.errors.splice(0);
  expect(rejected).toEqual([]);
  expect(logged).toEqual([]);
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The standard namespaces plus test_sleep, a call that takes as long as it is told without keeping the CPU busy. */
function registry(api: Partial<RpcApiConfig> = {}) {
  const r = createRegistry(fixture.backend, { log: SILENT_LOG, ...api });
  r.register({
    namespace: 'test',
    methods: {
      test_sleep: method([param('ms', decodeNumber)], async (ms) => {
        await sleep(ms);
        return ms;
      }),
    },
  });
  return r;
}

const APIS = [...DEFAULT_APIS, 'test'];

async function startHttp(options: Partial<HttpServerOptions> = {}, api: Partial<RpcApiConfig> = {}) {
  const server = new HttpRpcServer(registry(api), { port: 0, apis: APIS, log: logger, ...options });
  await server.start();
  return { server, url: server.endpoint()! };
}

async function startWs(options: Partial<WsServerOptions> = {}, api: Partial<RpcApiConfig> = {}) {
  const server = new WsRpcServer(registry(api), { port: 0, apis: APIS, log: logger, ...options });
  await server.start();
  return { server, url: server.endpoint()! };
}

const call = (id: number | string, name: string, params: unknown[] = []) => ({ jsonrpc: '2.0', id, method: name, params });

/** A WebSocket client that queues what it receives, so replies can be awaited one by one. */
class WsClient {
  private readonly queue: string[] = [];
  private readonly waiters: ((text: string) => void)[] = [];
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      const waiter = this.waiters.shift();
      if (waiter !== undefined) waiter(text);
      else this.queue.push(text);
    });
    this.closed = new Promise((resolve) => ws.once('close', (code: number) => resolve(code)));
  }

  static async open(url: string): Promise<WsClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new WsClient(ws);
  }

  send(data: string | Uint8Array, binary = false): void {
    this.ws.send(data, { binary });
  }

  /** The next message, or undefined when none comes within `timeoutMs`. */
  next(timeoutMs = 10_000): Promise<string | undefined> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const waiter = (text: string): void => {
        clearTimeout(timer);
        resolve(text);
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async call(id: number | string, name: string, params: unknown[] = []): Promise<unknown> {
    this.send(JSON.stringify(call(id, name, params)));
    const text = await this.next();
    return text === undefined ? undefined : JSON.parse(text);
  }

  get pending(): number {
    return this.queue.length;
  }

  close(): void {
    this.ws.terminate();
  }
}

// --- checking answers against expectations ---

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const short = (v: unknown): string => (JSON.stringify(v) ?? String(v)).slice(0, 160);

function checkReply(want: Reply, got: unknown): string | undefined {
  if (!isRecord(got) || got.jsonrpc !== '2.0') return `not a JSON-RPC response: ${short(got)}`;
  if (JSON.stringify(got.id) !== JSON.stringify(want.id)) return `id ${short(got.id)}, want ${short(want.id)}`;
  if ('result' in want.outcome) {
    return 'result' in got && !('error' in got) ? undefined : `error ${short(got.error)}, want a result`;
  }
  const error = got.error;
  if (!isRecord(error) || 'result' in got) return `result ${short(got.result)}, want error ${want.outcome.code}`;
  if (error.code !== want.outcome.code) return `error ${error.code} "${short(error.message)}", want ${want.outcome.code}`;
  if (typeof error.message !== 'string' || error.message === '') return `error ${error.code} without a message`;
  return undefined;
}

/** What is wrong with an answer (`status` undefined over WebSocket, `text` undefined when nothing came). */
function checkAnswer(expected: Expected, status: number | undefined, text: string | undefined): string | undefined {
  if (expected.type === 'status') return status === expected.status ? undefined : `status ${status}, want ${expected.status}`;
  if (status !== undefined && status !== 200) return `status ${status} "${(text ?? '').slice(0, 100)}", want 200`;
  if (expected.type === 'none') return text === undefined || text === '' ? undefined : `an answer to notifications: ${text.slice(0, 160)}`;
  if (text === undefined || text === '') return 'no answer';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `answer is not JSON: ${text.slice(0, 160)}`;
  }
  if (expected.type === 'single') return Array.isArray(json) ? `a batch answer, want one: ${short(json)}` : checkReply(expected.reply, json);
  if (!Array.isArray(json)) return `not a batch answer: ${short(json)}`;
  if (json.length !== expected.replies.length) return `${json.length} replies, want ${expected.replies.length}: ${short(json)}`;
  for (let i = 0; i < json.length; i++) {
    const wrong = checkReply(expected.replies[i]!, json[i]);
    if (wrong !== undefined) return `reply ${i}: ${wrong}`;
  }
  return undefined;
}

function describeCase(c: MalformedCase, wrong: string): string {
  const body = Buffer.from(c.body).toString('utf8');
  const shown = body.length > 120 ? `${body.slice(0, 120)}... (${c.body.length} bytes)` : body;
  return `${c.kind} ${JSON.stringify(shown)}: ${wrong}`;
}

/** Runs `work` on every item, `workers` at a time. */
async function inParallel<T>(items: readonly T[], workers: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function expectServing(url: string): Promise<void> {
  expect(await rpc(url, 'eth_blockNumber')).toEqual({ jsonrpc: '2.0', id: expect.any(Number), result: '0x3' });
}

describe('a few thousand malformed requests', () => {
  const SEED = 0x7356e7;
  const PER_KIND = 150;
  let cases: MalformedCase[];

  beforeAll(() => {
    const valid = {
      address: bytesToHex(TEST_ADDRESSES[0]!),
      callable: bytesToHex(COUNTER),
      blockHash: bytesToHex(fixture.blocks[0]!.hash),
      txHash: bytesToHex(fixture.txs.legacy.hash),
    };
    const generated = generateMalformedCases(SEED, PER_KIND, valid);
    cases = generated.cases;
    // Every kind is there, and the generator is deterministic.
    for (const kind of CASE_KINDS) expect(generated.counts[kind], kind).toBeGreaterThanOrEqual(20);
    expect(cases.length).toBeGreaterThan(2_500);
    expect(generateMalformedCases(SEED, PER_KIND, valid).cases.map((c) => Buffer.from(c.body).toString('hex'))).toEqual(
      cases.map((c) => Buffer.from(c.body).toString('hex')),
    );
  });

  it('over HTTP: each gets its error code or status, and the server goes on serving', async () => {
    const { server, url } = await startHttp();
    try {
      const wrong: string[] = [];
      await inParallel(cases, 8, async (c) => {
        const headers: Record<string, string> = c.contentType === null ? {} : { 'Content-Type': c.contentType };
        const res = await fetch(url, { method: c.httpMethod, headers, body: c.body });
        const text = await res.text();
        const mismatch = checkAnswer(c.expected, res.status, text);
        if (mismatch !== undefined) wrong.push(describeCase(c, mismatch));
      });
      expect({ wrong: wrong.length, first: wrong.slice(0, 20) }).toEqual({ wrong: 0, first: [] });
      await expectServing(url);
    } finally {
      await server.stop();
    }
  });

  it('over WebSocket: each gets its error code on a connection that stays open', async () => {
    const { server, url } = await startWs();
    const clients = await Promise.all(Array.from({ length: 4 }, () => WsClient.open(url)));
    try {
      const wsCases = cases.filter((c) => !c.httpOnly);
      const wrong: string[] = [];
      let marker = 0;
      await Promise.all(
        clients.map(async (client, k) => {
          for (let i = k; i < wsCases.length; i += clients.length) {
            const c = wsCases[i]!;
            client.send(c.body, c.binary);
            if (c.expected.type === 'none') {
              // Nothing may come back: a call sent after it must be the next thing answered.
              const id = `marker-${marker++}`;
              client.send(JSON.stringify(call(id, 'eth_chainId')));
              const text = await client.next();
              const mismatch = checkAnswer({ type: 'single', reply: { id, outcome: { result: true } } }, undefined, text);
              if (mismatch !== undefined) wrong.push(describeCase(c, mismatch));
              continue;
            }
            const mismatch = checkAnswer(c.expected, undefined, await client.next());
            if (mismatch !== undefined) wrong.push(describeCase(c, mismatch));
          }
        }),
      );
      expect({ wrong: wrong.length, first: wrong.slice(0, 20) }).toEqual({ wrong: 0, first: [] });
      // No stray answers arrive late, and every connection is still open and served.
      await sleep(50);
      expect(clients.map((c) => c.pending)).toEqual([0, 0, 0, 0]);
      expect(server.connectionCount).toBe(4);
      for (const [i, client] of clients.entries()) {
        expect(await client.call(i, 'eth_blockNumber')).toEqual({ jsonrpc: '2.0', id: i, result: '0x3' });
      }
    } finally {
      for (const c of clients) c.close();
      await server.stop();
    }
  });

  it('a text frame that is not UTF-8 closes that connection (1007, as RFC 6455 requires), no other', async () => {
    const { server, url } = await startWs();
    const [bad, good] = [await WsClient.open(url), await WsClient.open(url)];
    try {
      bad.send(Uint8Array.from([0x7b, 0xff, 0x7d]), false);
      expect(await bad.closed).toBe(1007);
      expect(await good.call(1, 'eth_chainId')).toEqual({ jsonrpc: '2.0', id: 1, result: '0x539' });
    } finally {
      bad.close();
      good.close();
      await server.stop();
    }
  });
});

describe('batches and bodies over the limits', () => {
  const chainIdNotification = '{"jsonrpc":"2.0","method":"eth_chainId"}';
  /** `n` items: one call with id 7 at `first`, notifications around it (small, to keep 100k items under 5 MiB). */
  const bigBatch = (n: number, first: number): string =>
    `[${Array.from({ length: n }, (_, i) => (i === first ? JSON.stringify(call(7, 'eth_chainId')) : chainIdNotification)).join(',')}]`;
  const tooLarge = (id: number | null, n: number) => [
    { jsonrpc: '2.0', id, error: { code: -32600, message: `batch too large (${n} > 1000 requests)` } },
  ];

  it('HTTP: batches of 1001 and 100k items get one "batch too large" under the first call id', async () => {
    const { server, url } = await startHttp();
    try {
      const post = async (body: string) => {
        const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
        return { status: res.status, json: (await res.json()) as unknown };
      };
      expect(await post(bigBatch(1001, 0))).toEqual({ status: 200, json: tooLarge(7, 1001) });
      const huge = bigBatch(100_000, 99_999);
      expect(huge.length).toBeLessThan(5 * 1024 * 1024);
      expect(await post(huge)).toEqual({ status: 200, json: tooLarge(7, 100_000) });
      // No call in it: the error has no id to take.
      expect(await post(`[${Array(100_000).fill('1').join(',')}]`)).toEqual({ status: 200, json: tooLarge(null, 100_000) });
      await expectServing(url);
    } finally {
      await server.stop();
    }
  });

  it('HTTP: a body over 5 MiB is refused with 413, whether its length is declared or it streams in', async () => {
    const { server, url } = await startHttp();
    try {
      const limit = 5 * 1024 * 1024;
      const big = Buffer.alloc(limit + 1, 0x20);
      const declared = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big });
      expect(declared.status).toBe(413);
      expect(await declared.text()).toBe(`content length too large (${limit + 1}>${limit})\n`);
      // Chunked, with no length up front: refused once the limit is passed.
      const streamed = await new Promise<number>((resolve, reject) => {
        const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = (): void => {
          while (sent <= limit + chunk.length) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      expect(streamed).toBe(413);
      // A declared length far over the limit is refused before anything is read.
      const early = await rawHttp(
        server.address.port,
        'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n',
      );
      expect(early).toMatch(/^HTTP\/1\.1 413 /);
      await expectServing(url);
    } finally {
      await server.stop();
    }
  });

  it('WebSocket: a 100k batch gets "batch too large"; a message over 32 MiB closes its connection (1009), no other', async () => {
    const { server, url } = await startWs();
    const [client, bystander] = [await WsClient.open(url), await WsClient.open(url)];
    try {
      client.send(bigBatch(100_000, 5));
      expect(JSON.parse((await client.next())!)).toEqual(tooLarge(7, 100_000));
      // Exactly at the limit is fine.
      const limit = 32 * 1024 * 1024;
      client.send(JSON.stringify(call(8, 'eth_chainId')).padEnd(limit, ' '));
      expect(JSON.parse((await client.next())!)).toEqual({ jsonrpc: '2.0', id: 8, result: '0x539' });
      client.send(JSON.stringify(call(9, 'eth_chainId')).padEnd(limit + 1, ' '));
      expect(await client.closed).toBe(1009);
      // The limit is on the message, however it is split into frames.
      const fragmented = await WsClient.open(url);
      const half = Buffer.alloc(limit / 2 + 1, 0x20);
      fragmented.ws.send(half, { binary: false, fin: false });
      fragmented.ws.send(half, { binary: false, fin: true });
      expect(await fragmented.closed).toBe(1009);
      expect(await bystander.call(1, 'eth_blockNumber')).toEqual({ jsonrpc: '2.0', id: 1, result: '0x3' });
      const fresh = await WsClient.open(url);
      expect(await fresh.call(2, 'eth_chainId')).toEqual({ jsonrpc: '2.0', id: 2, result: '0x539' });
      fresh.close();
    } finally {
      client.close();
      bystander.close();
      await server.stop();
    }
  });
});

/** Sends `text` on a fresh connection and returns all that comes back until the server closes it. */
function rawHttp(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(got));
  });
}

interface Stalled {
  /** Everything received and how long the connection lasted, once the server has closed it. */
  closed: Promise<{ afterMs: number; received: string }>;
}

/** Opens a connection, sends `text` and then nothing more. */
function stall(port: number, text: string | Buffer): Promise<Stalled> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    let received = '';
    const started = performance.now();
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    const closed = new Promise<{ afterMs: number; received: string }>((done) =>
      socket.on('close', () => done({ afterMs: performance.now() - started, received })),
    );
    // A reset as the server cuts the connection is what is expected; only failing to connect is an error.
    socket.on('error', (e) => {
      if (socket.connecting) reject(e);
    });
    socket.once('connect', () => {
      socket.write(text);
      resolve({ closed });
    });
  });
}

describe('requests that never complete', () => {
  const READ_TIMEOUT = 400;

  it('HTTP: stalled headers and bodies do not hold up other clients, and are cut off after the read timeout', async () => {
    const { server, url } = await startHttp({ readTimeout: READ_TIMEOUT, readHeaderTimeout: READ_TIMEOUT, idleTimeout: 5_000 });
    const port = server.address.port;
    try {
      const stalled = await Promise.all([
        ...Array.from({ length: 10 }, () =>
          stall(port, 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jsonrpc":'),
        ),
        ...Array.from({ length: 10 }, () => stall(port, 'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Ty')),
        ...Array.from({ length: 5 }, () => stall(port, '')),
      ]);
      // Served meanwhile, each at once.
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await expectServing(url);
        expect(performance.now() - started).toBeLessThan(READ_TIMEOUT);
      }
      for (const s of stalled) {
        const { afterMs, received } = await s.closed;
        expect(afterMs).toBeGreaterThanOrEqual(READ_TIMEOUT - 50);
        expect(afterMs).toBeLessThan(READ_TIMEOUT + 3_000);
        expect(received).toMatch(/^(HTTP\/1\.1 408 |$)/);
      }
      await expectServing(url);
    } finally {
      await server.stop();
    }
  });

  it('HTTP: a kept-alive connection that sends nothing more is closed after the idle timeout', async () => {
    const { server } = await startHttp({ idleTimeout: 300 });
    try {
      const body = JSON.stringify(call(1, 'eth_chainId'));
      const s = await stall(
        server.address.port,
        `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      const { afterMs, received } = await s.closed;
      expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(received).toContain('{"jsonrpc":"2.0","id":1,"result":"0x539"}');
      expect(afterMs).toBeGreaterThanOrEqual(300);
      expect(afterMs).toBeLessThan(5_000);
    } finally {
      await server.stop();
    }
  });

  it('WebSocket: a handshake or a frame never finished does not hold up other clients; the connection is dropped', async () => {
    const PING = 200;
    const { server, url } = await startWs({ pingInterval: PING, readTimeout: READ_TIMEOUT, readHeaderTimeout: READ_TIMEOUT });
    const port = server.address.port;
    const other = await WsClient.open(url);
    try {
      const handshake = [
        'GET / HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n');
      // A masked text frame announcing 1000 bytes, of which 12 come.
      const partialFrame = Buffer.concat([Buffer.from([0x81, 0xfe, 0x03, 0xe8, 1, 2, 3, 4]), Buffer.from('{"jsonrpc":"')]);
      const midFrame = await stall(port, Buffer.concat([Buffer.from(handshake), partialFrame]));
      const midHandshake = await stall(port, handshake.slice(0, 40));
      // Served meanwhile, on the same server.
      for (let i = 0; i < 5; i++) {
        expect(await other.call(i, 'eth_blockNumber')).toEqual({ jsonrpc: '2.0', id: i, result: '0x3' });
        await sleep(20);
      }
      const frame = await midFrame.closed;
      expect(frame.received).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
      // Dropped at the second ping it has not answered.
      expect(frame.afterMs).toBeLessThan(2 * PING + 3_000);
      const hs = await midHandshake.closed;
      expect(hs.afterMs).toBeGreaterThanOrEqual(READ_TIMEOUT - 50);
      expect(hs.afterMs).toBeLessThan(READ_TIMEOUT + 3_000);
      // The well-behaved client answers pings, and is still there.
      expect(server.connectionCount).toBe(1);
      expect(await other.call('after', 'eth_chainId')).toEqual({ jsonrpc: '2.0', id: 'after', result: '0x539' });
    } finally {
      other.close();
      await server.stop();
    }
  });
});

describe('a slow call next to quick ones', () => {
  it('HTTP: a call waiting on something does not hold up eth_blockNumber', async () => {
    const { server, url } = await startHttp();
    try {
      let slowDone = 0;
      const slow = rpc(url, 'test_sleep', [1_000]).then((r) => ((slowDone = performance.now()), r));
      await sleep(50);
      const started = performance.now();
      await expectServing(url);
      const quickDone = performance.now();
      expect(quickDone - started).toBeLessThan(800);
      expect((await slow).result).toBe(1_000);
      expect(slowDone).toBeGreaterThan(quickDone);
    } finally {
      await server.stop();
    }
  });

  it('WebSocket: on the same connection, the quick answer overtakes the slow one', async () => {
    const { server, url } = await startWs();
    const client = await WsClient.open(url);
    try {
      client.send(JSON.stringify(call('slow', 'test_sleep', [1_000])));
      client.send(JSON.stringify(call('quick', 'eth_blockNumber')));
      expect(JSON.parse((await client.next())!)).toEqual({ jsonrpc: '2.0', id: 'quick', result: '0x3' });
      expect(JSON.parse((await client.next())!)).toEqual({ jsonrpc: '2.0', id: 'slow', result: 1_000 });
    } finally {
      client.close();
      await server.stop();
    }
  });

  it('a long batch of eth_calls lets other requests through between its calls', async () => {
    const { server, url } = await startHttp();
    try {
      const batch = Array.from({ length: 1_000 }, (_, i) => call(i, 'eth_call', [{ to: bytesToHex(COUNTER) }]));
      let batchDone = 0;
      const running = fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(batch) })
        .then((res) => res.json() as Promise<unknown[]>)
        .then((replies) => ((batchDone = performance.now()), replies));
      await expectServing(url);
      const quickDone = performance.now();
      const replies = await running;
      expect(replies).toHaveLength(1_000);
      expect(replies.every((r) => isRecord(r) && typeof r.result === 'string')).toBe(true);
      expect(quickDone).toBeLessThan(batchDone);
    } finally {
      await server.stop();
    }
  });

  it('HTTP: calls still running at the write timeout are answered "request timed out" (-32002)', async () => {
    const { server, url } = await startHttp({ writeTimeout: 300 });
    try {
      const started = performance.now();
      expect(await rpc(url, 'test_sleep', [3_000])).toEqual({
        jsonrpc: '2.0',
        id: expect.any(Number),
        error: { code: -32002, message: 'request timed out' },
      });
      expect(performance.now() - started).toBeLessThan(2_000);
      // In a batch, what was answered in time stays; the calls after it time out too.
      const batch = [
        call(1, 'eth_chainId'),
        call(2, 'test_sleep', [3_000]),
        { jsonrpc: '2.0', method: 'eth_chainId' },
        call(3, 'eth_chainId'),
      ];
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(batch) });
      expect(await res.json()).toEqual([
        { jsonrpc: '2.0', id: 1, result: '0x539' },
        { jsonrpc: '2.0', id: 2, error: { code: -32002, message: 'request timed out' } },
        { jsonrpc: '2.0', id: 3, error: { code: -32002, message: 'request timed out' } },
      ]);
      await expectServing(url);
    } finally {
      await server.stop();
    }
  });

  it('an endless eth_call does not hold up eth_blockNumber: it finishes off the main thread, timing out as before', async () => {
    const EVM_TIMEOUT = 500;
    // No gas cap: the loop would otherwise run out of gas before the timeout.
    const { server, url } = await startHttp({}, { evmTimeoutMs: EVM_TIMEOUT, gasCap: 0n });
    try {
      let loopDone = 0;
      const loop = rpc(url, 'eth_call', [{ to: bytesToHex(LOOP), gas: '0xffffffffffff' }]).then((r) => ((loopDone = performance.now()), r));
      await sleep(20);
      const started = performance.now();
      await expectServing(url);
      const quickDone = performance.now();
      expect(await loop).toMatchObject({ error: { code: -32000, message: `execution aborted (timeout = ${EVM_TIMEOUT}ms)` } });
      // Held up for the main thread's slice of the call at most, not for its timeout.
      expect(quickDone - started).toBeLessThan(EVM_TIMEOUT / 2);
      expect(quickDone).toBeLessThan(loopDone);
    } finally {
      await server.stop();
    }
  });
});
