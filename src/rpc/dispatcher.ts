// The transport-independent half of the server: one message in (a request, a notification or a batch, as JSON
// text), the response text out. Follows geth's rpc handler: notifications run but get no answer; a batch is
// answered in order, one response per call; a batch over the item limit gets a single "batch too large" error; once
// a batch's responses pass the size limit, its remaining calls get "response too large". With a request timeout
// (geth's HTTP write timeout), calls still unanswered when it passes get "request timed out"; they run on, as
// nothing can stop a running call, but their answers are dropped.
import { log as rootLog, type Logger } from '../common/log.js';
import {
  errorResponse,
  INTERNAL_ERROR,
  invalidParams,
  invalidRequest,
  methodNotFound,
  PARSE_ERROR,
  REQUEST_TIMED_OUT,
  RESPONSE_TOO_LARGE,
  RpcError,
  successResponse,
  toRpcError,
  type JsonRpcId,
  type JsonRpcResponse,
} from './jsonrpc.js';
import { RPC_NAMESPACE, type RpcRegistry } from './registry.js';
import type { RpcSession } from './session.js';

/** geth's defaults for --rpc.batch-request-limit and --rpc.batch-response-max-size. */
export const DEFAULT_BATCH_ITEM_LIMIT = 1000;
export const DEFAULT_BATCH_RESPONSE_MAX_SIZE = 25_000_000;

/** Reports each handled call, e.g. to the metrics registry (matches metrics' RpcCallRecorder). */
export type CallRecorder = (method: string, success: boolean, seconds: number) => void;

export interface DispatcherOptions {
  /** Namespaces this transport serves. */
  apis: readonly string[];
  /** Most requests in one batch; 0 for no limit (geth --rpc.batch-request-limit, default 1000). */
  batchItemLimit: number;
  /** Most response bytes for one batch; 0 for no limit (geth --rpc.batch-response-max-size, default 25 MB). */
  batchResponseMaxSize: number;
  /** Milliseconds a message may take before its unanswered calls get "request timed out"; 0 or absent for no limit. */
  requestTimeout?: number;
  recordCall?: CallRecorder;
  log?: Logger;
}

/** The label calls of methods the server does not have are counted under, so clients cannot grow label sets. */
export const UNKNOWN_METHOD_LABEL = 'unknown';

type RequestObject = Record<string, unknown>;

