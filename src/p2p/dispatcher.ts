// The typed dispatcher: messages decoded from the network go to the subscribers of their type, each of which has
// its own bounded queue, its own dedup memory and its own loop, so a slow subscriber never holds up dispatch or the
// other subscribers. Modelled on Nebulas' net Dispatcher and Lodestar's gossip queues, with their gaps closed:
// a full queue drops for that subscriber only and says so (counter and onDrop, because a dropped block must be
// fetched again through sync), dedup is per subscription, unsubscribe really removes, and each message's verdict
// (REJECT over IGNORE over ACCEPT across its subscribers) is fed back into the sender's score once.
import { bytesToHex, type Bytes } from '../common/bytes.js';
import { log as rootLog, type Logger } from '../common/log.js';
import { Registry, type Counter, type Gauge } from '../metrics/registry.js';
import { LruSet } from '../common/lru.js';
import type { PeerScores } from './peerScores.js';
import { combineVerdicts, isVerdict, Verdict } from './verdict.js';

/** Where a message came from and what identifies it for dedup (e.g. its hash). */
export interface MessageMeta {
  /** The sending peer's id. */
  from: string;
  id: Bytes | string;
}

export type Handler<T> = (msg: T, from: string) => Verdict | Promise<Verdict>;

export interface SubscribeOptions<T> {
  /** Names the subscriber in metrics and logs; unique per message type. Keep it to a fixed vocabulary. */
  name: string;
  /** How many messages may wait for the handler; more are dropped. Default 256. */
  queue?: number;
  /** How many message ids to remember for dedup; 0 turns dedup off. Default 1024. */
  dedup?: number;
  /** How many messages the handler may work on at once. Default 1, which keeps arrival order. */
  concurrency?: number;
  /** Called for a message dropped because the queue was full, so the caller can fetch it again another way. */
  onDrop?: (msg: T, meta: MessageMeta) => void;
}

export interface Subscription {
  readonly type: string;
  readonly name: string;
  /** Messages waiting for the handler. */
  readonly queued: number;
  readonly active: boolean;
  /** Stops deliveries and discards the waiting messages (counted as IGNORE); idempotent. */
  unsubscribe(): void;
}

export interface DispatcherOptions {
  /** Fed each message's combined verdict; its bans also make dispatch ignore the banned peer's messages. */
  scores?: PeerScores;
  registry?: Registry;
  log?: Logger;
}

const DEFAULT_QUEUE = 256;
const DEFAULT_DEDUP = 1024;

interface Metrics {
  queueLength: Gauge;
  dropped: Counter;
  duplicates: Counter;
  handled: Counter;
  errors: Counter;
  fromBanned: Counter;
}

/** Collects the verdicts of every subscriber a message was given to and settles once all have answered. */
class VerdictTally {
  readonly #verdicts: Verdict[] = [];

  constructor(
    private readonly expected: number,
    private readonly settle: (verdict: Verdict) => void,
  ) {}

  record(verdict: Verdict): void {
    this.#verdicts.push(verdict);
    if (this.#verdicts.length === this.expected) this.settle(combineVerdicts(this.#verdicts));
  }
}

interface Queued<T> {
  msg: T;
  meta: MessageMeta;
  tally: VerdictTally;
}

/** One subscription: its queue, its dedup memory and the loops that feed its handler. */
class Subscriber<T> implements Subscription {
  readonly #queue: Array<Queued<T> | undefined> = [];
  /** Index of the oldest waiting message in #queue, so taking one is O(1); the taken slots are cut off later. */
  #head = 0;
  #running = 0;
  #active = true;
  readonly #seen: LruSet<string> | undefined;
  readonly #capacity: number;
  readonly #concurrency: number;
  readonly #labels: { type: string; subscriber: string };
  /** Settles when the last running handler finishes, for stop(). */
  #idle: Promise<void> = Promise.resolve();
  #resolveIdle: () => void = () => {};

