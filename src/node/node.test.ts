import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../common/bytes.js';
import { SILENT_LOG } from '../core/chain/testChain.js';
import { LevelStore } from '../db/levelStore.js';
import { chaindataPath } from './datadir.js';
import type { Service } from './lifecycle.js';
import { Node } from './node.js';
import { startNode } from './startNode.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-node-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A service that records its calls into a shared journal; start can be made slow or failing. */
class FakeService implements Service {
  running = false;
  constructor(
    readonly name: string,
    private readonly journal: string[],
    private readonly behaviour: { startDelay?: number; failStart?: string; failStop?: string; endpoint?: string; onStop?: () => void } = {},
  ) {}
  async start(): Promise<void> {
    this.journal.push(`start ${this.name}`);
    await new Promise((r) => setTimeout(r, this.behaviour.startDelay ?? 0));
    if (this.behaviour.failStart !== undefined) throw new Error(this.behaviour.failStart);
    this.running = true;
    this.journal.push(`started ${this.name}`);
  }
  async stop(): Promise<void> {
    this.behaviour.onStop?.();
    this.journal.push(`stop ${this.name}`);
    this.running = false;
    if (this.behaviour.failStop !== undefined) throw new Error(this.behaviour.failStop);
  }
  endpoint(): string | undefined {
    return this.behaviour.endpoint;
  }
}

const lockFile = () => join(dir, 'LOCK');

describe('Node', () => {
  it('holds the datadir lock and the database while open, and releases both on close', async () => {
    const node = await Node.open(dir, { log: SILENT_LOG });
    expect(node.datadir).toBe(dir);
    expect(node.ephemeral).toBe(false);
    expect(node.keystoreDir).toBe(join(dir, 'keystore'));
    expect(existsSync(lockFile())).toBe(true);
    await expect(Node.open(dir, { log: SILENT_LOG })).rejects.toThrow(`datadir ${dir} is already in use`);
    const batch = node.store.batch();
    batch.put(utf8ToBytes('k'), utf8ToBytes('v'));
    await batch.write();
    await node.close();
    expect(node.state).toBe('closed');
    expect(existsSync(lockFile())).toBe(false);
    const store = await LevelStore.open(chaindataPath(dir));
    expect(store.get(utf8ToBytes('k'))).toEqual(utf8ToBytes('v'));
    await store.close();
  });

  it('makes a temporary datadir when given none and removes it on close', async () => {
    const node = await Node.open(undefined, { log: SILENT_LOG });
    expect(node.ephemeral).toBe(true);
    expect(existsSync(chaindataPath(node.datadir))).toBe(true);
    await node.close();
    expect(existsSync(node.datadir)).toBe(false);
  });

  it('refuses registration after start, and a service twice', async () => {
    const journal: string[] = [];
    const node = await Node.open(dir, { log: SILENT_LOG });
    const a = new FakeService('A', journal);
    node.register(a);
    expect(() => node.register(a)).toThrow('service A is already registered');
    await node.start();
    expect(node.state).toBe('running');
    expect(() => node.register(new FakeService('B', journal))).toThrow('cannot register service B: the node is running');
    await expect(node.start()).rejects.toThrow('cannot start the node: it is running');
    await node.close();
    expect(() => node.register(new FakeService('C', journal))).toThrow('the node is closed');
    expect(node.services).toEqual([a]);
  });

  it('starts services concurrently and stops them in reverse order, the database last', async () => {
    const journal: string[] = [];
    const node = await Node.open(dir, { log: SILENT_LOG });
    const dbOpenAtStop: boolean[] = [];
    const probe = () => dbOpenAtStop.push(existsSync(lockFile()) && node.store.get(utf8ToBytes('x')) === undefined);
    node.register(new FakeService('A', journal, { startDelay: 30, onStop: probe }));
    node.register(new FakeService('B', journal, { startDelay: 10, onStop: probe }));
    node.register(new FakeService('C', journal, { onStop: probe }));
    await node.start();
    // All three began before any finished: concurrent, not one after the other.
    expect(journal.slice(0, 3)).toEqual(['start A', 'start B', 'start C']);
    expect(journal.slice(3)).toEqual(['started C', 'started B', 'started A']);
    journal.length = 0;
    await node.close();
    expect(journal).toEqual(['stop C', 'stop B', 'stop A']);
    // Each service could still read the database when it stopped.
    expect(dbOpenAtStop).toEqual([true, true, true]);
    expect(existsSync(lockFile())).toBe(false);
    await node.close();
    expect(journal).toHaveLength(3);
  });

  it('stops the started services when one fails to start, closes, and names the failure', async () => {
    const journal: string[] = [];
    const node = await Node.open(dir, { log: SILENT_LOG });
    const a = new FakeService('A', journal);
    const b = new FakeService('HTTP server', journal, { startDelay: 5, failStart: 'listen EADDRINUSE: address already in use 127.0.0.1:8545' });
    const c = new FakeService('C', journal, { startDelay: 20 });
    node.register(a);
    node.register(b);
    node.register(c);
    await expect(node.start()).rejects.toThrow('HTTP server: listen EADDRINUSE: address already in use 127.0.0.1:8545');
    // C was still starting when B failed: it is let finish and then stopped with A.
    expect(journal.filter((l) => l.startsWith('stop'))).toEqual(['stop C', 'stop A']);
    expect([a.running, b.running, c.running]).toEqual([false, false, false]);
    expect(node.state).toBe('closed');
    expect(existsSync(lockFile())).toBe(false);
  });

  it('counts a start() that throws instead of rejecting as a failed start', async () => {
    const journal: string[] = [];
    const node = await Node.open(dir, { log: SILENT_LOG });
    node.register(new FakeService('A', journal));
    node.register({
      name: 'Broken',
      start: () => {
        throw new Error('no config');
      },
      stop: async () => {},
    });
    await expect(node.start()).rejects.toThrow('Broken: no config');
    expect(journal).toContain('stop A');
    expect(node.state).toBe('closed');
  });

  it('stops every service and closes the database even when a service fails to stop', async () => {
    const journal: string[] = [];
    const node = await Node.open(dir, { log: SILENT_LOG });
    node.register(new FakeService('A', journal));
    node.register(new FakeService('B', journal, { failStop: 'stuck' }));
    await node.start();
    await expect(node.close()).rejects.toThrow('node closed with errors: B: stuck');
    expect(journal.filter((l) => l.startsWith('stop'))).toEqual(['stop B', 'stop A']);
    expect(existsSync(lockFile())).toBe(false);
  });

  it('lets services still starting finish before a close during start stops them', async () => {
    const journal: string[] = [];
    const node = await Node.open(dir, { log: SILENT_LOG });
    node.register(new FakeService('A', journal, { startDelay: 20 }));
    const starting = expect(node.start()).rejects.toThrow('the node was closed while starting');
    await node.close();
    await starting;
    expect(journal).toEqual(['start A', 'started A', 'stop A']);
  });
});