function isObject(v: unknown): v is RequestObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isValidId(v: unknown): v is JsonRpcId {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/** Whether a batch item expects an answer (it has a valid id): geth's isCall, used to pick the id of batch errors. */
function isCall(v: unknown): boolean {
  return isObject(v) && 'id' in v && isValidId(v.id) && typeof v.method === 'string';
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Whether a handler's result is to be awaited (a promise, or anything `await` would treat as one). */
function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/** A value, or its promise when it takes more than one turn: calls answered at once cost no promise chain. */
type MaybePromise<T> = T | Promise<T>;

const TIMED_OUT = Symbol('timed out');

/** The time one message has; `race` settles with TIMED_OUT once it is up (never when there is no limit). */
class Deadline {
  private timeUp = false;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly passed: Promise<typeof TIMED_OUT> | undefined;

  constructor(ms: number) {
    if (ms <= 0) return;
    let expire!: (value: typeof TIMED_OUT) => void;
    this.passed = new Promise((resolve) => (expire = resolve));
    this.timer = setTimeout(() => {
      this.timeUp = true;
      expire(TIMED_OUT);
    }, ms);
  }

  get expired(): boolean {
    return this.timeUp;
  }

  race<T>(work: Promise<T>): Promise<T | typeof TIMED_OUT> {
    return this.passed === undefined ? work : Promise.race([work, this.passed]);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** Answers each call among `items` with `error` (the rest of a batch that will not be run or not be waited for). */
function answerRest(items: readonly unknown[], error: RpcError, parts: string[]): void {
  for (const item of items) {
    if (isCall(item)) parts.push(serialize(errorResponse((item as RequestObject).id as JsonRpcId, error)));
  }
}

export class RpcDispatcher {
  private readonly apis: ReadonlySet<string>;
  private readonly log: Logger;

  constructor(
    private readonly registry: RpcRegistry,
    private readonly options: DispatcherOptions,
  ) {
    this.apis = new Set(options.apis);
    this.log = options.log ?? rootLog;
  }

  /**
   * Answers one transport message; undefined when there is nothing to send (only notifications). `session` is
   * the connection it came in on, when the transport has lasting ones.
   */
  async handle(text: string, session?: RpcSession): Promise<string | undefined> {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return serialize(errorResponse(null, new RpcError(PARSE_ERROR, 'parse error')));
    }
    if (!Array.isArray(message)) {
      const answer = this.handleMessage(message, session);
      // Answered within this turn: no deadline can have passed, as its timer could not fire while the call ran.
      if (!(answer instanceof Promise)) return answer === undefined ? undefined : serialize(answer);
      const deadline = new Deadline(this.options.requestTimeout ?? 0);
      try {
        const response = await deadline.race(answer);
        if (response !== TIMED_OUT) return response === undefined ? undefined : serialize(response);
        return isCall(message) ? serialize(errorResponse((message as RequestObject).id as JsonRpcId, timedOut())) : undefined;
      } finally {
        deadline.clear();
      }
    }
    const deadline = new Deadline(this.options.requestTimeout ?? 0);
    try {
      return await this.handleBatch(message, session, deadline);
    } finally {
      deadline.clear();
    }
  }

  private async handleBatch(batch: unknown[], session: RpcSession | undefined, deadline: Deadline): Promise<string | undefined> {
    if (batch.length === 0) return serialize(errorResponse(null, invalidRequest('empty batch')));
    const { batchItemLimit, batchResponseMaxSize } = this.options;
    if (batchItemLimit > 0 && batch.length > batchItemLimit) {
      // One error for the whole batch, under the id of its first call: the protocol has no batch-level error.
      const first = batch.find(isCall) as RequestObject | undefined;
      const id = first === undefined ? null : (first.id as JsonRpcId);
      return `[${serialize(errorResponse(id, invalidRequest(`batch too large (${batch.length} > ${batchItemLimit} requests)`)))}]`;
    }
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; i < batch.length; i++) {
      // Each call starts on a fresh turn of the event loop, so a long batch does not hold up other connections.
      if (i > 0) await yieldToEventLoop();
      const response = deadline.expired ? TIMED_OUT : await deadline.race(Promise.resolve(this.handleMessage(batch[i], session)));
      if (response === TIMED_OUT) {
        answerRest(batch.slice(i), timedOut(), parts);
        break;
      }
      if (response === undefined) continue;
      const text = serialize(response);
      parts.push(text);
      size += text.length;
      if (batchResponseMaxSize > 0 && size > batchResponseMaxSize) {
        answerRest(batch.slice(i + 1), new RpcError(RESPONSE_TOO_LARGE, 'response too large'), parts);
        break;
      }
    }
    return parts.length === 0 ? undefined : `[${parts.join(',')}]`;
  }

  /** One request or notification; undefined for a notification, which gets no answer whatever happens. */
  private handleMessage(message: unknown, session?: RpcSession): MaybePromise<JsonRpcResponse | undefined> {
    if (!isObject(message)) return errorResponse(null, invalidRequest('invalid request: not a JSON-RPC request object'));
    const hasId = 'id' in message;
    if (hasId && !isValidId(message.id)) {
      return errorResponse(null, invalidRequest('invalid request: id must be a string, a number or null'));
    }
    const id = hasId ? (message.id as JsonRpcId) : null;
    if (message.jsonrpc !== '2.0') return errorResponse(id, invalidRequest('invalid request: jsonrpc must be "2.0"'));
    const method = message.method;
    if (typeof method !== 'string' || method.length === 0) {
      return errorResponse(id, invalidRequest('invalid request: method must be a non-empty string'));
    }
    const response = this.call(id, method, message.params, session);
    if (hasId) return response;
    // A notification's call still runs to its end before the message counts as handled.
    return response instanceof Promise ? response.then(() => undefined) : undefined;
  }

  private call(id: JsonRpcId, method: string, params: unknown, session: RpcSession | undefined): MaybePromise<JsonRpcResponse> {
    const started = performance.now();
    let result: unknown;
    try {
      result = this.invoke(method, params, session);
    } catch (e) {
      return this.finish(id, method, started, this.failure(id, method, e));
    }
    if (!isThenable(result)) return this.finish(id, method, started, successResponse(id, result ?? null));
    return Promise.resolve(result).then(
      (value) => this.finish(id, method, started, successResponse(id, value ?? null)),
      (e: unknown) => this.finish(id, method, started, this.failure(id, method, e)),
    );
  }

  /** The error answer for what a handler threw; a crash (not an RpcError) is logged with its stack. */
  private failure(id: JsonRpcId, method: string, e: unknown): JsonRpcResponse {
    const error = toRpcError(e);
    if (error.code === INTERNAL_ERROR && !(e instanceof RpcError)) {
      this.log.error('RPC method handler crashed', { method, err: e, stack: e instanceof Error ? e.stack : undefined });
    }
    return errorResponse(id, error);
  }

  /** Reports a finished call (metrics, debug log) and passes its answer on. */
  private finish(id: JsonRpcId, method: string, started: number, response: JsonRpcResponse): JsonRpcResponse {
    const seconds = (performance.now() - started) / 1000;
    const success = !('error' in response);
    const label = method === 'rpc_modules' || this.registry.has(method) ? method : UNKNOWN_METHOD_LABEL;
    this.options.recordCall?.(label, success, seconds);
    if (this.log.enabled('debug')) {
      const fields: Record<string, unknown> = { reqid: id, duration: `${(seconds * 1000).toFixed(3)}ms` };
      if ('error' in response) fields.err = response.error.message;
      this.log.debug(`Served ${method}`, fields);
    }
    return response;
  }

  private invoke(method: string, params: unknown, session: RpcSession | undefined): unknown {
    if (method === `${RPC_NAMESPACE}_modules`) return this.registry.modules(this.apis);
    const handler = this.registry.lookup(method, this.apis);
    if (handler === undefined) throw methodNotFound(method);
    if (params !== undefined && params !== null && !Array.isArray(params)) throw invalidParams('non-array args');
    return handler(Array.isArray(params) ? params : [], session);
  }
}

function timedOut(): RpcError {
  return new RpcError(REQUEST_TIMED_OUT, 'request timed out');
}

/** JSON text of a response; a result that cannot be serialised (a bug) becomes an internal error. */
function serialize(response: JsonRpcResponse): string {
  try {
    return JSON.stringify(response);
  } catch {
    return JSON.stringify(errorResponse(response.id, new RpcError(INTERNAL_ERROR, 'internal error: unserialisable result')));
  }
}
