import { describe, expect, it, vi } from 'vitest';
import { hexToBytes } from '../common/bytes.js';
import { Logger, type LogFields, type LogLevel } from '../common/log.js';
import { Registry } from '../metrics/registry.js';
import { Dispatcher, type MessageMeta } from './dispatcher.js';
import { PeerScores } from './peerScores.js';
import { Verdict } from './verdict.js';

interface Block {
  number: number;
  hash: string;
}

// An interface, not a type alias: the dispatcher must accept both as its message map.
interface Messages {
  block: Block;
  txs: string[];
}

class CapturingLogger extends Logger {
  readonly lines: string[] = [];
  override log(level: LogLevel, msg: string, fields?: LogFields): void {
    const err = fields?.err instanceof Error ? ` ${fields.err.message}` : '';
    this.lines.push(`${level} ${msg}${err}`);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(withScores = false) {
  const registry = new Registry();
  const log = new CapturingLogger();
  const scores = withScores ? new PeerScores({ registry, log, rejectPenalty: 10, banThreshold: -25, now: () => 0 }) : undefined;
  const d = new Dispatcher<Messages>({ registry, log, scores });
  return { registry, log, scores, d };
}

const block = (n: number): Block => ({ number: n, hash: `0x${n.toString(16).padStart(2, '0')}` });
const meta = (id: string, from = 'peerA'): MessageMeta => ({ from, id });

describe('Dispatcher', () => {
  it('hands each subscriber its own message type, typed', async () => {
    const { d } = setup();
    const blocks: Array<[number, string]> = [];
    const txs: string[][] = [];
    d.subscribe('block', (b, from) => (blocks.push([b.number, from]), Verdict.Accept), { name: 'import' });
    d.subscribe('txs', async (t) => (txs.push(t), Verdict.Accept), { name: 'pool' });

    expect(await d.dispatchAndWait('block', block(7), meta('b7', 'peerX'))).toBe(Verdict.Accept);
    expect(await d.dispatchAndWait('txs', ['0xaa', '0xbb'], meta('t1'))).toBe(Verdict.Accept);
    expect(blocks).toEqual([[7, 'peerX']]);
    expect(txs).toEqual([['0xaa', '0xbb']]);

    // Compile-time checks: tsc fails if any of these lines stops being an error.
    const neverRun = (): void => {
      // @ts-expect-error a block is not a list of transactions
      d.dispatch('txs', block(1), meta('x'));
      // @ts-expect-error no such message type
      d.dispatch('attestation', block(1), meta('x'));
      // @ts-expect-error a transactions handler cannot take a block
      d.subscribe('txs', (b: Block) => (b.number > 0 ? Verdict.Accept : Verdict.Ignore), { name: 'x' });
      // @ts-expect-error a handler must answer a verdict
      d.subscribe('block', () => 'ok', { name: 'x' });
      // @ts-expect-error onDrop gets the subscription's message type
      d.subscribe('block', () => Verdict.Accept, { name: 'x', onDrop: (t: string[]) => t.length });
    };
    expect(neverRun).toBeTypeOf('function');
  });

  it('returns from dispatch before any handler runs', async () => {
    const { d } = setup();
    const seen: number[] = [];
    d.subscribe('block', (b) => (seen.push(b.number), Verdict.Accept), { name: 'import' });
    d.dispatch('block', block(1), meta('1'));
    expect(seen).toEqual([]);
    await vi.waitFor(() => expect(seen).toEqual([1]));
  });

  it('delivers to one subscriber in arrival order, one message at a time', async () => {
    const { d } = setup();
    const seen: number[] = [];
    let running = 0;
    let maxRunning = 0;
    d.subscribe(
      'block',
      async (b) => {
        maxRunning = Math.max(maxRunning, ++running);
        await new Promise((r) => setTimeout(r, b.number % 3)); // uneven handler times must not reorder
        seen.push(b.number);
        running--;
        return Verdict.Accept;
      },
      { name: 'import', queue: 100 },
    );
    const waits = [];
    for (let i = 0; i < 30; i++) waits.push(d.dispatchAndWait('block', block(i), meta(`b${i}`)));
    await Promise.all(waits);
    expect(seen).toEqual([...Array(30).keys()]);
    expect(maxRunning).toBe(1);
  });

  it('keeps order in a queue that never quite drains', async () => {
    const { d } = setup();
    const seen: number[] = [];
    const sub = d.subscribe(
      'block',
      async (b) => {
        await new Promise((r) => setTimeout(r, 1));
        seen.push(b.number);
        return Verdict.Accept;
      },
      { name: 'import', queue: 2 },
    );
    const waits = [];
    for (let i = 0; i < 40; i++) {
      await vi.waitFor(() => expect(sub.queued).toBeLessThan(2), { interval: 1 });
      waits.push(d.dispatchAndWait('block', block(i), meta(`b${i}`)));
    }
    expect(await Promise.all(waits)).toEqual(Array(40).fill(Verdict.Accept));
    expect(seen).toEqual([...Array(40).keys()]);
  });

  it('runs up to `concurrency` handlers of one subscriber at once', async () => {
    const { d } = setup();
    const gate = deferred();
    let running = 0;
    let maxRunning = 0;
    d.subscribe(
      'block',
      async () => {
        maxRunning = Math.max(maxRunning, ++running);
        await gate.promise;
        running--;
        return Verdict.Accept;
      },
      { name: 'import', concurrency: 2 },
    );
    const waits = [1, 2, 3, 4].map((n) => d.dispatchAndWait('block', block(n), meta(`b${n}`)));
    await vi.waitFor(() => expect(running).toBe(2));
    gate.resolve();
    expect(await Promise.all(waits)).toEqual(Array(4).fill(Verdict.Accept));
    expect(maxRunning).toBe(2);
  });

  it('drops for a full subscriber only, counting the drop and calling onDrop', async () => {
    const { d, registry } = setup();
    const gate = deferred();
    const slowSeen: number[] = [];
    const bigSeen: number[] = [];
    const dropped: Array<[number, MessageMeta]> = [];
    d.subscribe(
      'block',
      async (b) => {
        await gate.promise;
        slowSeen.push(b.number);
        return Verdict.Accept;
      },
      { name: 'slow', queue: 2, onDrop: (b, m) => dropped.push([b.number, m]) },
    );
    d.subscribe('block', (b) => (bigSeen.push(b.number), Verdict.Accept), { name: 'big', queue: 10 });

    const first = d.dispatchAndWait('block', block(1), meta('b1'));
    await vi.waitFor(() => expect(bigSeen).toEqual([1])); // slow has taken block 1 and waits at the gate
    const queued = [2, 3].map((n) => d.dispatchAndWait('block', block(n), meta(`b${n}`)));
    const m4 = meta('b4', 'peerB');
    // The queue of `slow` is full: its answer for block 4 is IGNORE, at once.
    expect(await d.dispatchAndWait('block', block(4), m4)).toBe(Verdict.Ignore);
    expect(dropped).toEqual([[4, m4]]);
    expect(registry.exposition()).toContain('p2p_dispatch_dropped_total{type="block",subscriber="slow"} 1');
    expect(registry.exposition()).not.toContain('p2p_dispatch_dropped_total{type="block",subscriber="big"}');
    expect(registry.exposition()).toContain('p2p_dispatch_queue_length{type="block",subscriber="slow"} 2');

    gate.resolve();
    expect(await Promise.all([first, ...queued])).toEqual(Array(3).fill(Verdict.Accept));
    expect(slowSeen).toEqual([1, 2, 3]);
    expect(bigSeen).toEqual([1, 2, 3, 4]);

    // A dropped message was not remembered as seen, so it gets through when offered again.
    d.dispatch('block', block(4), meta('b4', 'peerC'));
    await vi.waitFor(() => expect(slowSeen).toEqual([1, 2, 3, 4]));
    expect(registry.exposition()).toContain('p2p_dispatch_queue_length{type="block",subscriber="slow"} 0');
  });

  it('survives an onDrop that throws, logging it', async () => {
    const { d, log } = setup();
    const gate = deferred();
    const slow = d.subscribe('block', async () => (await gate.promise, Verdict.Accept), {
      name: 'slow',
      queue: 1,
      onDrop: () => {
        throw new Error('sync is down');
      },
    });
    const waits = [d.dispatchAndWait('block', block(1), meta('b1'))];
    await vi.waitFor(() => expect(slow.queued).toBe(0)); // block 1 is with the handler
    waits.push(d.dispatchAndWait('block', block(2), meta('b2')));
    expect(await d.dispatchAndWait('block', block(3), meta('b3'))).toBe(Verdict.Ignore);
    expect(log.lines).toContain('error Drop callback failed sync is down');
    gate.resolve();
    expect(await Promise.all(waits)).toEqual([Verdict.Accept, Verdict.Accept]);
  });

  it('dedups per subscription, each subscription getting a message once', async () => {
    const { d, registry } = setup();
    const a: number[] = [];
    const b: number[] = [];
    const noDedup: number[] = [];
    d.subscribe('block', (m) => (a.push(m.number), Verdict.Accept), { name: 'a', dedup: 10 });
    d.subscribe('block', (m) => (b.push(m.number), Verdict.Accept), { name: 'b' });
    d.subscribe('block', (m) => (noDedup.push(m.number), Verdict.Accept), { name: 'none', dedup: 0 });

    expect(await d.dispatchAndWait('block', block(1), meta('0x01', 'peerA'))).toBe(Verdict.Accept);
    // The same message from another peer, its id given as bytes this time: a duplicate for a and b.
    expect(await d.dispatchAndWait('block', block(1), { from: 'peerB', id: hexToBytes('0x01') })).toBe(Verdict.Ignore);
    expect(a).toEqual([1]);
    expect(b).toEqual([1]);
    expect(noDedup).toEqual([1, 1]);
    const text = registry.exposition();
    expect(text).toContain('p2p_dispatch_duplicates_total{type="block",subscriber="a"} 1');
    expect(text).toContain('p2p_dispatch_duplicates_total{type="block",subscriber="b"} 1');
    expect(text).not.toContain('subscriber="none"} 1\np2p_dispatch_duplicates');
  });

  it('remembers only the last `dedup` ids', async () => {
    const { d } = setup();
    const seen: string[] = [];
    d.subscribe('txs', (t) => (seen.push(t[0]!), Verdict.Accept), { name: 'pool', dedup: 2 });
    for (const id of ['a', 'b', 'c', 'a', 'c']) await d.dispatchAndWait('txs', [id], meta(id));
    expect(seen).toEqual(['a', 'b', 'c', 'a']); // 'a' was forgotten when 'c' came; 'c' was still remembered
  });

  it('really removes a subscriber on unsubscribe', async () => {
    const { d, registry } = setup();
    const gate = deferred();
    const seen: number[] = [];
    const sub = d.subscribe(
      'block',
      async (b) => {
        await gate.promise;
        seen.push(b.number);
        return Verdict.Accept;
      },
      { name: 'import' },
    );
    expect(sub).toMatchObject({ type: 'block', name: 'import', active: true });
    const first = d.dispatchAndWait('block', block(1), meta('b1'));
    await vi.waitFor(() => expect(sub.queued).toBe(0)); // block 1 is with the handler
    const pending = [2, 3].map((n) => d.dispatchAndWait('block', block(n), meta(`b${n}`)));
    expect(sub.queued).toBe(2);

    sub.unsubscribe();
    expect(sub.active).toBe(false);
    expect(sub.queued).toBe(0);
    expect(d.subscriberCount('block')).toBe(0);
    expect(await Promise.all(pending)).toEqual([Verdict.Ignore, Verdict.Ignore]);
    expect(registry.exposition()).toContain('p2p_dispatch_queue_length{type="block",subscriber="import"} 0');

    // The message already being handled finishes; nothing else is delivered.
    gate.resolve();
    expect(await first).toBe(Verdict.Accept);
    expect(await d.dispatchAndWait('block', block(4), meta('b4'))).toBe(Verdict.Ignore);
    expect(seen).toEqual([1]);
    sub.unsubscribe(); // idempotent

    // The name is free again, with a fresh queue and dedup memory.
    const again: number[] = [];
    d.subscribe('block', (b) => (again.push(b.number), Verdict.Accept), { name: 'import' });
    expect(await d.dispatchAndWait('block', block(2), meta('b2'))).toBe(Verdict.Accept);
    expect(again).toEqual([2]);
  });

  it('copes with a subscriber removed by another one while a message is handed out', async () => {
    const { d } = setup();
    const gate = deferred();
    const seen: number[] = [];
    let other: { unsubscribe(): void } | undefined;
    const first = d.subscribe('block', async () => (await gate.promise, Verdict.Accept), {
      name: 'first',
      queue: 1,
      onDrop: () => other?.unsubscribe(),
    });
    other = d.subscribe('block', (b) => (seen.push(b.number), Verdict.Accept), { name: 'second' });
    const waits = [d.dispatchAndWait('block', block(1), meta('b1'))];
    await vi.waitFor(() => expect(first.queued).toBe(0)); // block 1 is with the handler
    waits.push(d.dispatchAndWait('block', block(2), meta('b2')));
    await vi.waitFor(() => expect(seen).toEqual([1, 2]));
    // Block 3 is dropped by `first`, whose onDrop removes `second` before block 3 reaches it.
    expect(await d.dispatchAndWait('block', block(3), meta('b3'))).toBe(Verdict.Ignore);
    gate.resolve();
    expect(await Promise.all(waits)).toEqual([Verdict.Accept, Verdict.Accept]);
    expect(seen).toEqual([1, 2]);
    expect(d.subscriberCount('block')).toBe(1);
  });

  it('combines the subscribers verdicts: REJECT over IGNORE over ACCEPT, nobody is IGNORE', async () => {
    const { d } = setup();
    expect(await d.dispatchAndWait('block', block(0), meta('none'))).toBe(Verdict.Ignore);
    const answers: Record<string, Verdict> = {};
    for (const name of ['a', 'b']) d.subscribe('block', (b) => answers[`${name}${b.number}`]!, { name });

    const cases: Array<[Verdict, Verdict, Verdict]> = [
      [Verdict.Accept, Verdict.Accept, Verdict.Accept],
      [Verdict.Accept, Verdict.Ignore, Verdict.Ignore],
      [Verdict.Reject, Verdict.Accept, Verdict.Reject],
      [Verdict.Ignore, Verdict.Reject, Verdict.Reject],
    ];
    for (const [i, [a, b, combined]] of cases.entries()) {
      answers[`a${i}`] = a;
      answers[`b${i}`] = b;
      expect(await d.dispatchAndWait('block', block(i), meta(`m${i}`))).toBe(combined);
    }
  });

  it('lowers the sender score once per rejected message and ignores a banned sender', async () => {
    const { d, scores, registry } = setup(true);
    const seen: string[] = [];
    const bans: string[] = [];
    scores!.onBan((b) => bans.push(b.peer));
    d.subscribe('txs', (t, from) => (seen.push(`${from}:${t[0]}`), t[0] === 'bad' ? Verdict.Reject : Verdict.Accept), { name: 'a' });
    d.subscribe('txs', (t) => (t[0] === 'bad' ? Verdict.Reject : Verdict.Ignore), { name: 'b' });

    expect(await d.dispatchAndWait('txs', ['good'], meta('g', 'evil'))).toBe(Verdict.Ignore);
    expect(scores!.score('evil')).toBe(0);
    expect(await d.dispatchAndWait('txs', ['bad'], meta('x1', 'evil'))).toBe(Verdict.Reject);
    expect(scores!.score('evil')).toBe(-10); // two rejecting subscribers, one penalty
    d.dispatch('txs', ['bad'], meta('x2', 'evil'));
    await vi.waitFor(() => expect(scores!.score('evil')).toBe(-20)); // dispatch without waiting feeds back too
    expect(await d.dispatchAndWait('txs', ['bad'], meta('x3', 'evil'))).toBe(Verdict.Reject);
    expect(bans).toEqual(['evil']);

    // Banned: its messages no longer reach the handlers; others' do.
    expect(await d.dispatchAndWait('txs', ['good'], meta('g2', 'evil'))).toBe(Verdict.Ignore);
    expect(await d.dispatchAndWait('txs', ['good'], meta('g3', 'honest'))).toBe(Verdict.Ignore);
    expect(seen).toEqual(['evil:good', 'evil:bad', 'evil:bad', 'evil:bad', 'honest:good']);
    expect(registry.exposition()).toContain('p2p_dispatch_from_banned_total{type="txs"} 1');
  });

  it('does not let a slow subscriber hold up another', async () => {
    const { d } = setup();
    const gate = deferred();
    const fast: number[] = [];
    d.subscribe('block', async () => (await gate.promise, Verdict.Accept), { name: 'slow' });
    d.subscribe('block', (b) => (fast.push(b.number), Verdict.Accept), { name: 'fast' });
    const waits = [1, 2, 3].map((n) => d.dispatchAndWait('block', block(n), meta(`b${n}`)));
    await vi.waitFor(() => expect(fast).toEqual([1, 2, 3]));
    gate.resolve();
    expect(await Promise.all(waits)).toEqual(Array(3).fill(Verdict.Accept));
  });

  it('counts and logs a failing handler as IGNORE and keeps going', async () => {
    const { d, log, registry } = setup(true);
    d.subscribe(
      'block',
      async (b) => {
        if (b.number === 1) throw new Error('state root mismatch');
        if (b.number === 2) return 'accepted' as unknown as Verdict; // a JS caller breaking the contract
        return Verdict.Accept;
      },
      { name: 'import' },
    );
    d.subscribe(
      'txs',
      () => {
        throw new TypeError('sync throw');
      },
      { name: 'pool' },
    );
    expect(await d.dispatchAndWait('block', block(1), meta('b1'))).toBe(Verdict.Ignore);
    expect(await d.dispatchAndWait('block', block(2), meta('b2'))).toBe(Verdict.Ignore);
    expect(await d.dispatchAndWait('block', block(3), meta('b3'))).toBe(Verdict.Accept);
    expect(await d.dispatchAndWait('txs', ['t'], meta('t'))).toBe(Verdict.Ignore);
    expect(log.lines).toEqual([
      'error Message handler failed state root mismatch',
      'error Message handler failed handler returned accepted, not a verdict',
      'error Message handler failed sync throw',
    ]);
    const text = registry.exposition();
    expect(text).toContain('p2p_dispatch_handler_errors_total{type="block",subscriber="import"} 2');
    expect(text).toContain('p2p_dispatch_handled_total{type="block",subscriber="import",verdict="ignore"} 2');
    expect(text).toContain('p2p_dispatch_handled_total{type="block",subscriber="import",verdict="accept"} 1');
    expect(text).toContain('p2p_dispatch_handler_errors_total{type="txs",subscriber="pool"} 1');
  });

  it('shows every queue in the Prometheus text', async () => {
    const { d, registry } = setup();
    d.subscribe('block', () => Verdict.Reject, { name: 'import' });
    d.subscribe('txs', () => Verdict.Accept, { name: 'pool' });
    await d.dispatchAndWait('block', block(1), meta('b1'));
    await d.dispatchAndWait('txs', ['t'], meta('t'));
    const text = registry.exposition();
    expect(text).toContain('# TYPE p2p_dispatch_queue_length gauge');
    expect(text).toContain('p2p_dispatch_queue_length{type="block",subscriber="import"} 0');
    expect(text).toContain('p2p_dispatch_queue_length{type="txs",subscriber="pool"} 0');
    expect(text).toContain('# TYPE p2p_dispatch_handled_total counter');
    expect(text).toContain('p2p_dispatch_handled_total{type="block",subscriber="import",verdict="reject"} 1');
    expect(text).toContain('p2p_dispatch_handled_total{type="txs",subscriber="pool",verdict="accept"} 1');
  });

  it('stops: waiting messages are discarded, running handlers are awaited, nothing new is taken', async () => {
    const { d } = setup();
    const gate = deferred();
    const seen: number[] = [];
    const sub = d.subscribe(
      'block',
      async (b) => {
        await gate.promise;
        seen.push(b.number);
        return Verdict.Accept;
      },
      { name: 'import' },
    );
    const first = d.dispatchAndWait('block', block(1), meta('b1'));
    await vi.waitFor(() => expect(sub.queued).toBe(0)); // block 1 is with the handler
    const second = d.dispatchAndWait('block', block(2), meta('b2'));

    let stopped = false;
    const stopping = d.stop().then(() => (stopped = true));
    expect(await second).toBe(Verdict.Ignore);
    await new Promise((r) => setTimeout(r, 5));
    expect(stopped).toBe(false); // block 1 is still being handled
    gate.resolve();
    await stopping;
    expect(await first).toBe(Verdict.Accept);
    expect(seen).toEqual([1]);

    expect(await d.dispatchAndWait('block', block(3), meta('b3'))).toBe(Verdict.Ignore);
    expect(() => d.subscribe('block', () => Verdict.Accept, { name: 'late' })).toThrow(
      'dispatcher stopped: cannot subscribe late to block',
    );
  });

  it('rejects bad subscriptions with clear errors', () => {
    const { d } = setup();
    const ok = () => Verdict.Accept;
    expect(() => d.subscribe('block', ok, { name: 'x', queue: 0 })).toThrow('subscription queue must be an integer >= 1, got 0');
    expect(() => d.subscribe('block', ok, { name: 'x', dedup: -1 })).toThrow('subscription dedup must be an integer >= 0, got -1');
    expect(() => d.subscribe('block', ok, { name: 'x', concurrency: 1.5 })).toThrow(/concurrency must be an integer >= 1/);
    expect(() => d.subscribe('block', ok, { name: '' })).toThrow('subscriber of block: name must be a non-empty string');
    expect(() => d.subscribe('block', 'nope' as unknown as typeof ok, { name: 'x' })).toThrow(/handler is not a function/);
    expect(d.subscriberCount('block')).toBe(0); // failed subscriptions leave nothing behind

    d.subscribe('block', ok, { name: 'import' });
    expect(() => d.subscribe('block', ok, { name: 'import' })).toThrow('subscriber import of block already exists');
    d.subscribe('txs', ok, { name: 'import' }); // the same name on another type is another subscriber
    expect(d.subscriberCount('block')).toBe(1);
    expect(d.subscriberCount('txs')).toBe(1);
  });

  it('registers its metrics once per registry', () => {
    const registry = new Registry();
    new Dispatcher<Messages>({ registry });
    expect(() => new Dispatcher<Messages>({ registry })).toThrow(/already registered/);
  });
});
