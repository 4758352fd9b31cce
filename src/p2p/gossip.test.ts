import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from './host.js';
import { generateNodeKey } from './nodeKey.js';
import { GossipError } from './gossip.js';
import { MAX_MESSAGE_SIZE } from './reqResp.js';
import { RecordingLogger, startTestHost, stopTestHosts, waitFor } from './testHosts.js';
import type { Verdict } from './verdict.js';

const TOPIC = '/tsgeth/test/blocks/1';

afterEach(stopTestHosts);

interface Node {
  host: Host;
  log: RecordingLogger;
  /** Messages delivered, as text, with the peer they came from. */
  received: { text: string; from: string }[];
  /** Verdicts the validator gave, by message text. */
  verdicts: Map<string, Verdict>;
}

const text = (data: Uint8Array) => new TextDecoder().decode(data);
const bytes = (s: string) => new TextEncoder().encode(s);

/** A host subscribed to TOPIC whose validator rejects messages starting with "bad" when `strict`. */
async function node(strict: boolean, bootnodes: string[] = []): Promise<Node> {
  const log = new RecordingLogger();
  const host = await startTestHost({ log, bootnodes, redialIntervalMs: 60_000 });
  const n: Node = { host, log, received: [], verdicts: new Map() };
  host.gossip.subscribe(
    TOPIC,
    async (data) => {
      const verdict: Verdict = strict && text(data).startsWith('bad') ? 'reject' : 'accept';
      n.verdicts.set(text(data), verdict);
      return verdict;
    },
    (data, from) => n.received.push({ text: text(data), from }),
  );
  return n;
}

/** a - b - c in a line: c hears a only through b. Resolves once a message from a has reached c. */
async function line(bStrict: boolean): Promise<[Node, Node, Node]> {
  const b = await node(bStrict);
  const a = await node(false, b.host.multiaddrs());
  const c = await node(false, b.host.multiaddrs());
  await waitFor('a and c to reach b', () => b.host.peers().length === 2);
  expect(a.host.peers().map((p) => p.id)).toEqual([b.host.peerId]);
  expect(c.host.peers().map((p) => p.id)).toEqual([b.host.peerId]);
  // The mesh forms on gossipsub's heartbeat: publish until one message has gone all the way.
  let i = 0;
  const end = Date.now() + 15_000;
  while (!c.received.some((m) => m.text.startsWith('warmup'))) {
    if (Date.now() > end) throw new Error('gossip mesh a-b-c did not form in 15 s');
    await a.host.gossip.publish(TOPIC, bytes(`warmup ${i++}`));
    await new Promise((r) => setTimeout(r, 200));
  }
  return [a, b, c];
}

