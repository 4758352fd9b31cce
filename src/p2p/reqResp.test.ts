import type { Libp2p, Stream } from '@libp2p/interface';
import { lpStream } from '@libp2p/utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_SIZE, ReqResp, ReqRespError, type RequestHandler } from './reqResp.js';
import { connectedBareNodes, RecordingLogger, stopTestHosts, waitFor } from './testHosts.js';

const PROTOCOL = '/tsgeth/test/1';

// ReqResp on its own, over two bare libp2p nodes.
let a: Libp2p;
let b: Libp2p;
let requester: ReqResp;
let responder: ReqResp;

beforeEach(async () => {
  [a, b] = await connectedBareNodes();
  requester = new ReqResp(a, { log: new RecordingLogger() });
  responder = new ReqResp(b, { log: new RecordingLogger(), handlerTimeoutMs: 1_000 });
});

afterEach(stopTestHosts);

async function failure(p: Promise<unknown>): Promise<ReqRespError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ReqRespError);
  return err as ReqRespError;
}

/** A handler that never answers, and remembers the signal it was given. */
function hangingHandler(): { handler: RequestHandler; signal: () => AbortSignal | undefined } {
  let seen: AbortSignal | undefined;
  return {
    handler: (_req, _peer, signal) => {
      seen = signal;
      return new Promise<Uint8Array>(() => {});
    },
    signal: () => seen,
  };
}

