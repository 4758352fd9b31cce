// Request/response over libp2p streams: one stream per request, one length-prefixed frame each way. The request
// frame is the request bytes; the response frame starts with a status byte, 0 and the response bytes, or 1 and a
// UTF-8 error message, so a handler's failure reaches the requester as an error rather than as a hang.
// Both read sides refuse frames over MAX_MESSAGE_SIZE (geth's 10 MiB message cap) and reset the stream.
import './promisePolyfill.js';
import type { Libp2p, PeerId, Stream } from '@libp2p/interface';
import { InvalidDataLengthError, lpStream, UnexpectedEOFError } from '@libp2p/utils';
import type { Logger } from '../common/log.js';
import { toPeerId } from './peerId.js';

export const MAX_MESSAGE_SIZE = 10 * 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_HANDLER_TIMEOUT_MS = 10_000;
/** A handler's error message is cut to this many bytes: it is for a log line, not a payload. */
const MAX_ERROR_MESSAGE_BYTES = 1024;

const STATUS_OK = 0;
const STATUS_ERROR = 1;

export type ReqRespErrorCode =
  /** No response in time. */
  | 'timeout'
  /** The peer's handler failed; the message is the peer's. */
  | 'remote'
  /** A request or response over MAX_MESSAGE_SIZE. */
  | 'too-large'
  /** The response does not follow the protocol. */
  | 'malformed'
  /** The stream could not be opened, or broke. */
  | 'stream';