describe('gossip', () => {
  it('delivers a message to every node, through the middle one, but not back to its author', async () => {
    const [a, b, c] = await line(false);
    await a.host.gossip.publish(TOPIC, bytes('block 1'));
    await waitFor('b and c to get block 1', () => [b, c].every((n) => n.received.some((m) => m.text === 'block 1')));
    expect(b.received.find((m) => m.text === 'block 1')!.from).toBe(a.host.peerId);
    // c got it from b, which forwarded it: the sender is the peer it came from, not its author.
    expect(c.received.find((m) => m.text === 'block 1')!.from).toBe(b.host.peerId);
    expect(a.received).toEqual([]);
    expect(b.verdicts.get('block 1')).toBe('accept');
    expect(b.host.gossip.subscribers(TOPIC).sort()).toEqual([a.host.peerId, c.host.peerId].sort());
  });

  it('does not forward a message the validator rejects', async () => {
    const [a, b, c] = await line(true);
    await a.host.gossip.publish(TOPIC, bytes('bad block'));
    await a.host.gossip.publish(TOPIC, bytes('good block'));
    await waitFor('c to get the good block', () => c.received.some((m) => m.text === 'good block'));
    await waitFor('b to judge the bad block', () => b.verdicts.get('bad block') === 'reject');
    // Room for a forward that should not happen.
    await new Promise((r) => setTimeout(r, 500));
    expect(b.received.map((m) => m.text)).not.toContain('bad block');
    expect(c.received.map((m) => m.text)).not.toContain('bad block');
    expect(c.verdicts.has('bad block')).toBe(false);
  });

  it('drops the message and logs the bug when a validator throws', async () => {
    const b = await startTestHost({ log: new RecordingLogger() });
    const cLog = new RecordingLogger();
    const c = await startTestHost({ log: cLog, bootnodes: b.multiaddrs() });
    const got: string[] = [];
    c.gossip.subscribe(
      TOPIC,
      async (data) => {
        if (text(data) === 'boom') throw new Error('validator bug');
        return 'accept';
      },
      (data) => got.push(text(data)),
    );
    b.gossip.subscribe(TOPIC, async () => 'accept');
    await waitFor('b to see c subscribed', () => b.gossip.subscribers(TOPIC).includes(c.peerId));
    await b.gossip.publish(TOPIC, bytes('boom'));
    await b.gossip.publish(TOPIC, bytes('fine'));
    await waitFor('c to get the next message', () => got.includes('fine'));
    expect(got).not.toContain('boom');
    const entry = cLog.entries.find((e) => e.msg === 'Gossip validator failed');
    expect(entry).toMatchObject({ level: 'error', fields: { topic: TOPIC, peer: b.peerId, err: new Error('validator bug') } });
  });

  it('stops delivering after unsubscribe', async () => {
    const b = await startTestHost();
    const c = await startTestHost({ bootnodes: b.multiaddrs() });
    const got: string[] = [];
    const leave = c.gossip.subscribe(TOPIC, async () => 'accept', (data) => got.push(text(data)));
    b.gossip.subscribe(TOPIC, async () => 'accept');
    await waitFor('b to see c subscribed', () => b.gossip.subscribers(TOPIC).includes(c.peerId));
    await b.gossip.publish(TOPIC, bytes('one'));
    await waitFor('c to get one', () => got.includes('one'));
    leave();
    await waitFor('b to see c leave', () => !b.gossip.subscribers(TOPIC).includes(c.peerId));
    await b.gossip.publish(TOPIC, bytes('two'));
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual(['one']);
    // The topic can be joined again.
    c.gossip.subscribe(TOPIC, async () => 'accept');
  });

  it('refuses a second subscription to a topic and a message over the limit', async () => {
    const a = await startTestHost();
    a.gossip.subscribe(TOPIC, async () => 'accept');
    expect(() => a.gossip.subscribe(TOPIC, async () => 'accept')).toThrow(GossipError);
    expect(() => a.gossip.subscribe(TOPIC, async () => 'accept')).toThrow(`already subscribed to gossip topic ${TOPIC}`);
    await expect(a.gossip.publish(TOPIC, new Uint8Array(MAX_MESSAGE_SIZE + 1))).rejects.toThrow(
      `gossip message of 10485761 bytes exceeds the 10485760 byte limit (topic ${TOPIC})`,
    );
  });

  it('joins topics subscribed before the host started, and publishes only once it runs', async () => {
    const b = await startTestHost();
    const c = await createHost({
      privateKey: await generateNodeKey(),
      listenHost: '127.0.0.1',
      listenPort: 0,
      maxPeers: 5,
      bootnodes: b.multiaddrs(),
      log: new RecordingLogger(),
    });
    try {
      const got: string[] = [];
      c.gossip.subscribe(TOPIC, async () => 'accept', (data) => got.push(text(data)));
      await expect(c.gossip.publish(TOPIC, bytes('early'))).rejects.toThrow(
        `cannot publish to gossip topic ${TOPIC}: p2p networking is not running`,
      );
      await c.start();
      b.gossip.subscribe(TOPIC, async () => 'accept');
      await waitFor('b to see c subscribed', () => b.gossip.subscribers(TOPIC).includes(c.peerId));
      await b.gossip.publish(TOPIC, bytes('hello'));
      await waitFor('c to get it', () => got.includes('hello'));
    } finally {
      await c.stop();
    }
  });

  it('publishes with no peer listening (a devnet of one)', async () => {
    const a = await startTestHost();
    a.gossip.subscribe(TOPIC, async () => 'accept');
    expect(await a.gossip.publish(TOPIC, bytes('alone'))).toBe(0);
    // The same data again is no error either (a transaction resent).
    expect(await a.gossip.publish(TOPIC, bytes('alone'))).toBe(0);
  });
});
