// The EVM worker threads that finish the simulations too long for the main thread (see simulationRunner.ts), so
// that a slow eth_call holds up no other request. A few workers, started on first use; a job waits for a free
// one. While a job runs, its worker reads the chain's store through this thread (remoteStore.ts): answering
// those reads is all the main thread does for it. Idle workers do not keep the process alive; stop() ends them.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort, type WorkerOptions } from 'node:worker_threads';
import { log as rootLog, type Logger } from '../common/log.js';
import type { KeyValueReader } from '../db/keyValueStore.js';
import type { ChainConfig } from '../params/chainConfig.js';
import { chainConfigToJson } from '../params/chainConfigJson.js';
import { failureError, type SimulationJob, type WorkerMessage, type WorkerSetup } from './evmWorkerProtocol.js';
import { answerStoreRead, newReadSignal } from './remoteStore.js';

/** Two: a second slow call need not wait out the first, and more would only compete for the cores. */
const DEFAULT_POOL_SIZE = 2;

/** The worker's module beside this one: .js when built, .ts when run from the sources (tests, tsx scripts). */
const WORKER_ENTRY = new URL(`./evmWorker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * A new worker thread. From the TypeScript sources it has to register tsx's loader itself first: the loader
 * that compiles them for this thread (vite's under vitest, tsx's) is not handed on to workers by Node 20.
 */
function newWorker(options: WorkerOptions): Worker {
  if (extname(WORKER_ENTRY.pathname) !== '.ts') return new Worker(WORKER_ENTRY, options);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_ENTRY.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

export interface EvmWorkerPoolOptions {
  /** Most workers running at once (DEFAULT_POOL_SIZE). */
  size?: number;
  log?: Logger;
}

interface Waiting {
  job: Omit<SimulationJob, 'id'>;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

interface Running extends Waiting {
  id: number;
}

interface Slot {
  worker: Worker;
  /** This thread's end of the channel the worker's store reads are answered on. */
  replies: MessagePort;
  signal: Int32Array;
  running: Running | undefined;
}

export class EvmWorkerPool {
  /** A service of the node (node/lifecycle.ts): started on first use, ended by stop(). */
  readonly name = 'EVM workers';
  private readonly size: number;
  private readonly log: Logger;
  private readonly slots: Slot[] = [];
  private readonly waiting: Waiting[] = [];
  private nextId = 1;
  private stopped = false;

  constructor(
    private readonly store: KeyValueReader,
    private readonly config: ChainConfig,
    options: EvmWorkerPoolOptions = {},
  ) {
    this.size = Math.max(1, options.size ?? DEFAULT_POOL_SIZE);
    this.log = options.log ?? rootLog;
  }

  /** Workers currently started. */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Runs `job` on a worker: its result, or the error the main thread would have thrown. */
  run(job: Omit<SimulationJob, 'id'>): Promise<unknown> {
    if (this.stopped) return Promise.reject(new Error('EVM workers stopped'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async start(): Promise<void> {}

  /** Ends the workers; jobs running or waiting fail. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('EVM workers stopped'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const idle = this.slots.find((s) => s.running === undefined);
      const slot = idle ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (slot === undefined) return;
      const running: Running = { ...this.waiting.shift()!, id: this.nextId++ };
      slot.running = running;
      slot.worker.ref();
      slot.worker.postMessage({ ...running.job, id: running.id } satisfies SimulationJob);
    }
  }

  private spawn(): Slot {
    const { port1, port2 } = new MessageChannel();
    const signal = newReadSignal();
    const setup: WorkerSetup = { config: chainConfigToJson(this.config), replies: port2, signal };
    const worker = newWorker({ workerData: setup, transferList: [port2] });
    const slot: Slot = { worker, replies: port1, signal, running: undefined };
    worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    worker.on('error', (e) => this.onEnd(slot, e));
    worker.on('exit', (code) => this.onEnd(slot, new Error(`EVM worker exited (code ${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.type === 'read') {
      answerStoreRead(this.store, message, slot.replies, slot.signal);
      return;
    }
    const running = slot.running;
    if (running === undefined || running.id !== message.id) return;
    slot.running = undefined;
    slot.worker.unref();
    if (message.type === 'done') running.resolve(message.result);
    else running.reject(failureError(message.failure));
    this.dispatch();
  }

  /** A worker that crashed or was ended: its job fails, and the next job starts a new one. */
  private onEnd(slot: Slot, reason: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    slot.replies.close();
    if (!this.stopped) this.log.error('EVM worker failed', { err: reason.message });
    slot.running?.reject(this.stopped ? new Error('EVM workers stopped') : new Error(`EVM worker failed: ${reason.message}`));
    if (!this.stopped) this.dispatch();
  }
}
