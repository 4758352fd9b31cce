import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, HostError, type Host } from './host.js';
import { PeerAddressError } from './bootnodes.js';
import { generateNodeKey, loadOrCreateNodeKey } from './nodeKey.js';
import type { StatusExchange } from './statusHandshake.js';
import { RecordingLogger, startTestHost, stopTestHosts, waitFor } from './testHosts.js';

const dirs: string[] = [];
afterEach(async () => {
  await stopTestHosts();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function connected(host: Host, other: Host): boolean {
  return host.peers().some((p) => p.id === other.peerId);
}

/** A free TCP port on 127.0.0.1, for a host that must be known before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A Status exchange whose Status is a network name; peers on another network are refused. */
function networkStatus(network: string): StatusExchange {
  return {
    localStatus: () => new TextEncoder().encode(network),
    checkStatus: (remote) => {
      const theirs = new TextDecoder().decode(remote);
      if (theirs !== network) throw new Error(`network mismatch: ours ${network}, theirs ${theirs}`);
    },
  };
}

describe('host', () => {
  it('gives addresses other nodes can use as bootnodes', async () => {
    const a = await startTestHost();
    const port = a.listenPort();
    expect(port).toBeGreaterThan(0);
    expect(a.multiaddrs()).toEqual([`/ip4/127.0.0.1/tcp/${port}/p2p/${a.peerId}`]);
    // A secp256k1 key's peer id: the identity multihash of its public key, whose compressed form starts with 02 or
    // 03 (16Uiu2HAm... or 16Uiu2HAk..., one key in five the latter).
    expect(a.peerId).toMatch(/^16Uiu2HA[km]/);
  });

  it('connects three hosts through a bootnode, with events for each peer', async () => {
    const a = await startTestHost();
    const seen: string[] = [];
    a.on('peer:connect', (p) => seen.push(`connect ${p}`));
    a.on('peer:ready', ({ peer, status }) => seen.push(`ready ${peer} ${status === undefined}`));
    a.on('peer:disconnect', (p) => seen.push(`disconnect ${p}`));
    const b = await startTestHost({ bootnodes: a.multiaddrs() });
    const c = await startTestHost({ bootnodes: a.multiaddrs() });
    await waitFor('a to have b and c', () => connected(a, b) && connected(a, c));
    expect(connected(b, a) && connected(c, a)).toBe(true);
    expect(a.peers().find((p) => p.id === b.peerId)).toMatchObject({ direction: 'inbound', remoteAddr: expect.stringMatching(/^\/ip4\/127\.0\.0\.1\/tcp\//) });
    expect(b.peers().find((p) => p.id === a.peerId)?.direction).toBe('outbound');
    await waitFor('ready events', () => seen.filter((s) => s.startsWith('ready')).length === 2);
    expect(seen).toContain(`connect ${b.peerId}`);
    expect(seen).toContain(`ready ${c.peerId} true`);
    await b.stop();
    await waitFor('a to see b leave', () => seen.includes(`disconnect ${b.peerId}`));
    expect(a.isReady(b.peerId)).toBe(false);
    expect(a.isReady(c.peerId)).toBe(true);
  });

  it('skips its own address among the bootnodes (one list for a whole devnet)', async () => {
    const key = await generateNodeKey();
    const port = await freePort();
    const a = await startTestHost({ privateKey: key, listenPort: port });
    const self = a.multiaddrs()[0]!;
    await a.stop();
    const again = await startTestHost({ privateKey: key, listenPort: port, bootnodes: [self], redialIntervalMs: 50 });
    await new Promise((r) => setTimeout(r, 300));
    expect(again.peers()).toEqual([]);
  });

  it('keeps dialling a bootnode that is not up yet', async () => {
    const key = await generateNodeKey();
    const port = await freePort();
    const bootnode = `/ip4/127.0.0.1/tcp/${port}/p2p/${peerIdFromPrivateKey(key).toString()}`;
    const b = await startTestHost({ bootnodes: [bootnode], redialIntervalMs: 200 });
    await new Promise((r) => setTimeout(r, 300));
    const a = await startTestHost({ privateKey: key, listenPort: port });
    await waitFor('b to reach the late bootnode', () => connected(b, a));
  });

  it('keeps its peer id across restarts with the key from the datadir', async () => {
    const datadir = mkdtempSync(join(tmpdir(), 'tsgeth-host-'));
    dirs.push(datadir);
    const first = await startTestHost({ privateKey: await loadOrCreateNodeKey(datadir) });
    const id = first.peerId;
    await first.stop();
    const second = await startTestHost({ privateKey: await loadOrCreateNodeKey(datadir) });
    expect(second.peerId).toBe(id);
  });

  it('refuses bad bootnodes, even with discovery off', async () => {
    const privateKey = await generateNodeKey();
    const base = { privateKey, listenPort: 0, listenHost: '127.0.0.1', maxPeers: 5, log: new RecordingLogger() };
    const enode = 'enode://a979fb575495b8d6db44f750317d0f4622bf4c2aa3365d6af7c284339968eef29b69ad0dce72a4d8db5ebb4968de0e3bec910127f134779fbcb0cb6d3331163c@52.16.188.185:30303';
    await expect(createHost({ ...base, bootnodes: [enode] })).rejects.toThrow(PeerAddressError);
    await expect(createHost({ ...base, bootnodes: [enode] })).rejects.toThrow(
      `invalid bootnode "${enode}": enode URLs are not supported, give a libp2p multiaddr like /ip4/127.0.0.1/tcp/30303/p2p/16U`,
    );
    await expect(createHost({ ...base, noDiscovery: true, bootnodes: ['/ip4/127.0.0.1/tcp/30303'] })).rejects.toThrow(
      'invalid bootnode "/ip4/127.0.0.1/tcp/30303": the address does not end in /p2p/<peer id>',
    );
  });

  it('refuses bad settings', async () => {
    const privateKey = await generateNodeKey();
    const base = { privateKey, listenPort: 0, listenHost: '127.0.0.1', maxPeers: 5, log: new RecordingLogger() };
    await expect(createHost({ ...base, maxPeers: 0 })).rejects.toThrow(/invalid maxPeers 0: a host needs at least 1/);
    await expect(createHost({ ...base, listenHost: 'localhost' })).rejects.toThrow(HostError);
    await expect(createHost({ ...base, listenHost: 'localhost' })).rejects.toThrow(/invalid listen address "localhost": want an IP address/);
    await expect(createHost({ ...base, listenPort: 70000 })).rejects.toThrow(/invalid listen port 70000/);
  });

  it('says which address it cannot listen on', async () => {
    const a = await startTestHost();
    const port = a.listenPort()!;
    await expect(startTestHost({ listenPort: port })).rejects.toThrow(
      `cannot start p2p networking on /ip4/127.0.0.1/tcp/${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
    );
  });

  it('with discovery off dials no bootnode but takes peers added by hand and inbound ones', async () => {
    const a = await startTestHost();
    const b = await startTestHost({ bootnodes: a.multiaddrs(), noDiscovery: true, redialIntervalMs: 50 });
    await new Promise((r) => setTimeout(r, 400));
    expect(b.peers()).toEqual([]);
    expect(await b.dial(a.multiaddrs()[0]!)).toBe(a.peerId);
    await waitFor('a and b to connect', () => connected(a, b) && connected(b, a));
    const c = await startTestHost();
    await c.dial(b.multiaddrs()[0]!);
    await waitFor('c to reach b', () => connected(b, c));
  });

  it('explains dials that cannot work', async () => {
    const a = await startTestHost();
    await expect(a.dial(a.multiaddrs()[0]!)).rejects.toThrow(/cannot dial .*: that is this node/);
    await expect(a.dial('enode://abc@127.0.0.1:30303')).rejects.toThrow(/^invalid peer address "enode:\/\/abc@127\.0\.0\.1:30303": enode URLs/);
    const nobody = peerIdFromPrivateKey(await generateNodeKey()).toString();
    const port = await freePort();
    await expect(a.dial(`/ip4/127.0.0.1/tcp/${port}/p2p/${nobody}`)).rejects.toThrow(/^cannot dial \/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/16U.*: /);
  });

  it('runs the Status handshake and keeps peers on the same network', async () => {
    const a = await startTestHost({ status: networkStatus('devnet') });
    const ready: string[] = [];
    a.on('peer:ready', ({ peer, status }) => ready.push(`${peer} ${new TextDecoder().decode(status)}`));
    const b = await startTestHost({ status: networkStatus('devnet'), bootnodes: a.multiaddrs() });
    await waitFor('the handshake on both sides', () => a.isReady(b.peerId) && b.isReady(a.peerId));
    expect(ready).toEqual([`${b.peerId} devnet`]);
    expect(new TextDecoder().decode(a.peers()[0]!.status)).toBe('devnet');
    await new Promise((r) => setTimeout(r, 200));
    expect(connected(a, b)).toBe(true);
  });

  it('disconnects a peer whose Status does not match, and logs why', async () => {
    const aLog = new RecordingLogger();
    const a = await startTestHost({ status: networkStatus('mainnet'), log: aLog });
    let aReady = 0;
    a.on('peer:ready', () => aReady++);
    const bLog = new RecordingLogger();
    const b = await startTestHost({ status: networkStatus('devnet'), log: bLog, bootnodes: a.multiaddrs(), redialIntervalMs: 60_000 });
    // Whichever side checks first refuses the other (a warning); the other side then loses the peer mid-handshake.
    const refusal = (log: RecordingLogger) =>
      log.entries.find((e) => e.msg === 'Peer handshake failed, disconnecting' && e.level === 'warn');
    await waitFor('a refusal logged', () => refusal(aLog) !== undefined || refusal(bLog) !== undefined);
    await waitFor('the peers to part', () => !connected(a, b) && !connected(b, a));
    const byA = refusal(aLog);
    if (byA !== undefined) {
      expect(byA.fields).toEqual({ peer: b.peerId, reason: 'network mismatch: ours mainnet, theirs devnet' });
    } else {
      expect(refusal(bLog)!.fields).toEqual({ peer: a.peerId, reason: 'network mismatch: ours devnet, theirs mainnet' });
    }
    expect(aReady).toBe(0);
  });

  it('disconnects a peer that has no Status to give', async () => {
    const aLog = new RecordingLogger();
    const a = await startTestHost({ status: { ...networkStatus('devnet'), timeoutMs: 1_000 }, log: aLog });
    const b = await startTestHost({ bootnodes: a.multiaddrs(), redialIntervalMs: 60_000 });
    await waitFor('b to be dropped', () => aLog.entries.some((e) => e.msg === 'Peer handshake failed, disconnecting'));
    const entry = aLog.entries.find((e) => e.msg === 'Peer handshake failed, disconnecting')!;
    expect(entry.level).toBe('debug');
    expect(entry.fields.peer).toBe(b.peerId);
    expect(String(entry.fields.reason)).toMatch(/^no status: .*does not support the protocol/);
    await waitFor('the peers to part', () => !connected(a, b));
  });

  it('refuses a banned peer both ways until the ban ends', async () => {
    const a = await startTestHost();
    const b = await startTestHost({ bootnodes: a.multiaddrs(), redialIntervalMs: 100 });
    await waitFor('a and b to connect', () => connected(a, b));
    await a.ban(b.peerId, 60_000);
    expect(a.isBanned(b.peerId)).toBe(true);
    await waitFor('the ban to disconnect b', () => !connected(a, b) && !connected(b, a));
    // b keeps redialling its bootnode: it must not get back in.
    await new Promise((r) => setTimeout(r, 500));
    expect(connected(a, b)).toBe(false);
    await expect(b.dial(a.multiaddrs()[0]!)).rejects.toThrow(/cannot dial/);
    await expect(a.dial(b.multiaddrs()[0]!)).rejects.toThrow(/the peer is banned for another 60 s/);
    expect(connected(a, b) || connected(b, a)).toBe(false);
  });

  it('lets a ban lapse', async () => {
    const a = await startTestHost();
    const b = await startTestHost();
    await a.ban(b.peerId, 300);
    await expect(a.dial(b.multiaddrs()[0]!)).rejects.toThrow(/banned/);
    await new Promise((r) => setTimeout(r, 350));
    await a.dial(b.multiaddrs()[0]!);
    await waitFor('a and b to connect', () => connected(a, b));
  });

  it('holds no more than maxPeers connections', async () => {
    const a = await startTestHost({ maxPeers: 1 });
    const b = await startTestHost();
    await b.dial(a.multiaddrs()[0]!);
    await waitFor('b to connect', () => connected(a, b));
    const c = await startTestHost();
    await c.dial(a.multiaddrs()[0]!).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    expect(a.peers().map((p) => p.id)).toEqual([b.peerId]);
    expect(connected(c, a)).toBe(false);
  });
});
