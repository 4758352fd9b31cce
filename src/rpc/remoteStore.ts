// A worker thread's synchronous view of the main thread's key-value store. The trie and the EVM read synchronously
// (db/keyValueStore.ts), and a store such as LevelDB lives in the main thread, so a read posts its key to the main
// thread and blocks on a shared flag until the answer is posted back; the worker then takes that answer off its
// port synchronously (receiveMessageOnPort), whatever its size. The main thread answers from its own synchronous
// get at once: it is free to, since the work that reads moved off it.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Bytes } from '../common/bytes.js';
import type { KeyValueReader } from '../db/keyValueStore.js';

/** A read the worker asks the main thread for. */
export interface StoreReadRequest {
  type: 'read';
  key: Bytes;
}

/** The answer: the value (undefined when absent), or why the store could not read it. */
export type StoreReadReply = { value: Bytes | undefined } | { error: string };

/** Where requests go: the worker's parentPort, or anything else that delivers them to answerStoreRead. */
export interface StoreRequestSink {
  postMessage(request: StoreReadRequest): void;
}

/** The shared flag the worker sleeps on: 0 while a read is pending, 1 once its answer is on the port. */
export function newReadSignal(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** A copy only when `bytes` is a view into a larger buffer: posting a view would copy the whole buffer. */
function compact(bytes: Bytes): Bytes {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

export class RemoteStoreReader implements KeyValueReader {
  constructor(
    private readonly requests: StoreRequestSink,
    private readonly replies: MessagePort,
    private readonly signal: Int32Array,
  ) {}

  get(key: Bytes): Bytes | undefined {
    Atomics.store(this.signal, 0, 0);
    this.requests.postMessage({ type: 'read', key: compact(key) });
    // Returns at once when the answer came first ("not-equal").
    Atomics.wait(this.signal, 0, 0);
    const received = receiveMessageOnPort(this.replies);
    if (received === undefined) throw new Error('remote store: woken without an answer');
    const reply = received.message as StoreReadReply;
    if ('error' in reply) throw new Error(reply.error);
    return reply.value;
  }
}

/** Answers `request` from `store` on `replies`, then wakes the worker sleeping on `signal`. Never throws. */
export function answerStoreRead(
  store: KeyValueReader,
  request: StoreReadRequest,
  replies: MessagePort,
  signal: Int32Array,
): void {
  let reply: StoreReadReply;
  try {
    const value = store.get(request.key);
    reply = { value: value === undefined ? undefined : compact(value) };
  } catch (e) {
    reply = { error: e instanceof Error ? e.message : String(e) };
  }
  replies.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
