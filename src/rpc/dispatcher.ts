// The transport-independent half of the server: one message in (a request, a notification or a batch, as JSON
// text), the response text out. Follows geth's rpc handler: notifications run but get no answer; a batch is
// answered in order, one response per call; a batch over the item limit gets a single "batch too large" error; once
// a batch's responses pass the size limit, its remaining calls get "response too large".
import { log as rootLog, type Logger } from '../common/log.js';
import {
  errorResponse,
  INTERNAL_ERROR,
  invalidParams,
  invalidRequest,
  methodNotFound,
  PARSE_ERROR,
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
      const response = await this.handleMessage(message, session);
      return response === undefined ? undefined : serialize(response);
    }
    return this.handleBatch(message, session);
  }

  private async handleBatch(batch: unknown[], session: RpcSession | undefined): Promise<string | undefined> {
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
      const response = await this.handleMessage(batch[i], session);
      if (response === undefined) continue;
      const text = serialize(response);
      parts.push(text);
      size += text.length;
      if (batchResponseMaxSize > 0 && size > batchResponseMaxSize) {
        const tooLarge = new RpcError(RESPONSE_TOO_LARGE, 'response too large');
        for (const rest of batch.slice(i + 1)) {
          if (isCall(rest)) parts.push(serialize(errorResponse((rest as RequestObject).id as JsonRpcId, tooLarge)));
        }
        break;
      }
    }
    return parts.length === 0 ? undefined : `[${parts.join(',')}]`;
  }

  /** One request or notification; undefined for a notification, which gets no answer whatever happens. */
  private async handleMessage(message: unknown, session?: RpcSession): Promise<JsonRpcResponse | undefined> {
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
    const response = await this.call(id, method, message.params, session);
    return hasId ? response : undefined;
  }

  private async call(
    id: JsonRpcId,
    method: string,
    params: unknown,
    session: RpcSession | undefined,
  ): Promise<JsonRpcResponse> {
    const started = performance.now();
    let response: JsonRpcResponse;
    try {
      response = successResponse(id, (await this.invoke(method, params, session)) ?? null);
    } catch (e) {
      const error = toRpcError(e);
      if (error.code === INTERNAL_ERROR && !(e instanceof RpcError)) {
        this.log.error('RPC method handler crashed', { method, err: e, stack: e instanceof Error ? e.stack : undefined });
      }
      response = errorResponse(id, error);
    }
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

/** JSON text of a response; a result that cannot be serialised (a bug) becomes an internal error. */
function serialize(response: JsonRpcResponse): string {
  try {
    return JSON.stringify(response);
  } catch {
    return JSON.stringify(errorResponse(response.id, new RpcError(INTERNAL_ERROR, 'internal error: unserialisable result')));
  }
}
