// The eth protocols over the libp2p host (geth's eth handler): the Status handshake, the request/response servers,
// block and transaction gossip through the typed dispatcher, and what this node makes announced to its peers.
//
// A gossiped block is forwarded once its header and seal check out (a bad one costs the sender its standing at
// once), and imported after; one that then fails to import costs its sender too. A block whose parent is unknown
// is not forwarded; the node catches up through sync instead, from the peer that sent it. Transactions are
// forwarded once the pool took one of them; a transaction no honest node would relay (bad signature, wrong
// chain...) counts against the sender.
import type { PrivateKey } from '@libp2p/interface';
import { bytesToHex, type Bytes } from '../common/bytes.js';
import { log as rootLog, type Logger } from '../common/log.js';
import { TypedEmitter } from '../common/typedEmitter.js';
import type { Blockchain } from '../core/chain/blockchain.js';
import { InvalidBlockError, UnknownAncestorError } from '../core/chain/errors.js';
import type { Block, Body } from '../core/types/block.js';
import type { Header } from '../core/types/header.js';
import type { Transaction } from '../core/types/transaction.js';
import { keccak256 } from '../crypto/keccak.js';
import type { Registry } from '../metrics/registry.js';
import type { TypedEmitter as Emitter } from '../common/typedEmitter.js';
import type { AddResult } from '../txpool/txPool.js';
import { Dispatcher } from './dispatcher.js';
import { createHost, type Host, type PeerSummary } from './host.js';
import { LruSet } from '../common/lru.js';
import { PeerScores } from './peerScores.js';
import {
  BODIES_PROTOCOL,
  gossipTopics,
  HEADERS_PROTOCOL,
  POOLED_TRANSACTIONS_PROTOCOL,
  RECEIPTS_PROTOCOL,
  type GossipTopics,
} from './protocols.js';
import { serveBlockBodies } from './serve/blockBodies.js';
import { serveBlockHeaders } from './serve/blockHeaders.js';
import { servePooledTransactions } from './serve/pooledTransactions.js';
import { serveReceipts } from './serve/receipts.js';
import { localForkIdFilter, localStatus } from './serve/status.js';
import { blockBodiesCodec, getBlockBodiesCodec } from './wire/blockBodies.js';
import { blockHeadersCodec, getBlockHeadersCodec, type GetBlockHeaders } from './wire/blockHeaders.js';
import type { WireCodec } from './wire/codec.js';
import { REQUEST_TIMEOUT_MS, SOFT_RESPONSE_SIZE } from './wire/limits.js';
import { newBlockCodec, type NewBlock } from './wire/newBlock.js';
import { getPooledTransactionsCodec, pooledTransactionsCodec } from './wire/pooledTransactions.js';
import { getReceiptsCodec, receiptsCodec } from './wire/receipts.js';
import { checkStatus, statusCodec, type Status } from './wire/status.js';
import { transactionsCodec } from './wire/transactions.js';
import type { Verdict } from './verdict.js';

/** A gossiped block with the peer that published it (gossip messages are signed by their author). */
export interface GossipedBlock extends NewBlock {
  author: string | undefined;
}

/** The messages peers gossip, as the dispatcher hands them to subscribers. */
export interface NetworkMessages {
  newBlock: GossipedBlock;
  transactions: Transaction[];
}

/** What the network needs from the pool (TxPool). */
export interface NetworkPool {
  add(txs: readonly Transaction[], options?: { local?: boolean }): AddResult[];
  get(hash: Bytes): Transaction | undefined;
  readonly events: Pick<Emitter<{ newTxs: Transaction[] }>, 'on'>;
}

/** A peer's head as its Status told, moved on by the blocks it gossips since. */
export interface PeerHead {
  peer: string;
  totalDifficulty: bigint;
  hash: Bytes;
  number: bigint;
}

export interface NetworkEvents {
  /** A peer passed the handshake, or announced a head: sync may want to follow it. */
  peerHead: PeerHead;
  /** A gossiped block could not be placed (unknown parent, or no room to queue it): sync fetches it. */
  missingBlocks: { peer: string };
}

