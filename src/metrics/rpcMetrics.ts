// What the RPC server reports about each call: counted by method and outcome, with the time spent, as geth's
// rpc/success, rpc/failure and rpc/duration/<method> meters do (here as labels on one metric each).
import type { Registry } from './registry.js';

/**
 * Called by the RPC server once per handled call. `method` must be one the server serves (others reported as
 * one fixed name), so that clients cannot grow the label set without bound.
 */
export type RpcCallRecorder = (method: string, success: boolean, seconds: number) => void;

export function rpcCallMetrics(registry: Registry): RpcCallRecorder {
  const calls = registry.counter('rpc_calls_total', 'JSON-RPC calls handled, by method and outcome', ['method', 'result']);
  const seconds = registry.counter('rpc_call_seconds_total', 'Time spent handling JSON-RPC calls, by method', ['method']);
  return (method, success, elapsed) => {
    calls.inc({ method, result: success ? 'success' : 'failure' });
    seconds.inc({ method }, elapsed);
  };
}
