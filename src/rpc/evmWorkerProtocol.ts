// What the main thread and an EVM worker (evmWorker.ts) tell each other: the worker's setup, the jobs, their
// outcomes, and the worker's store reads (remoteStore.ts). Everything is plain data for postMessage; an error
// travels as what it takes to throw the same error again on the main thread, so that a simulation answers the
// same whichever thread ran it.
import type { MessagePort } from 'node:worker_threads';
import type { Bytes } from '../common/bytes.js';
import type { JsonObject } from '../common/jsonFields.js';
import type { AccountOverride } from './stateOverride.js';
import { ExecutionTimeoutError } from './evmDeadline.js';
import { RpcError } from './jsonrpc.js';
import type { StoreReadRequest } from './remoteStore.js';
import type { SimulationRequest } from './simulation.js';

/** The worker's workerData. */
export interface WorkerSetup {
  /** The chain config (params/chainConfigJson.ts). */
  config: JsonObject;
  /** Where the answers to the worker's store reads come (transferred to the worker). */
  replies: MessagePort;
  /** The flag the worker sleeps on while a read is pending (see remoteStore.ts). */
  signal: Int32Array;
}

/** One simulation, as the worker runs it from scratch. */
export interface SimulationJob {
  id: number;
  /** The block's header, RLP-encoded. */
  header: Bytes;
  /** The root of the state after it (dev-chain edits included). */
  stateRoot: Bytes;
  /** The block's fee recipient as the node's engine names it (the worker has no engine). */
  coinbase: Bytes;
  overrides: AccountOverride[] | undefined;
  request: SimulationRequest;
  timeoutMs: number;
  /** What eth_call's execution ran on the main thread before it moved: its timeout here is what is left. */
  spentMs: number;
}

/** How a job failed: enough to throw the same error on the main thread. */
export type FailureData =
  | { kind: 'rpc'; code: number; message: string; data?: unknown }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'error'; name: string; message: string; stack?: string };

/** What a worker posts to the main thread. */
export type WorkerMessage =
  | StoreReadRequest
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; failure: FailureData };

export function failureData(e: unknown): FailureData {
  if (e instanceof RpcError) return { kind: 'rpc', code: e.code, message: e.message, data: e.data };
  if (e instanceof ExecutionTimeoutError) return { kind: 'timeout', timeoutMs: e.timeoutMs };
  if (e instanceof Error) return { kind: 'error', name: e.name, message: e.message, stack: e.stack };
  return { kind: 'error', name: 'Error', message: String(e) };
}

/** The built-in classes kept, since toRpcError tells a bug (an internal error) from a failure by the class. */
const ERROR_CLASSES: Record<string, new (message: string) => Error> = { TypeError, ReferenceError, SyntaxError, RangeError };

export function failureError(f: FailureData): Error {
  switch (f.kind) {
    case 'rpc':
      return new RpcError(f.code, f.message, f.data);
    case 'timeout':
      return new ExecutionTimeoutError(f.timeoutMs);
    case 'error': {
      const error = new (ERROR_CLASSES[f.name] ?? Error)(f.message);
      error.name = f.name;
      if (f.stack !== undefined) error.stack = f.stack;
      return error;
    }
  }
}