export interface NetworkOptions {
  chain: Blockchain;
  pool: NetworkPool;
  networkId: bigint;
  privateKey: PrivateKey;
  listenHost?: string;
  listenPort: number;
  bootnodes?: readonly string[];
  maxPeers: number;
  noDiscovery?: boolean;
  /** Where the dispatcher and peer scores register their metrics. */
  registry?: Registry;
  log?: Logger;
}

/** Costs of a peer's misbehaviour in score points; a peer under -50 is banned (peerScores.ts). */
const PENALTY = {
  /** Bytes that are no message: no honest node sends them. */
  junk: 100,
  /** A block with a bad header or seal, or one that fails to import. */
  invalidBlock: 100,
  /** A response that does not decode or does not answer the request. */
  badResponse: 25,
} as const;

/** Pool refusals that depend on the pool's state: an honest relay can hit them. */
const STATE_DEPENDENT = new Set([
  'alreadyKnown',
  'underpriced',
  'replaceUnderpriced',
  'poolFull',
  'futureReplacePending',
  'nonceTooLow',
  'insufficientFunds',
  'gasLimit',
]);

/** How often transactions that reached no peer are tried again. */
const UNSENT_RETRY_MS = 500;

/**
 * How long this node's own transactions wait to be published together. Each RPC submission reaches the pool on
 * its own, and one gossip message per transaction costs every peer a validation, a dispatch-queue slot and a pool
 * insertion each: at 1,000 tx/s that overflows the peers' queues and drops transactions.
 */
const ANNOUNCE_DELAY_MS = 10;

/** Hashes of transactions that came from peers, so they are not announced again as if this node made them. */
const FROM_NETWORK_CAPACITY = 65_536;

export class Network {
  readonly name = 'P2P networking';
  readonly events = new TypedEmitter<NetworkEvents>('Network event listener failed');
  readonly dispatcher: Dispatcher<NetworkMessages>;
  readonly scores: PeerScores;
  readonly #chain: Blockchain;
  readonly #pool: NetworkPool;
  readonly #topics: GossipTopics;
  readonly #log: Logger;
  readonly #heads = new Map<string, PeerHead>();
  readonly #fromNetwork = new LruSet<string>(FROM_NETWORK_CAPACITY);
  readonly #unsubscribe: (() => void)[] = [];
  /** Relayed blocks being imported, by hash; imports run one after the other. */
  readonly #importing = new Map<string, Promise<void>>();
  #imports: Promise<void> = Promise.resolve();
  /** Transaction batches that reached no peer yet. */
  readonly #unsent: Uint8Array[] = [];
  #retryTimer: NodeJS.Timeout | undefined;
  /** This node's own transactions waiting for ANNOUNCE_DELAY_MS to be published in one go. */
  #toAnnounce: Transaction[] = [];
  #announceTimer: NodeJS.Timeout | undefined;
  #host!: Host;

  private constructor(options: NetworkOptions, log: Logger) {
    this.#chain = options.chain;
    this.#pool = options.pool;
    this.#topics = gossipTopics(options.chain.genesis.hash);
    this.#log = log;
    this.scores = new PeerScores({ registry: options.registry, log });
    this.dispatcher = new Dispatcher<NetworkMessages>({ scores: this.scores, registry: options.registry, log });
  }

