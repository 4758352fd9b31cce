// Test support for the p2p layer: real hosts on 127.0.0.1 with ephemeral ports (and bare libp2p nodes for the
// protocol pieces that need no host), a logger that keeps its lines for assertions, and a bounded wait. Every
// host and node made here is stopped by stopTestHosts (call it in afterEach).
import './promisePolyfill.js';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import type { Libp2p } from '@libp2p/interface';
import { tcp } from '@libp2p/tcp';
import { createLibp2p } from 'libp2p';
import { Logger, type LogFields, type LogLevel } from '../common/log.js';
import { createHost, type Host, type HostOptions } from './host.js';
import { generateNodeKey } from './nodeKey.js';

export interface LogEntry {
  level: LogLevel;
  msg: string;
  fields: LogFields;
}

/** Keeps every line, whatever the verbosity, and writes none. */
export class RecordingLogger extends Logger {
  readonly entries: LogEntry[] = [];

  override log(level: LogLevel, msg: string, fields?: LogFields): void {
    this.entries.push({ level, msg, fields: fields ?? {} });
  }
}

const running: { stop(): void | Promise<void> }[] = [];

/** A started host on 127.0.0.1 with a fresh key; `options` override the defaults. */
export async function startTestHost(options: Partial<HostOptions> = {}): Promise<Host> {
  const host = await createHost({
    privateKey: options.privateKey ?? (await generateNodeKey()),
    listenHost: '127.0.0.1',
    listenPort: 0,
    maxPeers: 10,
    log: new RecordingLogger(),
    ...options,
  });
  running.push(host);
  await host.start();
  return host;
}

/** Two started libp2p nodes (TCP, noise, yamux, nothing else) on 127.0.0.1, the first connected to the second. */
export async function connectedBareNodes(): Promise<[Libp2p, Libp2p]> {
  const make = () =>
    createLibp2p({
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
    });
  const [a, b] = await Promise.all([make(), make()]);
  running.push(a, b);
  await a.dial(b.getMultiaddrs()[0]!);
  return [a, b];
}

export async function stopTestHosts(): Promise<void> {
  const hosts = running.splice(0);
  await Promise.all(hosts.map(async (h) => h.stop()));
}

/** Polls `condition` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
