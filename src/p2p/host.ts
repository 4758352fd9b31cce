// The node's libp2p host: TCP, noise, yamux, identify, ping and gossipsub, a ban list enforced by the connection
// gater, request/response on top, and the Status handshake run with every peer that connects.
// Peers come from the bootnodes (dialled at start, and again while they are not connected) and from dial()
// (admin_addPeer). --nodiscover turns the bootnodes off, as in geth where bootnodes only feed discovery: peers
// added by hand and inbound connections still come. A host needs maxPeers >= 1; with --maxpeers 0 (and in --dev)
// geth runs no network at all, so the node creates no host.
import './promisePolyfill.js';
import { isIP } from 'node:net';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { bootstrap } from '@libp2p/bootstrap';
import { gossipsub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import type { PeerId, PrivateKey } from '@libp2p/interface';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { createLibp2p } from 'libp2p';
import { log as rootLog, type Logger } from '../common/log.js';
import { TypedEmitter } from '../common/typedEmitter.js';
import { BanList } from './banList.js';
import { parseBootnodes, parsePeerAddress, type PeerAddress } from './bootnodes.js';
import { Gossip, gossipsubOptions } from './gossip.js';
import { toPeerId } from './peerId.js';
import { ReqResp } from './reqResp.js';
import { HandshakeError, StatusHandshake, type StatusExchange } from './statusHandshake.js';

export const DEFAULT_REDIAL_INTERVAL_MS = 15_000;

export interface HostOptions {
  /** The node key (see nodeKey.ts): it fixes the peer id. */
  privateKey: PrivateKey;
  /** TCP port to listen on; 0 picks a free one. */
  listenPort: number;
  /** IP address to listen on (default 0.0.0.0, every interface). */
  listenHost?: string;
  /** Multiaddrs with /p2p/<peer id>; this node's own address may be among them and is skipped. */
  bootnodes?: readonly string[];
  /** Most connections at once (libp2p's maxConnections); at least 1. */
  maxPeers: number;
  /** Do not dial the bootnodes (geth's --nodiscover). */
  noDiscovery?: boolean;
  /** The Status handshake; without it peers are ready as soon as they connect. */
  status?: StatusExchange;
  /** Milliseconds between attempts to reach bootnodes that are not connected (default DEFAULT_REDIAL_INTERVAL_MS). */
  redialIntervalMs?: number;
  log?: Logger;
}

export interface PeerSummary {
  id: string;
  /** The address of the first connection to the peer. */
  remoteAddr: string;
  direction: 'inbound' | 'outbound';
  /** The peer's Status once the handshake passed, undefined before (and when no handshake is configured). */
  status: Uint8Array | undefined;
}

export interface HostEvents {
  /** A peer's first connection opened. */
  'peer:connect': string;
  /** A peer passed the Status handshake (at once when there is none). */
  'peer:ready': { peer: string; status: Uint8Array | undefined };
  /** A peer's last connection closed. */
  'peer:disconnect': string;
}

export class HostError extends Error {
  override name = 'HostError';
}

/** The cause of a failed start, without libp2p's advice and stack: "listen EADDRINUSE: address already in use ...". */
function listenFailure(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return /listen E[A-Z]+: [^\n]*/.exec(message)?.[0] ?? message.split('\n')[0]!;
}

function listenAddress(host: string, port: number): string {
  const family = isIP(host);
  if (family === 0) throw new HostError(`invalid listen address ${JSON.stringify(host)}: want an IP address`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HostError(`invalid listen port ${port}: want 0 to 65535`);
  return `/ip${family}/${host}/tcp/${port}`;
}

async function buildLibp2p(options: HostOptions, listen: string, bootnodes: PeerAddress[], bans: BanList) {
  return createLibp2p({
    start: false,
    privateKey: options.privateKey,
    addresses: { listen: [listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: bans.gater(),
    connectionManager: { maxConnections: options.maxPeers },
    peerDiscovery: bootnodes.length > 0 ? [bootstrap({ list: bootnodes.map((b) => b.multiaddr.toString()), timeout: 100 })] : [],
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub(gossipsubOptions()),
    },
  });
}

type Libp2pNode = Awaited<ReturnType<typeof buildLibp2p>>;

export class Host {
  readonly reqResp: ReqResp;
  readonly gossip: Gossip;
  readonly #libp2p: Libp2pNode;
  readonly #bans: BanList;
  readonly #bootnodes: PeerAddress[];
  readonly #handshake: StatusHandshake | undefined;
  readonly #redialIntervalMs: number;
  readonly #maxPeers: number;
  readonly #listenAddress: string;
  readonly #log: Logger;
  readonly #events: TypedEmitter<HostEvents>;
  /** Peers that passed the handshake, with their Status. */
  readonly #ready = new Map<string, Uint8Array | undefined>();
  #redialTimer: ReturnType<typeof setInterval> | undefined;
  #redialing = false;
  #stopped = false;

  /** Use createHost. */
  constructor(libp2p: Libp2pNode, listen: string, bans: BanList, bootnodes: PeerAddress[], options: HostOptions, log: Logger) {
    this.#libp2p = libp2p;
    this.#listenAddress = listen;
    this.#maxPeers = options.maxPeers;
    this.#bans = bans;
    this.#bootnodes = bootnodes;
    this.#redialIntervalMs = options.redialIntervalMs ?? DEFAULT_REDIAL_INTERVAL_MS;
    this.#log = log;
    this.#events = new TypedEmitter<HostEvents>('Peer event listener failed', log);
    this.reqResp = new ReqResp(libp2p, { log });
    this.gossip = new Gossip(libp2p.services.pubsub, log);
    this.#handshake = options.status === undefined ? undefined : new StatusHandshake(this.reqResp, options.status);
    libp2p.addEventListener('peer:connect', (evt) => this.#onConnect(evt.detail));
    libp2p.addEventListener('peer:disconnect', (evt) => this.#onDisconnect(evt.detail));
  }

  get peerId(): string {
    return this.#libp2p.peerId.toString();
  }

  /** The addresses other nodes can use for this one (as bootnodes), /p2p/<peer id> included. */
  multiaddrs(): string[] {
    return this.#libp2p.getMultiaddrs().map((ma) => ma.toString());
  }

  /** The TCP port the host listens on, once started. */
  listenPort(): number | undefined {
    for (const ma of this.#libp2p.getMultiaddrs()) {
      const tcpPart = ma.getComponents().find((c) => c.name === 'tcp');
      if (tcpPart?.value !== undefined) return Number(tcpPart.value);
    }
    return undefined;
  }

  peers(): PeerSummary[] {
    const out = new Map<string, PeerSummary>();
    for (const conn of this.#libp2p.getConnections()) {
      const id = conn.remotePeer.toString();
      if (out.has(id)) continue;
      out.set(id, { id, remoteAddr: conn.remoteAddr.toString(), direction: conn.direction, status: this.#ready.get(id) });
    }
    return [...out.values()];
  }

  /** Whether `peer` is connected and passed the handshake. */
  isReady(peer: PeerId | string): boolean {
    return this.#ready.has(peer.toString());
  }

  /** Connects to a peer given as a multiaddr with /p2p/<peer id>; resolves with its peer id. */
  async dial(address: string): Promise<string> {
    const { peerId, multiaddr } = parsePeerAddress(address, 'peer address');
    const id = peerId.toString();
    if (id === this.peerId) throw new HostError(`cannot dial ${address}: that is this node`);
    const banned = this.#bans.remaining(id);
    if (banned > 0) throw new HostError(`cannot dial ${address}: the peer is banned for another ${Math.ceil(banned / 1000)} s`);
    try {
      await this.#libp2p.dial(multiaddr);
    } catch (e) {
      throw new HostError(`cannot dial ${address}: ${(e as Error).message}`);
    }
    return id;
  }

  /** Closes every connection to `peer`. */
  async hangUp(peer: PeerId | string): Promise<void> {
    await this.#libp2p.hangUp(toPeerId(peer));
  }

  /** Disconnects `peer` and refuses it, whichever side dials, for `ms` milliseconds. */
  async ban(peer: PeerId | string, ms: number): Promise<void> {
    const peerId = toPeerId(peer);
    this.#bans.ban(peerId, ms);
    this.#log.debug('Banned peer', { peer: peerId.toString(), ms });
    await this.hangUp(peerId);
  }

  isBanned(peer: PeerId | string): boolean {
    return this.#bans.isBanned(peer);
  }

  /** Adds a listener; the returned function removes it. */
  on<K extends keyof HostEvents>(event: K, listener: (payload: HostEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  async start(): Promise<void> {
    await this.#handshake?.register();
    try {
      await this.#libp2p.start();
    } catch (e) {
      await this.#libp2p.stop();
      throw new HostError(`cannot start p2p networking on ${this.#listenAddress}: ${listenFailure(e)}`);
    }
    this.gossip.start();
    if (this.#bootnodes.length > 0) {
      this.#redialTimer = setInterval(() => void this.#redialBootnodes(), this.#redialIntervalMs);
      this.#redialTimer.unref();
    }
    this.#log.info('Started P2P networking', { self: this.multiaddrs()[0] ?? this.peerId });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#redialTimer);
    this.gossip.stop();
    await this.#libp2p.stop();
    this.#ready.clear();
  }

  /** Dials the bootnodes that are not connected, while there is room for peers. */
  async #redialBootnodes(): Promise<void> {
    if (this.#redialing || this.#stopped) return;
    this.#redialing = true;
    try {
      for (const node of this.#bootnodes) {
        if (this.#stopped || this.#libp2p.getConnections().length >= this.#maxPeers) break;
        if (this.#libp2p.getConnections(node.peerId).length > 0 || this.#bans.isBanned(node.peerId)) continue;
        try {
          await this.#libp2p.dial(node.multiaddr);
        } catch (e) {
          this.#log.debug('Bootnode dial failed', { bootnode: node.multiaddr.toString(), err: e });
        }
      }
    } finally {
      this.#redialing = false;
    }
  }

  #onConnect(peerId: PeerId): void {
    const peer = peerId.toString();
    this.#log.debug('Peer connected', { peer });
    this.#events.emit('peer:connect', peer);
    if (this.#handshake === undefined) {
      this.#markReady(peer, undefined);
      return;
    }
    this.#handshake.run(peer).then(
      (status) => {
        if (this.#libp2p.getConnections(peerId).length > 0) this.#markReady(peer, status);
      },
      (e: unknown) => void this.#onHandshakeFailure(peerId, e),
    );
  }

  #markReady(peer: string, status: Uint8Array | undefined): void {
    this.#ready.set(peer, status);
    this.#events.emit('peer:ready', { peer, status });
  }

  async #onHandshakeFailure(peerId: PeerId, e: unknown): Promise<void> {
    const peer = peerId.toString();
    const reason = e instanceof HandshakeError ? e.reason : String(e);
    if (this.#stopped || this.#libp2p.getConnections(peerId).length === 0) {
      this.#log.debug('Peer left during the handshake', { peer, reason });
      return;
    }
    if (e instanceof HandshakeError && e.mismatch) this.#log.warn('Peer handshake failed, disconnecting', { peer, reason });
    else this.#log.debug('Peer handshake failed, disconnecting', { peer, reason });
    try {
      await this.hangUp(peerId);
    } catch (err) {
      this.#log.debug('Hang-up failed', { peer, err });
    }
  }

  #onDisconnect(peerId: PeerId): void {
    const peer = peerId.toString();
    this.#ready.delete(peer);
    this.#log.debug('Peer disconnected', { peer });
    this.#events.emit('peer:disconnect', peer);
  }
}

/** Builds a host, not yet started. Bad bootnodes, listen addresses or limits throw here, naming the bad value. */
export async function createHost(options: HostOptions): Promise<Host> {
  if (!Number.isInteger(options.maxPeers) || options.maxPeers < 1) {
    throw new HostError(`invalid maxPeers ${options.maxPeers}: a host needs at least 1 (with 0, run no host)`);
  }
  // Checked even with --nodiscover, as geth does: a typo should not wait for the day discovery is turned on.
  const parsed = parseBootnodes(options.bootnodes ?? []);
  const self = peerIdFromPrivateKey(options.privateKey).toString();
  const bootnodes = options.noDiscovery === true ? [] : parsed.filter((b) => b.peerId.toString() !== self);
  const log = options.log ?? rootLog.child({ module: 'p2p' });
  const listen = listenAddress(options.listenHost ?? '0.0.0.0', options.listenPort);
  const bans = new BanList();
  const libp2p = await buildLibp2p(options, listen, bootnodes, bans);
  return new Host(libp2p, listen, bans, bootnodes, options, log);
}