  constructor(
    readonly type: string,
    private readonly handler: Handler<T>,
    private readonly opts: SubscribeOptions<T>,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly remove: (sub: Subscriber<T>) => void,
  ) {
    this.#capacity = checkCount('queue', opts.queue ?? DEFAULT_QUEUE, 1);
    const dedup = checkCount('dedup', opts.dedup ?? DEFAULT_DEDUP, 0);
    this.#seen = dedup > 0 ? new LruSet(dedup) : undefined;
    this.#concurrency = checkCount('concurrency', opts.concurrency ?? 1, 1);
    this.#labels = { type, subscriber: opts.name };
    metrics.queueLength.set(0, this.#labels);
  }

  get name(): string {
    return this.opts.name;
  }

  get queued(): number {
    return this.#queue.length - this.#head;
  }

  get active(): boolean {
    return this.#active;
  }

  unsubscribe(): void {
    if (!this.#active) return;
    this.#active = false;
    this.remove(this);
    this.#discard();
  }

  /** Takes a message in, or answers at once (through the tally) when it is a duplicate or does not fit. */
  offer(msg: T, meta: MessageMeta, key: string, tally: VerdictTally): void {
    if (!this.#active) {
      // Unsubscribed while this message was being handed out (by another subscriber's onDrop).
      tally.record(Verdict.Ignore);
      return;
    }
    if (this.#seen?.has(key)) {
      this.#seen.add(key);
      this.metrics.duplicates.inc(this.#labels);
      tally.record(Verdict.Ignore);
      return;
    }
    if (this.queued >= this.#capacity) {
      // Not remembered as seen: the same message may fit later, e.g. when another peer forwards it.
      this.metrics.dropped.inc(this.#labels);
      this.log.debug('Dispatch queue full, message dropped', { ...this.#labels, from: meta.from });
      tally.record(Verdict.Ignore);
      this.#notifyDrop(msg, meta);
      return;
    }
    this.#seen?.add(key);
    this.#queue.push({ msg, meta, tally });
    this.metrics.queueLength.set(this.queued, this.#labels);
    if (this.#running < this.#concurrency) void this.#loop();
  }

  /** Drops every waiting message; each still owes its tally an answer, which is IGNORE. */
  #discard(): void {
    const waiting = this.#queue.slice(this.#head);
    this.#queue.length = 0;
    this.#head = 0;
    this.metrics.queueLength.set(0, this.#labels);
    for (const item of waiting) item?.tally.record(Verdict.Ignore);
  }

  /** Resolves once no handler of this subscriber is running. */
  whenIdle(): Promise<void> {
    return this.#idle;
  }

  stop(): void {
    this.#active = false;
    this.#discard();
  }

  async #loop(): Promise<void> {
    if (this.#running++ === 0) this.#idle = new Promise((resolve) => (this.#resolveIdle = resolve));
    try {
      // Each handler starts on a later turn of the event loop: dispatch returns before any handler runs, and a
      // long queue of quick handlers lets network I/O in between.
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.queued === 0) break; // also after unsubscribe or stop, which empty the queue
        const item = this.#take();
        item.tally.record(await this.#handle(item));
      }
    } finally {
      if (--this.#running === 0) this.#resolveIdle();
    }
  }

  #take(): Queued<T> {
    const item = this.#queue[this.#head]!;
    this.#queue[this.#head++] = undefined;
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head > this.#capacity) {
      // A queue that never quite drains would otherwise grow its array forever; this costs O(1) per message.
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    this.metrics.queueLength.set(this.queued, this.#labels);
    return item;
  }

  async #handle({ msg, meta }: Queued<T>): Promise<Verdict> {
    let verdict: Verdict;
    try {
      const result: unknown = await this.handler(msg, meta.from);
      if (!isVerdict(result)) throw new Error(`handler returned ${String(result)}, not a verdict`);
      verdict = result;
    } catch (err) {
      // A broken handler must not stop the loop; blaming the peer for our own bug would be wrong, so IGNORE.
      this.metrics.errors.inc(this.#labels);
      this.log.error('Message handler failed', { ...this.#labels, from: meta.from, err });
      verdict = Verdict.Ignore;
    }
    this.metrics.handled.inc({ ...this.#labels, verdict });
    return verdict;
  }

  #notifyDrop(msg: T, meta: MessageMeta): void {
    if (this.opts.onDrop === undefined) return;
    try {
      this.opts.onDrop(msg, meta);
    } catch (err) {
      this.log.error('Drop callback failed', { ...this.#labels, err });
    }
  }
}

/**
 * Routes each message type of the map `M` (e.g. `{ newBlock: Block; transactions: Transaction[] }`) to its
 * subscribers, typed end to end.
 */
export class Dispatcher<M extends object> {
  readonly #subscribers: { [K in keyof M]?: Set<Subscriber<M[K]>> } = {};
  readonly #metrics: Metrics;
  readonly #scores: PeerScores | undefined;
  readonly #log: Logger;
  #stopped = false;

  constructor(options: DispatcherOptions = {}) {
    this.#scores = options.scores;
    this.#log = options.log ?? rootLog.child({ module: 'dispatcher' });
    const registry = options.registry ?? new Registry();
    const labels = ['type', 'subscriber'];
    this.#metrics = {
      queueLength: registry.gauge('p2p_dispatch_queue_length', 'Messages waiting for a subscriber', labels),
      dropped: registry.counter('p2p_dispatch_dropped_total', 'Messages dropped for a full subscriber queue', labels),
      duplicates: registry.counter('p2p_dispatch_duplicates_total', 'Messages a subscriber had already seen', labels),
      handled: registry.counter('p2p_dispatch_handled_total', 'Messages handled, by verdict', [...labels, 'verdict']),
      errors: registry.counter('p2p_dispatch_handler_errors_total', 'Message handlers that threw', labels),
      fromBanned: registry.counter('p2p_dispatch_from_banned_total', 'Messages ignored from banned peers', ['type']),
    };
  }

  /** Delivers every message of `type` to `handler`, through a queue of its own. */
  subscribe<K extends keyof M & string>(type: K, handler: Handler<M[K]>, opts: SubscribeOptions<M[K]>): Subscription {
    if (this.#stopped) throw new Error(`dispatcher stopped: cannot subscribe ${opts.name} to ${type}`);
    if (typeof opts.name !== 'string' || opts.name === '') {
      throw new TypeError(`subscriber of ${type}: name must be a non-empty string`);
    }
    if (typeof handler !== 'function') {
      throw new TypeError(`subscriber ${opts.name} of ${type}: handler is not a function`);
    }
    const set: Set<Subscriber<M[K]>> = (this.#subscribers[type] ??= new Set());
    for (const sub of set) {
      // Two subscribers under one name would share, and garble, each other's metrics.
      if (sub.name === opts.name) throw new Error(`subscriber ${opts.name} of ${type} already exists`);
    }
    const sub = new Subscriber<M[K]>(type, handler, opts, this.#metrics, this.#log, (s) => set.delete(s));
    set.add(sub);
    return sub;
  }

  /** How many subscribers `type` has. */
  subscriberCount(type: keyof M & string): number {
    return this.#subscribers[type]?.size ?? 0;
  }

  /** Queues `msg` for every subscriber of `type` and returns at once; handlers run later. */
  dispatch<K extends keyof M & string>(type: K, msg: M[K], meta: MessageMeta): void {
    this.#dispatch(type, msg, meta, () => {});
  }

  /**
   * As dispatch, and resolves to the message's combined verdict once every subscriber answered: REJECT over
   * IGNORE over ACCEPT, with a duplicate, a drop, a discard, a sender under ban or no subscriber at all counting
   * as IGNORE. This is what a gossipsub topic validator answers before the message is forwarded.
   */
  dispatchAndWait<K extends keyof M & string>(type: K, msg: M[K], meta: MessageMeta): Promise<Verdict> {
    return new Promise((resolve) => this.#dispatch(type, msg, meta, resolve));
  }

  /** Stops every loop and discards the waiting messages; resolves when the handlers already running finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const all: Pick<Subscriber<unknown>, 'stop' | 'whenIdle'>[] = [];
    for (const type in this.#subscribers) {
      for (const sub of this.#subscribers[type] ?? []) all.push(sub);
    }
    for (const sub of all) sub.stop();
    await Promise.all(all.map((s) => s.whenIdle()));
  }

  #dispatch<K extends keyof M & string>(type: K, msg: M[K], meta: MessageMeta, done: (v: Verdict) => void): void {
    const settle = (verdict: Verdict): void => {
      this.#scores?.applyVerdict(meta.from, verdict);
      done(verdict);
    };
    if (this.#stopped) return settle(Verdict.Ignore);
    if (this.#scores?.isBanned(meta.from)) {
      this.#metrics.fromBanned.inc({ type });
      return settle(Verdict.Ignore);
    }
    // A copy: a handler or onDrop may unsubscribe while the message is being handed out.
    const subs = [...(this.#subscribers[type] ?? [])];
    if (subs.length === 0) return settle(Verdict.Ignore);
    const key = typeof meta.id === 'string' ? meta.id : bytesToHex(meta.id);
    const tally = new VerdictTally(subs.length, settle);
    for (const sub of subs) sub.offer(msg, meta, key, tally);
  }
}

function checkCount(what: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`subscription ${what} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}
