import { describe, expect, it } from 'vitest';
import { ExecutionTimeoutError } from './evmDeadline.js';
import { failureData, failureError } from './evmWorkerProtocol.js';
import { INTERNAL_ERROR, RpcError, serverError, toRpcError } from './jsonrpc.js';
import { revertError } from './revertError.js';

/** An error taken across the thread boundary: to data, copied as postMessage copies, and back. */
const across = (e: unknown): Error => failureError(structuredClone(failureData(e)));

describe('failures across threads', () => {
  it('come back as the same RPC errors, code, message and data', () => {
    const revert = across(revertError(new Uint8Array([0xde, 0xad])));
    expect(revert).toBeInstanceOf(RpcError);
    expect((revert as RpcError).toJSON()).toEqual({ code: 3, message: 'execution reverted', data: '0xdead' });
    expect((across(serverError('out of gas')) as RpcError).toJSON()).toEqual({ code: -32000, message: 'out of gas' });
  });

  it('keep a timeout a timeout, with its duration', () => {
    const timeout = across(new ExecutionTimeoutError(2_000));
    expect(timeout).toBeInstanceOf(ExecutionTimeoutError);
    expect(timeout.message).toBe('execution aborted (timeout = 2s)');
  });

  it('keep a bug a bug (an internal error), and any other error its message', () => {
    const bug = across(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(bug).toBeInstanceOf(TypeError);
    expect(bug.stack).toContain('TypeError');
    expect(toRpcError(bug).code).toBe(INTERNAL_ERROR);
    class MissingNodeError extends Error {
      override name = 'MissingNodeError';
    }
    const missing = across(new MissingNodeError('missing trie node 0xab'));
    expect(missing.name).toBe('MissingNodeError');
    expect(toRpcError(missing).toJSON()).toEqual({ code: -32000, message: 'missing trie node 0xab' });
    // Not even an Error.
    expect(toRpcError(across('boom')).toJSON()).toEqual({ code: -32000, message: 'boom' });
  });
});
