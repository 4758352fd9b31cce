// The container of a running node (geth's node.Node): it holds the datadir (under its lock), the chain database
// and the metrics registry, and runs the registered services. Services are registered before start only; start
// brings them all up concurrently, close stops them in reverse order of registration and closes the database
// last, so no service ever sees it closed under its feet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { log as rootLog, type Logger } from '../common/log.js';
import type { KeyValueStore } from '../db/keyValueStore.js';
import { Registry } from '../metrics/registry.js';
import { keystorePath, openChaindata, type Chaindata } from './datadir.js';
import type { Service } from './lifecycle.js';

type State = 'initializing' | 'starting' | 'running' | 'closing' | 'closed';

export interface NodeOptions {
  log?: Logger;
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Node {
  readonly metrics = new Registry();
  readonly #services: Service[] = [];
  /** Services whose start() succeeded, in registration order. */
  #started: Service[] = [];
  #state: State = 'initializing';
  #starting: Promise<PromiseSettledResult<void>[]> | undefined;
  #closing: Promise<void> | undefined;
  readonly #closed: Promise<void>;
  #resolveClosed!: () => void;

  private constructor(
    /** Absolute path of the datadir. */
    readonly datadir: string,
    /** Whether the datadir is a temporary folder, removed when the node closes. */
    readonly ephemeral: boolean,
    private readonly chaindata: Chaindata,
    private readonly log: Logger,
  ) {
    this.#closed = new Promise((r) => (this.#resolveClosed = r));
  }

  /**
   * Takes the lock of `datadir` and opens its chain database; without a datadir, a temporary one is made and
   * removed again when the node closes.
   */
  static async open(datadir: string | undefined, options: NodeOptions = {}): Promise<Node> {
    const ephemeral = datadir === undefined;
    const dir = ephemeral ? mkdtempSync(join(tmpdir(), 'tsgeth-')) : resolve(datadir);
    let chaindata: Chaindata;
    try {
      chaindata = await openChaindata(dir);
    } catch (e) {
      if (ephemeral) rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return new Node(dir, ephemeral, chaindata, options.log ?? rootLog);
  }

  get store(): KeyValueStore {
    return this.chaindata.store;
  }

  get keystoreDir(): string {
    return keystorePath(this.datadir);
  }

  get services(): readonly Service[] {
    return this.#services;
  }

  get state(): State {
    return this.#state;
  }

  /** Adds a service; only before start. */
  register(service: Service): void {
    if (this.#state !== 'initializing') {
      throw new Error(`cannot register service ${service.name}: the node is ${this.#state}`);
    }
    if (this.#services.includes(service)) throw new Error(`service ${service.name} is already registered`);
    this.#services.push(service);
  }

  /**
   * Starts every service concurrently. When one fails, the ones that did start are stopped again (in reverse
   * order), the node is closed, and the first failure is thrown as "<service>: <reason>".
   */
  async start(): Promise<void> {
    if (this.#state !== 'initializing') throw new Error(`cannot start the node: it is ${this.#state}`);
    this.#state = 'starting';
    // async, so that a start() throwing synchronously counts as a failed start like a rejection does.
    this.#starting = Promise.allSettled(this.#services.map(async (s) => s.start())).then((results) => {
      this.#started = this.#services.filter((_, i) => results[i]!.status === 'fulfilled');
      return results;
    });
    const results = await this.#starting;
    // close() was called meanwhile (a signal during start): it stops what did start.
    if (this.#state !== 'starting') throw new Error('the node was closed while starting');
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed < 0) {
      this.#state = 'running';
      for (const s of this.#services) {
        const endpoint = s.endpoint?.();
        if (endpoint !== undefined) this.log.info(`${s.name} started`, { endpoint });
      }
      return;
    }
    const error = new Error(`${this.#services[failed]!.name}: ${reason((results[failed] as PromiseRejectedResult).reason)}`);
    await this.close();
    throw error;
  }

  /**
   * Stops the started services in reverse order, then closes the database, gives the lock back and removes a
   * temporary datadir. Safe to call more than once and from any state: later calls wait for the first.
   */
  close(): Promise<void> {
    this.#closing ??= this.#doClose();
    return this.#closing;
  }

  /** Resolves once the node has closed. */
  wait(): Promise<void> {
    return this.#closed;
  }

  async #doClose(): Promise<void> {
    this.#state = 'closing';
    // Services still starting are let finish, so that the ones that came up are stopped.
    await this.#starting;
    const errors: string[] = [];
    for (const s of [...this.#started].reverse()) {
      try {
        await s.stop();
      } catch (e) {
        // A service that fails to stop must not keep the others (or the database) open.
        this.log.error('Service failed to stop', { service: s.name, err: reason(e) });
        errors.push(`${s.name}: ${reason(e)}`);
      }
    }
    this.#started = [];
    try {
      await this.chaindata.close();
    } catch (e) {
      this.log.error('Failed to close the database', { err: reason(e) });
      errors.push(`database: ${reason(e)}`);
    }
    if (this.ephemeral) rmSync(this.datadir, { recursive: true, force: true });
    this.#state = 'closed';
    this.#resolveClosed();
    if (errors.length > 0) throw new Error(`node closed with errors: ${errors.join('; ')}`);
  }
}
