// Catching up with peers (geth's full sync, in its simplest form): when a peer has more total difficulty than this
// node (its handshake said so, or a block it gossiped), find the last block both chains share, then download the
// peer's chain from there by header ranges and their bodies, validating and importing batch by batch. A heavier
// branch reached this way becomes the head through the chain's reorg path. One sync runs at a time; a request
// that fails or a peer that sends nonsense ends the round, and the next trigger (or the periodic check) retries.
import { bytesEqual, type Bytes } from '../common/bytes.js';
import { log as rootLog, type Logger } from '../common/log.js';
import { TypedEmitter } from '../common/typedEmitter.js';
import type { Blockchain } from '../core/chain/blockchain.js';
import { validateBody } from '../core/chain/blockValidator.js';
import { InvalidBlockError } from '../core/chain/errors.js';
import { Block, type Body } from '../core/types/block.js';
import type { Header } from '../core/types/header.js';
import type { NetworkEvents, PeerHead } from '../p2p/network.js';
import type { GetBlockHeaders } from '../p2p/wire/blockHeaders.js';

/** What sync needs from the network (Network). */
export interface SyncPeers {
  bestPeer(): PeerHead | undefined;
  peerHead(peer: string): PeerHead | undefined;
  requestHeaders(peer: string, query: GetBlockHeaders): Promise<Header[]>;
  requestBodies(peer: string, hashes: Bytes[]): Promise<Body[]>;
  penalise(peer: string, amount: number, reason: string): void;
  readonly events: Pick<TypedEmitter<NetworkEvents>, 'on'>;
}

export interface SyncProgress {
  startingBlock: bigint;
  currentBlock: bigint;
  highestBlock: bigint;
}

export interface ChainSyncEvents {
  /** A round started (the progress it starts from) or ended (undefined). */
  progress: SyncProgress | undefined;
}

export interface ChainSyncOptions {
  chain: Blockchain;
  peers: SyncPeers;
  /** Milliseconds between checks for a peer ahead of this node, besides the triggers (default 5 s). */
  intervalMs?: number;
  log?: Logger;
}

/** Headers per request (geth's MaxHeaderFetch). */
export const HEADER_BATCH = 192;
/** Bodies per request (geth's MaxBlockFetch). */
export const BODY_BATCH = 128;
/** Headers per request while looking back for the common ancestor. */
const ANCESTOR_BATCH = 128;
const BAD_CHAIN_PENALTY = 100;
const BAD_RESPONSE_PENALTY = 25;

class SyncAbort extends Error {
  override name = 'SyncAbort';
}

export class ChainSync {
  readonly name = 'Chain sync';
  readonly events = new TypedEmitter<ChainSyncEvents>('Sync event listener failed');
  readonly #chain: Blockchain;
  readonly #peers: SyncPeers;
  readonly #intervalMs: number;
  readonly #log: Logger;
  readonly #unsubscribe: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  /** Asked again while a round was running: run another after it. */
  #again = false;
  /** The peer a trigger named (it sent a block we could not place); preferred for the next round. */
  #preferred: string | undefined;
  #progress: SyncProgress | undefined;
  #stopped = true;

  constructor(options: ChainSyncOptions) {
    this.#chain = options.chain;
    this.#peers = options.peers;
    this.#intervalMs = options.intervalMs ?? 5_000;
    this.#log = options.log ?? rootLog.child({ module: 'sync' });
  }

  async start(): Promise<void> {
    this.#stopped = false;
    this.#unsubscribe.push(
      this.#peers.events.on('peerHead', () => this.trigger()),
      this.#peers.events.on('missingBlocks', ({ peer }) => this.trigger(peer)),
    );
    this.#timer = setInterval(() => this.trigger(), this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const off of this.#unsubscribe.splice(0)) off();
    clearInterval(this.#timer);
    await this.#running;
  }

  /** Where the sync under way stands; undefined when none runs (eth_syncing answers false then). */
  progress(): SyncProgress | undefined {
    return this.#progress === undefined ? undefined : { ...this.#progress };
  }