describe('ReqResp', () => {
  it('carries a request and its response, and tells the handler who asked', async () => {
    const askers: string[] = [];
    await responder.handle(PROTOCOL, async (req, peer) => {
      askers.push(peer);
      return req.slice().reverse();
    });
    expect(await requester.request(b.peerId, PROTOCOL, Uint8Array.of(1, 2, 3))).toEqual(Uint8Array.of(3, 2, 1));
    expect(await requester.request(b.peerId.toString(), PROTOCOL, new Uint8Array(0))).toEqual(new Uint8Array(0));
    expect(askers).toEqual([a.peerId.toString(), a.peerId.toString()]);
  });

  it('serves requests side by side', async () => {
    await responder.handle(PROTOCOL, async (req) => {
      await new Promise((r) => setTimeout(r, 20 - req[0]!));
      return Uint8Array.of(req[0]! * 2);
    });
    const replies = await Promise.all([1, 2, 3, 4, 5].map((n) => requester.request(b.peerId, PROTOCOL, Uint8Array.of(n))));
    expect(replies.map((r) => r[0])).toEqual([2, 4, 6, 8, 10]);
  });

  it('carries a message of exactly the limit', async () => {
    await responder.handle(PROTOCOL, async (req) => Uint8Array.of(req.length & 0xff, req[req.length - 1]!));
    const big = new Uint8Array(MAX_MESSAGE_SIZE).fill(9);
    expect(await requester.request(b.peerId, PROTOCOL, big, { timeoutMs: 20_000 })).toEqual(Uint8Array.of(0, 9));
  });

  it("hands the handler's error to the requester", async () => {
    await responder.handle(PROTOCOL, async () => {
      throw new Error('unknown block 0x1234');
    });
    const err = await failure(requester.request(b.peerId, PROTOCOL, Uint8Array.of(1)));
    expect(err.code).toBe('remote');
    expect(err.message).toBe(`${PROTOCOL} request to ${b.peerId.toString()} failed on the peer: unknown block 0x1234`);
  });

  it('times out a request the peer does not answer, and the handler is told to give up', async () => {
    const hanging = hangingHandler();
    // A responder that would wait a minute for its handler.
    const patient = new ReqResp(b, { log: new RecordingLogger(), handlerTimeoutMs: 60_000 });
    await patient.handle(PROTOCOL, hanging.handler);
    const started = Date.now();
    const err = await failure(requester.request(b.peerId, PROTOCOL, Uint8Array.of(1), { timeoutMs: 300 }));
    expect(err.code).toBe('timeout');
    expect(err.message).toBe(`${PROTOCOL} request to ${b.peerId.toString()} timed out after 300 ms`);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The requester reset the stream: the responder stops waiting for its handler.
    await waitFor('the handler signal to abort', () => hanging.signal()?.aborted === true);
  });

  it('answers with an error when the handler takes too long', async () => {
    const hanging = hangingHandler();
    await responder.handle(PROTOCOL, hanging.handler);
    const err = await failure(requester.request(b.peerId, PROTOCOL, Uint8Array.of(1), { timeoutMs: 10_000 }));
    expect(err.code).toBe('remote');
    expect(err.message).toMatch(/failed on the peer: handler timed out after 1000 ms$/);
    expect(hanging.signal()?.aborted).toBe(true);
  });

  it('refuses to send a request over the limit', async () => {
    let called = false;
    await responder.handle(PROTOCOL, async () => {
      called = true;
      return new Uint8Array(0);
    });
    const err = await failure(requester.request(b.peerId, PROTOCOL, new Uint8Array(MAX_MESSAGE_SIZE + 1)));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/10485761 bytes exceed the 10485760 byte limit/);
    expect(called).toBe(false);
  });

  it('resets the stream of a peer that sends a request over the limit, without calling the handler', async () => {
    let called = false;
    await responder.handle(PROTOCOL, async () => {
      called = true;
      return new Uint8Array(0);
    });
    const stream: Stream = await a.dialProtocol(b.peerId, PROTOCOL);
    const closed = new Promise<Error | undefined>((resolve) => stream.addEventListener('close', (evt) => resolve(evt.error)));
    const lp = lpStream(stream, { maxDataLength: 2 * MAX_MESSAGE_SIZE });
    await lp.write(new Uint8Array(MAX_MESSAGE_SIZE + 1)).catch(() => undefined);
    const error = await closed;
    expect(error).toBeDefined();
    expect(stream.status).toMatch(/reset|aborted/);
    expect(called).toBe(false);
  });

  it('refuses a response over the limit', async () => {
    await b.handle(PROTOCOL, async (stream) => {
      const lp = lpStream(stream);
      await lp.read();
      // A status byte and one byte more than a message may have.
      await lp.write(new Uint8Array(MAX_MESSAGE_SIZE + 2)).catch(() => undefined);
    });
    const err = await failure(requester.request(b.peerId, PROTOCOL, Uint8Array.of(1), { timeoutMs: 10_000 }));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/the response exceeds the 10485760 byte limit/);
  });

  it('answers with an error when the handler returns more than the limit', async () => {
    await responder.handle(PROTOCOL, async () => new Uint8Array(MAX_MESSAGE_SIZE + 1));
    const err = await failure(requester.request(b.peerId, PROTOCOL, Uint8Array.of(1)));
    expect(err.code).toBe('remote');
    expect(err.message).toMatch(/response of 10485761 bytes exceeds the 10485760 byte limit/);
  });

  it.each([
    ['an unknown status byte', Uint8Array.of(7, 1, 2), /unknown response status 7/],
    ['an empty frame', new Uint8Array(0), /empty response/],
  ])('calls a response with %s malformed', async (_name, frame, message) => {
    await b.handle(PROTOCOL, async (stream) => {
      const lp = lpStream(stream);
      await lp.read();
      await lp.write(frame);
      await stream.close();
    });
    const err = await failure(requester.request(b.peerId, PROTOCOL, Uint8Array.of(1)));
    expect(err.code).toBe('malformed');
    expect(err.message).toMatch(message);
  });

  it('reports a peer that closes the stream without answering', async () => {
    await b.handle(PROTOCOL, async (stream) => {
      await lpStream(stream).read();
      await stream.close();
    });
    const err = await failure(requester.request(b.peerId, PROTOCOL, Uint8Array.of(1)));
    expect(err.code).toBe('stream');
    expect(err.message).toMatch(/the peer closed the stream without a response/);
  });

  it('reports a protocol the peer does not serve', async () => {
    const err = await failure(requester.request(b.peerId, '/tsgeth/nothing/1', Uint8Array.of(1)));
    expect(err.code).toBe('stream');
    expect(err.message).toMatch(/the peer does not support the protocol/);
  });

  it('reports a bad peer id', async () => {
    await expect(requester.request('not-a-peer', PROTOCOL, Uint8Array.of(1))).rejects.toThrow(/invalid peer id "not-a-peer"/);
  });

  it('cuts a long error message', async () => {
    await responder.handle(PROTOCOL, async () => {
      throw new Error('x'.repeat(5000));
    });
    const err = await failure(requester.request(b.peerId, PROTOCOL, Uint8Array.of(1)));
    expect(err.message.endsWith('x'.repeat(1024))).toBe(true);
    expect(err.message).not.toContain('x'.repeat(1025));
  });
});