  /** Builds the host (bad bootnodes or listen address throw here); start() opens it. */
  static async create(options: NetworkOptions): Promise<Network> {
    const log = options.log ?? rootLog.child({ module: 'p2p' });
    const network = new Network(options, log);
    const filter = localForkIdFilter(options.chain);
    network.#host = await createHost({
      privateKey: options.privateKey,
      listenHost: options.listenHost,
      listenPort: options.listenPort,
      bootnodes: options.bootnodes,
      maxPeers: options.maxPeers,
      noDiscovery: options.noDiscovery,
      log,
      status: {
        localStatus: () => statusCodec.encode(localStatus(options.chain, options.networkId)),
        checkStatus: (bytes, peer) => {
          const remote = statusCodec.decode(bytes);
          checkStatus(localStatus(options.chain, options.networkId), remote, filter);
          network.#onStatus(peer, remote);
        },
      },
    });
    return network;
  }

  get host(): Host {
    return this.#host;
  }

  async start(): Promise<void> {
    const host = this.#host;
    const chain = this.#chain;
    const serve = async <Q, R>(protocol: string, request: WireCodec<Q>, response: WireCodec<R>, answer: (q: Q) => R) =>
      host.reqResp.handle(protocol, async (bytes, peer) => {
        let query: Q;
        try {
          query = request.decode(bytes);
        } catch (e) {
          this.scores.penalise(peer, PENALTY.junk, `junk ${protocol} request`);
          throw e;
        }
        return response.encode(answer(query));
      });
    await serve(HEADERS_PROTOCOL, getBlockHeadersCodec, blockHeadersCodec, (q) => serveBlockHeaders(chain, q));
    await serve(BODIES_PROTOCOL, getBlockBodiesCodec, blockBodiesCodec, (q) => serveBlockBodies(chain, q));
    await serve(RECEIPTS_PROTOCOL, getReceiptsCodec, receiptsCodec, (q) => serveReceipts(chain, q));
    await serve(POOLED_TRANSACTIONS_PROTOCOL, getPooledTransactionsCodec, pooledTransactionsCodec, (q) =>
      servePooledTransactions(this.#pool, q),
    );

    const blockImport = this.dispatcher.subscribe('newBlock', (msg, from) => this.#onBlock(msg, from), {
      name: 'blockImport',
      queue: 64,
      // Never lost: a block that finds no room is fetched through sync.
      onDrop: (_msg, meta) => this.events.emit('missingBlocks', { peer: meta.from }),
    });
    const txImport = this.dispatcher.subscribe('transactions', (txs, from) => this.#onTransactions(txs, from), {
      name: 'txPool',
      queue: 4096,
    });
    this.#unsubscribe.push(
      () => blockImport.unsubscribe(),
      () => txImport.unsubscribe(),
      this.scores.onBan((ban) => {
        this.#log.warn('Banning misbehaving peer', { peer: ban.peer, reason: ban.reason, score: ban.score.toFixed(1) });
        host.ban(ban.peer, Math.max(0, ban.until - Date.now())).catch((e) => this.#log.debug('Ban failed', { peer: ban.peer, err: e }));
      }),
      host.on('peer:disconnect', (peer) => this.#heads.delete(peer)),
      host.gossip.subscribe(this.#topics.blocks, (data, from, author) =>
        this.#validate('newBlock', from, () => ({ ...newBlockCodec.decode(data), author }), (m) => m.block.hash),
      ),
      host.gossip.subscribe(this.#topics.transactions, (data, from) =>
        this.#validate('transactions', from, () => transactionsCodec.decode(data), () => keccak256(data)),
      ),
      this.#pool.events.on('newTxs', (txs) => this.#announceTransactions(txs)),
    );
    await host.start();
  }

  async stop(): Promise<void> {
    for (const off of this.#unsubscribe.splice(0)) off();
    clearInterval(this.#retryTimer);
    this.#retryTimer = undefined;
    clearTimeout(this.#announceTimer);
    this.#announceTimer = undefined;
    await this.#host.stop();
    await this.dispatcher.stop();
    await this.#imports;
  }

  // --- what peers are at ---

  /** The peer with the most total difficulty, if any is ahead of this node. */
  bestPeer(): PeerHead | undefined {
    let best: PeerHead | undefined;
    for (const head of this.#heads.values()) {
      if (!this.#host.isReady(head.peer)) continue;
      if (best === undefined || head.totalDifficulty > best.totalDifficulty) best = head;
    }
    return best;
  }

  peerHead(peer: string): PeerHead | undefined {
    return this.#heads.get(peer);
  }

  peers(): PeerSummary[] {
    return this.#host.peers();
  }

  peerCount(): number {
    return this.#host.peers().length;
  }

  penalise(peer: string, amount: number, reason: string): void {
    this.scores.penalise(peer, amount, reason);
  }

  #onStatus(peer: string, status: Status): void {
    const head = { peer, totalDifficulty: status.totalDifficulty, hash: status.headHash, number: status.headNumber };
    this.#heads.set(peer, head);
    this.#log.debug('Peer status', { peer, number: head.number, td: head.totalDifficulty });
    this.events.emit('peerHead', head);
  }

  // --- requests to peers ---

  async #request<Q, R>(peer: string, protocol: string, request: WireCodec<Q>, response: WireCodec<R>, query: Q): Promise<R> {
    const bytes = await this.#host.reqResp.request(peer, protocol, request.encode(query), { timeoutMs: REQUEST_TIMEOUT_MS });
    try {
      return response.decode(bytes);
    } catch (e) {
      this.scores.penalise(peer, PENALTY.badResponse, `bad ${protocol} response`);
      throw e;
    }
  }

  requestHeaders(peer: string, query: GetBlockHeaders): Promise<Header[]> {
    return this.#request(peer, HEADERS_PROTOCOL, getBlockHeadersCodec, blockHeadersCodec, query);
  }

  requestBodies(peer: string, hashes: Bytes[]): Promise<Body[]> {
    return this.#request(peer, BODIES_PROTOCOL, getBlockBodiesCodec, blockBodiesCodec, hashes);
  }

  requestPooledTransactions(peer: string, hashes: Bytes[]): Promise<Transaction[]> {
    return this.#request(peer, POOLED_TRANSACTIONS_PROTOCOL, getPooledTransactionsCodec, pooledTransactionsCodec, hashes);
  }

  // --- gossip ---

  /** Tells the peers about a block this node sealed. */
  async announceBlock(block: Block): Promise<void> {
    const td = this.#chain.getTd(block.hash, block.number);
    if (td === undefined) return;
    await this.#publish(this.#topics.blocks, newBlockCodec.encode({ block, totalDifficulty: td }));
  }

  /** Publishes; resolves with how many peers it went to (0 when none is subscribed yet, or it failed). */
  async #publish(topic: string, data: Uint8Array): Promise<number> {
    try {
      return await this.#host.gossip.publish(topic, data);
    } catch (e) {
      this.#log.debug('Gossip publish failed', { topic, err: e });
      return 0;
    }
  }

  /**
   * Publishes a batch of this node's transactions. One that reached no peer (none had joined the topic yet, as
   * just after start) is kept and sent again once peers are there, as geth sends its pool to a new peer.
   */
  async #publishTransactions(data: Uint8Array): Promise<void> {
    // Held back, not published, while no peer has joined the topic: gossipsub remembers what it published and
    // would not send the same bytes again later.
    const ready = this.#host.gossip.subscribers(this.#topics.transactions).length > 0;
    const peers = ready ? await this.#publish(this.#topics.transactions, data) : 0;
    this.#log.trace('Published transactions', { bytes: data.length, peers });
    if (peers > 0) return;
    this.#unsent.push(data);
    this.#retryTimer ??= setInterval(() => void this.#retryUnsent(), UNSENT_RETRY_MS);
  }

  async #retryUnsent(): Promise<void> {
    if (this.#host.gossip.subscribers(this.#topics.transactions).length === 0) return;
    const batches = this.#unsent.splice(0);
    clearInterval(this.#retryTimer);
    this.#retryTimer = undefined;
    for (const data of batches) await this.#publishTransactions(data);
  }

  /** Transactions this node's pool took that did not come from peers (its users'), published after a short wait. */
  #announceTransactions(txs: readonly Transaction[]): void {
    const own = txs.filter((tx) => !this.#fromNetwork.has(bytesToHex(tx.hash)));
    if (own.length === 0) return;
    this.#log.trace('Announcing transactions', { count: own.length });
    for (const tx of own) this.#toAnnounce.push(tx);
    this.#announceTimer ??= setTimeout(() => this.#flushAnnouncements(), ANNOUNCE_DELAY_MS);
  }

  /** Publishes the transactions gathered since the first of them, in messages of up to SOFT_RESPONSE_SIZE. */
  #flushAnnouncements(): void {
    this.#announceTimer = undefined;
    const own = this.#toAnnounce.splice(0);
    let batch: Transaction[] = [];
    let size = 0;
    const flush = (): void => {
      if (batch.length > 0) void this.#publishTransactions(transactionsCodec.encode(batch));
      batch = [];
      size = 0;
    };
    for (const tx of own) {
      const length = tx.size;
      if (size + length > SOFT_RESPONSE_SIZE) flush();
      batch.push(tx);
      size += length;
    }
    flush();
  }

  /** Gossipsub's validator: decode (junk costs the sender), then what the dispatcher's subscribers decide. */
  async #validate<K extends keyof NetworkMessages>(
    type: K,
    from: string,
    decode: () => NetworkMessages[K],
    idOf: (message: NetworkMessages[K]) => Bytes,
  ): Promise<Verdict> {
    let message: NetworkMessages[K];
    try {
      message = decode();
    } catch (e) {
      this.#log.debug('Junk gossip message', { peer: from, type, err: e });
      this.scores.penalise(from, PENALTY.junk, `junk ${type} message`);
      return 'reject';
    }
    return this.dispatcher.dispatchAndWait(type, message, { from, id: idOf(message) });
  }

  async #onBlock({ block, totalDifficulty, author }: GossipedBlock, from: string): Promise<Verdict> {
    const chain = this.#chain;
    const known = this.#heads.get(from);
    if (known === undefined || totalDifficulty > known.totalDifficulty) {
      const head = { peer: from, totalDifficulty, hash: block.hash, number: block.number };
      this.#heads.set(from, head);
    }
    const id = bytesToHex(block.hash);
    if (chain.hasBlock(block.hash, block.number) || this.#importing.has(id)) return 'ignore';
    let parent = chain.getHeader(block.header.parentHash, block.number - 1n);
    if (parent === undefined) {
      // Its parent may be the block just before it, relayed and still being imported.
      await this.#importing.get(bytesToHex(block.header.parentHash));
      parent = chain.getHeader(block.header.parentHash, block.number - 1n);
    }
    if (parent === undefined) {
      this.#log.debug('Gossiped block with unknown parent', { peer: from, number: block.number, hash: block.hash });
      this.events.emit('missingBlocks', { peer: from });
      return 'ignore';
    }
    try {
      chain.engine.verifyHeader(chain, block.header, parent);
    } catch (e) {
      this.#log.warn('Gossiped block with bad header', { peer: from, number: block.number, hash: block.hash, err: e });
      this.scores.penalise(from, PENALTY.invalidBlock, 'invalid block header');
      return 'reject';
    }
    // Header and seal are good: the block is passed on now, and imported after (one import at a time).
    const imported = this.#imports.then(() => this.#import(block, from, author));
    this.#imports = imported;
    this.#importing.set(id, imported);
    void imported.finally(() => this.#importing.delete(id));
    return 'accept';
  }

  /**
   * Imports a relayed block. One that proves invalid costs its author, when the author is a peer: the peer that
   * sent it may only have relayed it, having checked what can be checked before relaying.
   */
  async #import(block: Block, from: string, author: string | undefined): Promise<void> {
    try {
      await this.#chain.insertChain([block]);
    } catch (e) {
      if (e instanceof InvalidBlockError && !(e.reason instanceof UnknownAncestorError)) {
        this.#log.warn('Gossiped block failed to import', { peer: from, author, number: block.number, hash: block.hash, err: e.reason });
        if (author !== undefined && this.#host.isReady(author)) this.scores.penalise(author, PENALTY.invalidBlock, 'invalid block');
      } else {
        this.#log.error('Importing a gossiped block failed', { peer: from, number: block.number, hash: block.hash, err: e });
      }
    }
  }

  #onTransactions(txs: Transaction[], from: string): Verdict {
    for (const tx of txs) this.#fromNetwork.add(bytesToHex(tx.hash));
    const results = this.#pool.add(txs);
    this.#log.trace('Gossiped transactions', { peer: from, count: txs.length, added: results.filter((r) => r.ok).length });
    let verdict: Verdict = 'ignore';
    for (const result of results) {
      if (result.ok) verdict = 'accept';
      else if (!STATE_DEPENDENT.has(result.error.code)) {
        this.#log.debug('Invalid gossiped transaction', { peer: from, err: result.error.message });
        return 'reject';
      }
    }
    return verdict;
  }
}
