// JSON-RPC 2.0 envelopes and errors. The codes are the specification's plus the ones geth gives its own failures
// (-32000 for a method's error, -32002 for a request that ran out of time, -32003 for an oversized batch response,
// 3 for a revert), since clients and libraries branch on them.

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
/** geth's code for any error a method returns without a more specific one. */
export const SERVER_ERROR = -32000;
export const REQUEST_TIMED_OUT = -32002;
export const RESPONSE_TOO_LARGE = -32003;
/** EIP-1474 / geth: execution reverted, with the revert data in `data`. */
export const EXECUTION_REVERTED = 3;

export type JsonRpcId = string | number | null;

/** A JSON object as results are built: fields already in their JSON form (hex strings, arrays, null). */
export type RpcObject = Record<string, unknown>;

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export interface JsonRpcSuccess {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: unknown;
}

export interface JsonRpcFailure {
  jsonrpc: '2.0';
  id: JsonRpcId;
  error: JsonRpcErrorObject;
}

export type JsonRpcResponse = JsonRpcSuccess | JsonRpcFailure;

/** An error a method or the server means to report to the caller as it is: code, message and optional data. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  toJSON(): JsonRpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

export function invalidRequest(message = 'invalid request'): RpcError {
  return new RpcError(INVALID_REQUEST, message);
}

export function methodNotFound(method: string): RpcError {
  return new RpcError(METHOD_NOT_FOUND, `the method ${method} does not exist/is not available`);
}

export function invalidParams(message: string): RpcError {
  return new RpcError(INVALID_PARAMS, message);
}

/** A method's failure that has no code of its own (geth's default for returned errors). */
export function serverError(message: string, data?: unknown): RpcError {
  return new RpcError(SERVER_ERROR, message, data);
}

export function successResponse(id: JsonRpcId, result: unknown): JsonRpcSuccess {
  return { jsonrpc: '2.0', id, result };
}

export function errorResponse(id: JsonRpcId, error: RpcError): JsonRpcFailure {
  return { jsonrpc: '2.0', id, error: error.toJSON() };
}

/** Programmer errors: reported as internal errors rather than as a method's own failure. */
function isBug(e: unknown): boolean {
  return e instanceof TypeError || e instanceof ReferenceError || e instanceof SyntaxError;
}

/**
 * The error to send for whatever a method threw: an RpcError as it is; a bug as an internal error (its details
 * are for the log, not for the caller); any other Error (the chain's, the pool's, the state transition's, whose
 * messages follow geth) under geth's default code.
 */
export function toRpcError(e: unknown): RpcError {
  if (e instanceof RpcError) return e;
  if (isBug(e)) return new RpcError(INTERNAL_ERROR, 'internal error');
  if (e instanceof Error) return serverError(e.message);
  return serverError(String(e));
}