  /** Looks for a peer ahead of this node and syncs with it; `peer` is preferred when it is ahead. */
  trigger(peer?: string): void {
    if (this.#stopped) return;
    if (peer !== undefined) this.#preferred = peer;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
      // A trigger that came after the loop last looked at #again, while it was finishing, still gets its round.
      if (this.#again) this.trigger();
    });
  }

  /** Resolves once no sync is running. */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      const peer = this.#pickPeer();
      if (peer === undefined) continue;
      try {
        await this.#syncWith(peer);
      } catch (e) {
        const level = e instanceof SyncAbort ? 'warn' : 'debug';
        this.#log[level]('Synchronisation failed', { peer: peer.peer, err: e });
      } finally {
        this.#setProgress(undefined);
      }
    } while (this.#again && !this.#stopped);
  }

  /** The preferred peer if it is ahead, else the best peer if it is ahead. */
  #pickPeer(): PeerHead | undefined {
    const td = this.#chain.currentTd;
    const preferred = this.#preferred === undefined ? undefined : this.#peers.peerHead(this.#preferred);
    this.#preferred = undefined;
    if (preferred !== undefined && !this.#chain.hasBlock(preferred.hash, preferred.number)) {
      if (preferred.totalDifficulty >= td) return preferred;
    }
    const best = this.#peers.bestPeer();
    return best !== undefined && best.totalDifficulty > td ? best : undefined;
  }

  #setProgress(progress: SyncProgress | undefined): void {
    this.#progress = progress;
    this.events.emit('progress', this.progress());
  }

  async #syncWith(head: PeerHead): Promise<void> {
    const chain = this.#chain;
    const { peer } = head;
    const started = performance.now();
    this.#log.info('Block synchronisation started', { peer, number: head.number, td: head.totalDifficulty });
    const ourHead = chain.currentHeader.number;
    const highest = (n: bigint) => (head.number > n ? head.number : n);
    this.#setProgress({ startingBlock: ourHead, currentBlock: ourHead, highestBlock: highest(ourHead) });
    const ancestor = await this.#findAncestor(head);
    // As geth: the sync starts from the common ancestor, below our head when we were on another branch.
    const startingBlock = ancestor.number;
    if (startingBlock < ourHead) {
      this.#setProgress({ startingBlock, currentBlock: startingBlock, highestBlock: highest(startingBlock) });
    }
    let parent = ancestor;
    let imported = 0;
    while (!this.#stopped) {
      const headers = await this.#peers.requestHeaders(peer, {
        origin: parent.number + 1n,
        amount: HEADER_BATCH,
        skip: 0n,
        reverse: false,
      });
      if (headers.length === 0) break;
      this.#checkLinked(peer, parent, headers);
      for (let i = 0; i < headers.length && !this.#stopped; i += BODY_BATCH) {
        const blocks = await this.#fetchBlocks(peer, headers.slice(i, i + BODY_BATCH));
        try {
          await chain.insertChain(blocks);
        } catch (e) {
          if (e instanceof InvalidBlockError) this.#peers.penalise(peer, BAD_CHAIN_PENALTY, 'invalid block in sync');
          throw e;
        }
        imported += blocks.length;
        parent = blocks[blocks.length - 1]!.header;
        const highest = this.#peers.peerHead(peer)?.number ?? head.number;
        this.#setProgress({ startingBlock, currentBlock: parent.number, highestBlock: highest > parent.number ? highest : parent.number });
        if (blocks.length < BODY_BATCH && i + blocks.length < headers.length) break;
      }
      // A short reply ends the round only at the head the peer announced: a peer may serve fewer headers at a time.
      const announced = this.#peers.peerHead(peer)?.number ?? head.number;
      const allImported = parent.number === headers[headers.length - 1]!.number;
      if (headers.length < HEADER_BATCH && allImported && parent.number >= announced) break;
    }
    this.#log.info('Block synchronisation finished', {
      peer,
      ancestor: ancestor.number,
      imported,
      head: chain.currentHeader.number,
      elapsed: `${((performance.now() - started) / 1000).toFixed(2)}s`,
    });
  }

  /** The newest block of the peer's chain this node has, looking back from the lower of the two heads. */
  async #findAncestor(head: PeerHead): Promise<Header> {
    const chain = this.#chain;
    const ours = chain.currentHeader.number;
    let top = head.number < ours ? head.number : ours;
    for (;;) {
      const amount = top + 1n < BigInt(ANCESTOR_BATCH) ? Number(top + 1n) : ANCESTOR_BATCH;
      const headers = await this.#peers.requestHeaders(head.peer, { origin: top, amount, skip: 0n, reverse: true });
      if (headers.length === 0) throw new SyncAbort(`peer has no headers at ${top} and below`);
      for (let i = 0; i < headers.length; i++) {
        const header = headers[i]!;
        if (header.number !== top - BigInt(i)) {
          this.#peers.penalise(head.peer, BAD_RESPONSE_PENALTY, 'headers out of order');
          throw new SyncAbort(`peer answered header ${header.number} where ${top - BigInt(i)} was asked`);
        }
        if (chain.hasBlock(header.hash, header.number)) return header;
      }
      const last = headers[headers.length - 1]!;
      if (last.number === 0n) {
        this.#peers.penalise(head.peer, BAD_CHAIN_PENALTY, 'different genesis');
        throw new SyncAbort('no common ancestor: the peer has another genesis block');
      }
      top = last.number - 1n;
    }
  }

  /** Each header must be the child of the one before it, the first a child of `parent`. */
  #checkLinked(peer: string, parent: Header, headers: readonly Header[]): void {
    let prev = parent;
    for (const [i, header] of headers.entries()) {
      if (header.number !== prev.number + 1n || !bytesEqual(header.parentHash, prev.hash)) {
        // A first header off our last block is what an honest peer sends when its chain moved to another branch
        // since (a reorg between two requests): the round ends and the next one starts over. Within one answer
        // the headers must link.
        if (i > 0) this.#peers.penalise(peer, BAD_CHAIN_PENALTY, 'unlinked headers');
        throw new SyncAbort(`header ${header.number} does not follow ${prev.number}`);
      }
      prev = header;
    }
  }

  /**
   * The bodies of `headers` as blocks: the leading run of headers whose bodies came. A peer leaves out bodies it
   * does not have, so each body is paired with the next header it matches (its transactions, ommers and
   * withdrawals roots); a body that matches none is a fault of the peer.
   */
  async #fetchBlocks(peer: string, headers: readonly Header[]): Promise<Block[]> {
    const first = headers[0]!.number;
    const bodies = await this.#peers.requestBodies(peer, headers.map((h) => h.hash));
    if (bodies.length > headers.length) {
      this.#peers.penalise(peer, BAD_RESPONSE_PENALTY, 'too many bodies');
      throw new SyncAbort(`peer sent ${bodies.length} bodies for ${headers.length} headers`);
    }
    const last = headers[headers.length - 1]!.number;
    if (bodies.length === 0) throw new SyncAbort(`peer sent no bodies for blocks ${first}-${last}`);
    // Each body goes with the next header it matches; one that matches no later header is out of place.
    // What can be imported now is the run up to the first body left out.
    const blocks: Block[] = [];
    let next = 0;
    for (const body of bodies) {
      let block: Block | undefined;
      while (next < headers.length && (block = this.#matching(headers[next]!, body)) === undefined) next++;
      if (block === undefined) {
        this.#peers.penalise(peer, BAD_CHAIN_PENALTY, 'body does not match header');
        throw new SyncAbort(`peer sent a body that matches none of blocks ${first}-${last} in order`);
      }
      if (next++ === blocks.length) blocks.push(block);
    }
    if (blocks.length === 0) throw new SyncAbort(`peer has no body for block ${first}`);
    return blocks;
  }

  /** The block of `header` and `body` when they belong together (the body's roots are the header's). */
  #matching(header: Header, body: Body): Block | undefined {
    try {
      const block = new Block(header, body);
      validateBody(this.#chain.config, block);
      return block;
    } catch {
      return undefined;
    }
  }
}