describe('startNode', () => {
  function setup(services: (journal: string[]) => Service[]) {
    const journal: string[] = [];
    const signals = new EventEmitter();
    const exits: number[] = [];
    return { journal, signals, exits, services: services(journal), exit: (code: number) => void exits.push(code) };
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`runs until ${signal}, then shuts down cleanly and removes its handlers`, async () => {
      const t = setup((j) => [new FakeService('A', j), new FakeService('B', j)]);
      const node = await Node.open(dir, { log: SILENT_LOG });
      for (const s of t.services) node.register(s);
      const running = startNode(node, { signals: t.signals, exit: t.exit, log: SILENT_LOG });
      await new Promise((r) => setTimeout(r, 10));
      expect(node.state).toBe('running');
      expect(t.signals.listenerCount(signal)).toBe(1);
      t.signals.emit(signal);
      await running;
      expect(t.journal.slice(-2)).toEqual(['stop B', 'stop A']);
      expect(existsSync(lockFile())).toBe(false);
      expect(t.exits).toEqual([]);
      expect(t.signals.listenerCount('SIGINT') + t.signals.listenerCount('SIGTERM')).toBe(0);
    });
  }

  it('forces the exit on a second signal while shutting down', async () => {
    let release!: () => void;
    const stuck: Service = { name: 'Stuck', start: async () => {}, stop: () => new Promise<void>((r) => (release = r)) };
    const t = setup(() => [stuck]);
    const node = await Node.open(dir, { log: SILENT_LOG });
    node.register(stuck);
    const running = startNode(node, { signals: t.signals, exit: t.exit, log: SILENT_LOG });
    await new Promise((r) => setTimeout(r, 10));
    t.signals.emit('SIGINT');
    await new Promise((r) => setTimeout(r, 10));
    expect(t.exits).toEqual([]);
    t.signals.emit('SIGTERM');
    expect(t.exits).toEqual([1]);
    release();
    await running;
  });

  it('rejects with the failing service and leaves nothing running or locked', async () => {
    const t = setup((j) => [new FakeService('A', j), new FakeService('Metrics server', j, { failStart: 'port taken' })]);
    const node = await Node.open(dir, { log: SILENT_LOG });
    for (const s of t.services) node.register(s);
    await expect(startNode(node, { signals: t.signals, exit: t.exit, log: SILENT_LOG })).rejects.toThrow('Metrics server: port taken');
    expect(t.journal).toContain('stop A');
    expect(existsSync(lockFile())).toBe(false);
    expect(t.signals.listenerCount('SIGINT')).toBe(0);
  });

  it('resolves when the node is closed from elsewhere', async () => {
    const t = setup((j) => [new FakeService('A', j)]);
    const node = await Node.open(dir, { log: SILENT_LOG });
    for (const s of t.services) node.register(s);
    const running = startNode(node, { signals: t.signals, exit: t.exit, log: SILENT_LOG });
    await new Promise((r) => setTimeout(r, 10));
    await node.close();
    await running;
    expect(t.journal).toContain('stop A');
  });

  it('treats a signal during start as a shutdown', async () => {
    const t = setup((j) => [new FakeService('Slow', j, { startDelay: 30 })]);
    const node = await Node.open(dir, { log: SILENT_LOG });
    for (const s of t.services) node.register(s);
    const running = startNode(node, { signals: t.signals, exit: t.exit, log: SILENT_LOG });
    t.signals.emit('SIGINT');
    await running;
    expect(t.journal).toEqual(['start Slow', 'started Slow', 'stop Slow']);
  });
});