export class ReqRespError extends Error {
  override name = 'ReqRespError';
  constructor(
    readonly code: ReqRespErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Answers one request. `signal` aborts when the handler runs out of time or the requester goes away; a handler
 * that ignores it is not waited for. What it throws goes back to the requester as the error message.
 */
export type RequestHandler = (request: Uint8Array, peer: string, signal: AbortSignal) => Promise<Uint8Array>;

export interface RequestOptions {
  /** Milliseconds for the whole exchange, stream opening included (default DEFAULT_REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
}

export interface ReqRespOptions {
  log: Logger;
  /** Milliseconds a handler may take before the requester is told it timed out (default DEFAULT_HANDLER_TIMEOUT_MS). */
  handlerTimeoutMs?: number;
}

/** The part of libp2p request/response needs. */
export type StreamNode = Pick<Libp2p, 'handle' | 'dialProtocol'>;

/** An AbortSignal that fires after `ms`, or earlier through abort(); dispose() clears the timer. */
class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout>;
  timedOut = false;

  constructor(ms: number) {
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.#controller.abort(new Error(`timed out after ${ms} ms`));
    }, ms);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  abort(reason: Error): void {
    this.#controller.abort(reason);
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}

/** `promise`, or a rejection as soon as `signal` aborts (the promise itself is left to settle unobserved). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Length-prefixed framing that reads at most `maxFrame` bytes a frame, and buffers no more than one frame. */
function framed(stream: Stream, maxFrame: number) {
  return lpStream(stream, { maxDataLength: maxFrame, maxBufferSize: maxFrame + 16 });
}

/** A frame as a plain Uint8Array (Uint8ArrayList hands out Node Buffers, whose slice() does not copy). */
function frameBytes(list: { subarray(): Uint8Array }): Uint8Array {
  const bytes = list.subarray();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function errorFrame(message: string): Uint8Array {
  let text = new TextEncoder().encode(message);
  if (text.length > MAX_ERROR_MESSAGE_BYTES) text = text.subarray(0, MAX_ERROR_MESSAGE_BYTES);
  const frame = new Uint8Array(1 + text.length);
  frame[0] = STATUS_ERROR;
  frame.set(text, 1);
  return frame;
}

function okFrame(response: Uint8Array): Uint8Array {
  const frame = new Uint8Array(1 + response.length);
  frame[0] = STATUS_OK;
  frame.set(response, 1);
  return frame;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class ReqResp {
  readonly #log: Logger;
  readonly #handlerTimeoutMs: number;

  constructor(
    private readonly node: StreamNode,
    options: ReqRespOptions,
  ) {
    this.#log = options.log;
    this.#handlerTimeoutMs = options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  }

  /** Serves `protocol` with `handler`; registering a protocol twice is an error. */
  async handle(protocol: string, handler: RequestHandler): Promise<void> {
    await this.node.handle(protocol, (stream, connection) => {
      void this.#serve(protocol, handler, stream, connection.remotePeer.toString());
    });
  }

  /** Sends `request` to `peer` over `protocol` and resolves with the response; failures are ReqRespErrors. */
  async request(peer: PeerId | string, protocol: string, request: Uint8Array, options: RequestOptions = {}): Promise<Uint8Array> {
    const peerId = toPeerId(peer);
    const what = `${protocol} request to ${peerId.toString()}`;
    if (request.length > MAX_MESSAGE_SIZE) {
      throw new ReqRespError('too-large', `${what}: ${request.length} bytes exceed the ${MAX_MESSAGE_SIZE} byte limit`);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const deadline = new Deadline(timeoutMs);
    const signal = deadline.signal;
    let stream: Stream | undefined;
    try {
      stream = await this.node.dialProtocol(peerId, protocol, { signal });
      const lp = framed(stream, MAX_MESSAGE_SIZE + 1);
      await lp.write(request, { signal });
      // Half-close: the responder sees the request is complete; the response still flows back.
      await stream.close({ signal });
      const frame = frameBytes(await lp.read({ signal }));
      if (frame.length === 0) throw new ReqRespError('malformed', `${what}: empty response`);
      if (frame[0] === STATUS_OK) return frame.subarray(1);
      if (frame[0] === STATUS_ERROR) {
        const message = new TextDecoder().decode(frame.subarray(1));
        throw new ReqRespError('remote', `${what} failed on the peer: ${message}`);
      }
      throw new ReqRespError('malformed', `${what}: unknown response status ${frame[0]}`);
    } catch (e) {
      const err = this.#requestError(e, what, deadline.timedOut, timeoutMs);
      // Reset rather than close: whatever the peer still sends is unwanted.
      stream?.abort(err);
      throw err;
    } finally {
      deadline.dispose();
    }
  }

  #requestError(e: unknown, what: string, timedOut: boolean, timeoutMs: number): ReqRespError {
    if (timedOut) return new ReqRespError('timeout', `${what} timed out after ${timeoutMs} ms`);
    if (e instanceof ReqRespError) return e;
    if (e instanceof InvalidDataLengthError) {
      return new ReqRespError('too-large', `${what}: the response exceeds the ${MAX_MESSAGE_SIZE} byte limit`);
    }
    if (e instanceof UnexpectedEOFError) return new ReqRespError('stream', `${what}: the peer closed the stream without a response`);
    if (e instanceof Error && e.name === 'UnsupportedProtocolError') {
      return new ReqRespError('stream', `${what}: the peer does not support the protocol`);
    }
    return new ReqRespError('stream', `${what} failed: ${errorMessage(e)}`);
  }

  async #serve(protocol: string, handler: RequestHandler, stream: Stream, peer: string): Promise<void> {
    const deadline = new Deadline(this.#handlerTimeoutMs);
    const signal = deadline.signal;
    // The requester resetting the stream (its own timeout, a disconnect) ends the wait for the handler too.
    const onClose = () => deadline.abort(new Error('stream closed'));
    stream.addEventListener('close', onClose);
    let sending: Deadline | undefined;
    try {
      const lp = framed(stream, MAX_MESSAGE_SIZE);
      const request = frameBytes(await lp.read({ signal }));
      let frame: Uint8Array;
      try {
        const response = await untilAborted(handler(request, peer, signal), signal);
        frame =
          response.length > MAX_MESSAGE_SIZE
            ? errorFrame(`response of ${response.length} bytes exceeds the ${MAX_MESSAGE_SIZE} byte limit`)
            : okFrame(response);
      } catch (e) {
        if (signal.aborted && !deadline.timedOut) throw e;
        const message = deadline.timedOut ? `handler timed out after ${this.#handlerTimeoutMs} ms` : errorMessage(e);
        this.#log.debug('Request handler failed', { protocol, peer, err: message });
        frame = errorFrame(message);
      }
      // A fresh deadline: the handler's may be spent, and an error frame is still worth sending.
      sending = new Deadline(this.#handlerTimeoutMs);
      await lp.write(frame, { signal: sending.signal });
      await stream.close({ signal: sending.signal });
    } catch (e) {
      const err = e instanceof InvalidDataLengthError ? new Error(`request exceeds the ${MAX_MESSAGE_SIZE} byte limit`) : e;
      this.#log.debug('Inbound request failed', { protocol, peer, err });
      stream.abort(err instanceof Error ? err : new Error(String(err)));
    } finally {
      stream.removeEventListener('close', onClose);
      deadline.dispose();
      sending?.dispose();
    }
  }
}
