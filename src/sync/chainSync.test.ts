// ChainSync against peers whose answers come from real Blockchains: every request and reply goes through the
// wire codecs and the real request handlers (serveBlockHeaders, serveBlockBodies), as over the network, and a
// peer can be made to misbehave between the handler and the wire.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, type Bytes } from '../common/bytes.js';
import { Logger, type LogFields, type LogLevel } from '../common/log.js';
import { TypedEmitter } from '../common/typedEmitter.js';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { CliqueEngine } from '../consensus/clique/clique.js';
import { cliqueExtraData } from '../consensus/clique/extraData.js';
import { privateKeySignFn } from '../consensus/clique/seal.js';
import type { Engine } from '../consensus/engine.js';
import { buildBlock } from '../core/chain/blockBuilder.js';
import { Blockchain } from '../core/chain/blockchain.js';
import type { ReorgEvent } from '../core/chain/chainEvents.js';
import {
  generateBlocks,
  SILENT_LOG,
  TEST_CHAIN_ID,
  TEST_CONFIG,
  testGenesis,
  transferSpecs,
} from '../core/chain/testChain.js';
import { FakePowEngine } from '../core/chain/testEngine.js';
import type { Genesis } from '../core/genesis/genesis.js';
import type { Block, Body } from '../core/types/block.js';
import { Header } from '../core/types/header.js';
import { privateKeyToAddress } from '../crypto/secp256k1.js';
import { MemoryStore } from '../db/memoryStore.js';
import type { ChainConfig } from '../params/chainConfig.js';
import { configForFork } from '../params/forks.js';
import type { NetworkEvents, PeerHead } from '../p2p/network.js';
import { serveBlockBodies } from '../p2p/serve/blockBodies.js';
import { serveBlockHeaders } from '../p2p/serve/blockHeaders.js';
import { blockBodiesCodec, getBlockBodiesCodec } from '../p2p/wire/blockBodies.js';
import { blockHeadersCodec, getBlockHeadersCodec, type GetBlockHeaders } from '../p2p/wire/blockHeaders.js';
import { BODY_BATCH, ChainSync, HEADER_BATCH, type SyncPeers, type SyncProgress } from './chainSync.js';

const hex = bytesToHex;
const RECIPIENT = bigintToFixedBytes(0xbeefn, 20);
/** Proof of work (no seal checked) at difficulty 1000: total difficulty fork choice, TD = 1 + 1000 * number. */
const POW_CONFIG: ChainConfig = configForFork('London', TEST_CHAIN_ID);
const POW_GENESIS = testGenesis(POW_CONFIG);
const powEngine = () => new BeaconEngine(new FakePowEngine(1000n));
/** Long enough for three header batches, each fetched as two body batches. */
const MAIN_LENGTH = 520;

// --- peers answering from real chains ---

/** A peer misbehaving between its request handlers and the wire. */
interface Fault {
  /** Runs before a request is answered: may wait, or throw as a timed-out request does. */
  before?(kind: 'headers' | 'bodies'): Promise<void> | void;
  headers?(served: Header[], query: GetBlockHeaders): Header[];
  /** Rewrites the hashes the peer looks bodies up by. */
  bodyHashes?(hashes: Bytes[]): Bytes[];
  bodies?(served: Body[]): Body[];
}

interface Remote {
  chain: Blockchain;
  fault: Fault;
}

type Request =
  | { peer: string; kind: 'headers'; query: GetBlockHeaders }
  | { peer: string; kind: 'bodies'; count: number; first: bigint | undefined };

class TestPeers implements SyncPeers {
  readonly events = new TypedEmitter<NetworkEvents>('test network listener failed', SILENT_LOG);
  readonly remotes = new Map<string, Remote>();
  readonly requests: Request[] = [];
  readonly penalties: { peer: string; amount: number; reason: string }[] = [];
  #inFlight = 0;
  maxInFlight = 0;

  add(peer: string, chain: Blockchain, fault: Fault = {}): Remote {
    const remote = { chain, fault };
    this.remotes.set(peer, remote);
    return remote;
  }

  peerHead(peer: string): PeerHead | undefined {
    const chain = this.remotes.get(peer)?.chain;
    if (chain === undefined) return undefined;
    const { hash, number } = chain.currentHeader;
    return { peer, totalDifficulty: chain.currentTd, hash, number };
  }

  bestPeer(): PeerHead | undefined {
    let best: PeerHead | undefined;
    for (const peer of this.remotes.keys()) {
      const head = this.peerHead(peer)!;
      if (best === undefined || head.totalDifficulty > best.totalDifficulty) best = head;
    }
    return best;
  }

  penalise(peer: string, amount: number, reason: string): void {
    this.penalties.push({ peer, amount, reason });
  }

  async requestHeaders(peer: string, query: GetBlockHeaders): Promise<Header[]> {
    this.requests.push({ peer, kind: 'headers', query });
    return this.#answer(peer, 'headers', async (remote) => {
      const asked = getBlockHeadersCodec.decode(getBlockHeadersCodec.encode(query));
      const served = serveBlockHeaders(remote.chain, asked);
      return blockHeadersCodec.encode(remote.fault.headers?.(served, asked) ?? served);
    }).then((bytes) => blockHeadersCodec.decode(bytes));
  }

  async requestBodies(peer: string, hashes: Bytes[]): Promise<Body[]> {
    const remote = this.remotes.get(peer);
    const lookup = remote?.fault.bodyHashes?.(hashes) ?? hashes;
    this.requests.push({ peer, kind: 'bodies', count: hashes.length, first: remote?.chain.getHeaderByHash(lookup[0]!)?.number });
    return this.#answer(peer, 'bodies', async (remote) => {
      const asked = getBlockBodiesCodec.decode(getBlockBodiesCodec.encode(hashes));
      const served = serveBlockBodies(remote.chain, remote.fault.bodyHashes?.(asked) ?? asked);
      return blockBodiesCodec.encode(remote.fault.bodies?.(served) ?? served);
    }).then((bytes) => blockBodiesCodec.decode(bytes));
  }

  async #answer(peer: string, kind: 'headers' | 'bodies', serve: (remote: Remote) => Promise<Bytes>): Promise<Bytes> {
    const remote = this.remotes.get(peer);
    if (remote === undefined) throw new Error(`not connected to ${peer}`);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.#inFlight);
    try {
      await remote.fault.before?.(kind);
      return await serve(remote);
    } finally {
      this.#inFlight--;
    }
  }

  headerRequests(): GetBlockHeaders[] {
    return this.requests.flatMap((r) => (r.kind === 'headers' ? [r.query] : []));
  }

  bodyRequests(): { count: number; first: bigint | undefined }[] {
    return this.requests.flatMap((r) => (r.kind === 'bodies' ? [{ count: r.count, first: r.first }] : []));
  }
}

/** Keeps what is logged, to read the reason a round failed. */
class RecordingLogger extends Logger {
  readonly lines: { level: LogLevel; msg: string; fields: LogFields }[] = [];
  override log(level: LogLevel, msg: string, fields: LogFields = {}): void {
    this.lines.push({ level, msg, fields });
  }
  /** The messages of the errors the failed rounds logged. */
  failures(): string[] {
    return this.lines.filter((l) => l.msg === 'Synchronisation failed').map((l) => (l.fields.err as Error).message);
  }
}

// --- the node under test ---

interface Harness {
  chain: Blockchain;
  peers: TestPeers;
  sync: ChainSync;
  log: RecordingLogger;
  /** Every progress event, in order. */
  progress: (SyncProgress | undefined)[];
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function openChain(genesis: Genesis, engine: Engine = powEngine(), blocks: readonly Block[] = []): Promise<Blockchain> {
  const chain = await Blockchain.open(new MemoryStore(), { engine, genesis, log: SILENT_LOG });
  if (blocks.length > 0) await chain.insertChain(blocks);
  return chain;
}

async function harness(chain: Blockchain, options: { intervalMs?: number } = {}): Promise<Harness> {
  const peers = new TestPeers();
  const log = new RecordingLogger();
  // The periodic check is kept out of the way unless a test is about it.
  const sync = new ChainSync({ chain, peers, intervalMs: options.intervalMs ?? 3_600_000, log });
  const progress: (SyncProgress | undefined)[] = [];
  sync.events.on('progress', (p) => progress.push(p));
  await sync.start();
  stops.push(() => sync.stop());
  return { chain, peers, sync, log, progress };
}

async function syncOnce(h: Harness, peer?: string): Promise<void> {
  h.sync.trigger(peer);
  await h.sync.idle();
}

function expectCanonical(chain: Blockchain, blocks: readonly Block[]): void {
  for (const b of blocks) expect(hex(chain.getCanonicalHash(b.number)!), `block ${b.number}`).toBe(hex(b.hash));
}

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

let main: Block[];
beforeAll(async () => {
  main = await generateBlocks({ genesis: POW_GENESIS, engine: powEngine() }, transferSpecs(MAIN_LENGTH, RECIPIENT));
}, 60_000);

describe('ChainSync: catching up', () => {
  it('downloads 520 blocks from genesis in header and body batches, reporting progress', async () => {
    // geth's MaxHeaderFetch and MaxBlockFetch; the chain is long enough for three header batches.
    expect([HEADER_BATCH, BODY_BATCH]).toEqual([192, 128]);
    expect(MAIN_LENGTH).toBeGreaterThan(2 * HEADER_BATCH);
    const h = await harness(await openChain(POW_GENESIS));
    const during: (SyncProgress | undefined)[] = [];
    h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main), {
      before: () => {
        const p = h.sync.progress()!;
        during.push({ ...p });
        p.highestBlock = -1n;
      },
    });
    expect(h.sync.progress()).toBeUndefined();

    await syncOnce(h);

    expect(h.chain.currentHeader.number).toBe(BigInt(MAIN_LENGTH));
    expect(h.chain.currentTd).toBe(1n + 1000n * BigInt(MAIN_LENGTH));
    expectCanonical(h.chain, main);
    expect(h.chain.stateAt(h.chain.currentHeader.stateRoot).getBalance(RECIPIENT)).toBe(BigInt(MAIN_LENGTH));

    // Genesis is the ancestor, then header batches from block 1 until one comes back short.
    expect(h.peers.headerRequests()).toEqual([
      { origin: 0n, amount: 1, skip: 0n, reverse: true },
      { origin: 1n, amount: HEADER_BATCH, skip: 0n, reverse: false },
      { origin: 1n + BigInt(HEADER_BATCH), amount: HEADER_BATCH, skip: 0n, reverse: false },
      { origin: 1n + 2n * BigInt(HEADER_BATCH), amount: HEADER_BATCH, skip: 0n, reverse: false },
    ]);
    // Each header batch's bodies in BODY_BATCH pieces: 192 = 128 + 64; the last batch has 136 = 128 + 8.
    expect(h.peers.bodyRequests()).toEqual([
      { count: 128, first: 1n },
      { count: 64, first: 129n },
      { count: 128, first: 193n },
      { count: 64, first: 321n },
      { count: 128, first: 385n },
      { count: 8, first: 513n },
    ]);
    expect(h.peers.penalties).toEqual([]);
    expect(h.peers.maxInFlight).toBe(1);

    const start = { startingBlock: 0n, highestBlock: BigInt(MAIN_LENGTH) };
    expect(h.progress).toEqual([
      { ...start, currentBlock: 0n },
      ...[128n, 192n, 320n, 384n, 512n, 520n].map((currentBlock) => ({ ...start, currentBlock })),
      undefined,
    ]);
    // While the round ran, progress() told where it stood; a copy, so callers cannot change it.
    expect(during.slice(0, 2)).toEqual([
      { ...start, currentBlock: 0n },
      { ...start, currentBlock: 0n },
    ]);
    expect(during.at(-1)).toEqual({ ...start, currentBlock: 512n });
    expect(h.sync.progress()).toBeUndefined();
  });

  it('does not sync from a peer whose total difficulty is not above its own', async () => {
    const h = await harness(await openChain(POW_GENESIS, powEngine(), main.slice(0, 10)));
    h.peers.add('equal', await openChain(POW_GENESIS, powEngine(), main.slice(0, 10)));
    h.peers.add('behind', await openChain(POW_GENESIS, powEngine(), main.slice(0, 4)));
    const sideSpecs = transferSpecs(3, RECIPIENT, 1n, { coinbase: RECIPIENT });
    const side = await generateBlocks({ genesis: POW_GENESIS, engine: powEngine() }, sideSpecs);
    h.peers.add('lighter branch', await openChain(POW_GENESIS, powEngine(), side));
    await syncOnce(h);
    // Named by a trigger, a peer whose head this node has is no reason to sync either.
    await syncOnce(h, 'equal');
    await syncOnce(h, 'behind');
    // Nor a head this node lacks, on a branch lighter than its own.
    await syncOnce(h, 'lighter branch');
    expect(h.peers.requests).toEqual([]);
    expect(h.progress).toEqual([]);
    expect(h.chain.currentHeader.number).toBe(10n);
  });

  it('syncs from the peer a trigger names while it is ahead, else from the best peer', async () => {
    const h = await harness(await openChain(POW_GENESIS));
    h.peers.add('best', await openChain(POW_GENESIS, powEngine(), main.slice(0, 300)));
    h.peers.add('named', await openChain(POW_GENESIS, powEngine(), main.slice(0, 200)));

    await syncOnce(h, 'named');
    expect(h.chain.currentHeader.number).toBe(200n);
    expect(new Set(h.peers.requests.map((r) => r.peer))).toEqual(new Set(['named']));

    // The named peer is no longer ahead: the best one is used.
    h.peers.requests.length = 0;
    await syncOnce(h, 'named');
    expect(h.chain.currentHeader.number).toBe(300n);
    expect(new Set(h.peers.requests.map((r) => r.peer))).toEqual(new Set(['best']));
    // The ancestor search starts at the lower head, this node's.
    expect(h.peers.headerRequests()[0]).toEqual({ origin: 200n, amount: 128, skip: 0n, reverse: true });

    // A name that is no peer (it disconnected) falls back to the best peer too: nothing to do now.
    h.peers.requests.length = 0;
    await syncOnce(h, 'gone');
    expect(h.peers.requests).toEqual([]);
  });

  it('runs one round at a time: triggers during a round cause exactly one more', async () => {
    const local = await openChain(POW_GENESIS);
    const h = await harness(local);
    const remote = h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 100)));
    // Prepared beforehand, so that it can replace the peer's chain synchronously, from an event listener.
    const longest = await openChain(POW_GENESIS, powEngine(), main);
    const first = gate();
    let headerRequests = 0;
    remote.fault.before = async (kind) => {
      // The first round's first request hangs, then times out.
      if (kind === 'headers' && ++headerRequests === 1) {
        await first.opened;
        throw new Error('request timed out after 15000 ms');
      }
    };
    let rounds = 0;
    h.sync.events.on('progress', (p) => {
      // Were a third round to run, it would find the peer far ahead.
      if (p === undefined && ++rounds === 2) remote.chain = longest;
    });

    h.sync.trigger();
    await new Promise((r) => setTimeout(r, 10));
    expect(h.sync.progress()).toEqual({ startingBlock: 0n, currentBlock: 0n, highestBlock: 100n });
    // Two triggers, one through the network's event, while the round waits.
    h.sync.trigger();
    h.peers.events.emit('peerHead', h.peers.peerHead('peer')!);
    first.open();
    await h.sync.idle();

    expect(rounds).toBe(2);
    expect(local.currentHeader.number).toBe(100n);
    const start = { startingBlock: 0n, currentBlock: 0n, highestBlock: 100n };
    expect(h.progress).toEqual([start, undefined, start, { ...start, currentBlock: 100n }, undefined]);
    expect(h.peers.maxInFlight).toBe(1);
    expect(h.log.failures()).toEqual(['request timed out after 15000 ms']);

    // The next trigger finds the peer's new chain.
    await syncOnce(h);
    expect(local.currentHeader.number).toBe(BigInt(MAIN_LENGTH));
  });

  it('does not lose a trigger that arrives as a round ends', async () => {
    const h = await harness(await openChain(POW_GENESIS));
    let failures = 1;
    h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 10)), {
      before: () => {
        if (failures-- > 0) throw new Error('request timed out after 15000 ms');
      },
    });
    // Once the failed round has checked for triggers, but before it has quite finished.
    const off = h.sync.events.on('progress', (p) => {
      if (p !== undefined) return;
      off();
      queueMicrotask(() => h.sync.trigger());
    });
    await syncOnce(h);
    expect(h.log.failures()).toEqual(['request timed out after 15000 ms']);
    expect(h.chain.currentHeader.number).toBe(10n);
  });

  it('follows a peer that answers fewer headers than asked to its head in one round', async () => {
    const h = await harness(await openChain(POW_GENESIS));
    // Its own serving limit: 100 headers a reply.
    h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 250)), {
      headers: (served) => served.slice(0, 100),
    });
    await syncOnce(h);
    expect(h.chain.currentHeader.number).toBe(250n);
    expect(h.peers.headerRequests().map((q) => q.origin)).toEqual([0n, 1n, 101n, 201n]);
    expect(h.peers.penalties).toEqual([]);
  });

  it('starts on a peer head event, a missing block event and the periodic check, and not once stopped', async () => {
    const h = await harness(await openChain(POW_GENESIS), { intervalMs: 20 });
    const remote = h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 10)));
    const until = Date.now() + 5_000;
    while (h.chain.currentHeader.number < 10n && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await h.sync.idle();
    expect(h.chain.currentHeader.number).toBe(10n);

    await h.sync.stop();
    await remote.chain.insertChain(main.slice(10, 20));
    h.peers.events.emit('peerHead', h.peers.peerHead('peer')!);
    h.peers.events.emit('missingBlocks', { peer: 'peer' });
    h.sync.trigger();
    await new Promise((r) => setTimeout(r, 60));
    await h.sync.idle();
    expect(h.chain.currentHeader.number).toBe(10n);

    const again = await harness(h.chain);
    again.peers.add('peer', remote.chain);
    again.peers.events.emit('missingBlocks', { peer: 'peer' });
    await again.sync.idle();
    expect(h.chain.currentHeader.number).toBe(20n);
  });

  it('stop() waits for the round under way, which ends at once', async () => {
    const h = await harness(await openChain(POW_GENESIS));
    const g = gate();
    let bodyRequests = 0;
    h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 300)), {
      before: async (kind) => {
        if (kind === 'bodies' && ++bodyRequests === 2) await g.opened;
      },
    });
    h.sync.trigger();
    while (bodyRequests < 2) await new Promise((r) => setTimeout(r, 5));
    let stopped = false;
    const stopping = h.sync.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false);
    g.open();
    await stopping;
    // The batch in hand was imported; nothing was asked for after it.
    expect(h.chain.currentHeader.number).toBe(192n);
    expect(h.peers.bodyRequests()).toHaveLength(2);
    expect(h.progress.at(-1)).toBeUndefined();
  });
});

// --- clique: a shorter, heavier branch ---

const CLIQUE_CONFIG: ChainConfig = {
  ...configForFork('Cancun', TEST_CHAIN_ID),
  terminalTotalDifficulty: undefined,
  clique: { period: 1, epoch: 30_000 },
};
const SIGNER_KEYS: readonly Bytes[] = [1n, 2n, 3n].map((k) => bigintToFixedBytes(0x5150n + k, 32));
const CLIQUE_GENESIS: Genesis = { ...testGenesis(CLIQUE_CONFIG), extraData: cliqueExtraData(SIGNER_KEYS.map(privateKeyToAddress)) };
const cliqueVerifier = () => new CliqueEngine(CLIQUE_CONFIG.clique!);

/**
 * Sealed blocks on `parent`, each by the in-turn signer (difficulty 2) or by another one allowed to sign
 * (difficulty 1), built on `builder` (which imports them).
 */
async function cliqueBlocks(builder: Blockchain, parent: Header, turns: readonly ('in' | 'out')[]): Promise<Block[]> {
  const verifier = builder.engine as CliqueEngine;
  const blocks: Block[] = [];
  for (const turn of turns) {
    const number = parent.number + 1n;
    const snap = verifier.snapshot(builder, parent.number, parent.hash);
    const signer =
      turn === 'in'
        ? snap.signers.find((s) => snap.inTurn(number, s))!
        : snap.signers.find((s) => !snap.inTurn(number, s) && !snap.recentlySigned(s, number))!;
    const key = SIGNER_KEYS.find((k) => hex(privateKeyToAddress(k)) === hex(signer))!;
    // Its clock stands still, so blocks are one period apart.
    const sealer = new CliqueEngine(CLIQUE_CONFIG.clique!, { now: () => 0n, random: () => 0 });
    sealer.authorize(signer, privateKeySignFn(key));
    const attrs = { timestamp: parent.timestamp + 1n, coinbase: new Uint8Array(20) };
    const built = buildBlock(builder, sealer, parent, builder.stateAt(parent.stateRoot), attrs, []).block;
    const block = await sealer.seal(builder, built);
    expect(block.header.difficulty).toBe(turn === 'in' ? 2n : 1n);
    await builder.insertChain([block]);
    blocks.push(block);
    parent = block.header;
  }
  return blocks;
}

describe('ChainSync: reorganising to a heavier branch', () => {
  it('clique: leaves a longer branch of out-of-turn blocks for a shorter, heavier one found through sync', async () => {
    const builder = await openChain(CLIQUE_GENESIS, cliqueVerifier());
    const common = await cliqueBlocks(builder, builder.genesis.header, ['in', 'in', 'in']);
    const light = await cliqueBlocks(builder, common[2]!.header, ['out', 'out', 'out', 'out', 'out']);
    const heavy = await cliqueBlocks(builder, common[2]!.header, ['in', 'in', 'in']);

    const local = await openChain(CLIQUE_GENESIS, cliqueVerifier(), [...common, ...light]);
    const remote = await openChain(CLIQUE_GENESIS, cliqueVerifier(), [...common, ...heavy]);
    expect(local.currentHeader.number).toBe(8n);
    expect([local.currentTd, remote.currentTd]).toEqual([1n + 6n + 5n, 1n + 6n + 6n]);
    const h = await harness(local);
    h.peers.add('peer', remote);
    const reorgs: ReorgEvent[] = [];
    local.events.on('reorg', (r) => reorgs.push(r));

    await syncOnce(h);

    expect(hex(local.currentBlock.hash)).toBe(hex(heavy[2]!.hash));
    expect(local.currentTd).toBe(13n);
    expectCanonical(local, [...common, ...heavy]);
    expect(local.getCanonicalHash(7n)).toBeUndefined();
    expect(local.getCanonicalHash(8n)).toBeUndefined();
    // The ancestor search started at the peer's lower head and walked below the fork to block 3.
    expect(h.peers.headerRequests()).toEqual([
      { origin: 6n, amount: 7, skip: 0n, reverse: true },
      { origin: 4n, amount: HEADER_BATCH, skip: 0n, reverse: false },
    ]);
    expect(reorgs).toHaveLength(1);
    const reorg = reorgs[0]!;
    expect(reorg.ancestor.number).toBe(3n);
    expect(reorg.removed.map((b) => hex(b.hash))).toEqual([...light].reverse().map((b) => hex(b.hash)));
    expect(reorg.added.map((b) => hex(b.hash))).toEqual(heavy.map((b) => hex(b.hash)));
    // From our head, then from the common ancestor once found; the highest block is never below either.
    expect(h.progress.slice(0, 2)).toEqual([
      { startingBlock: 8n, currentBlock: 8n, highestBlock: 8n },
      { startingBlock: 3n, currentBlock: 3n, highestBlock: 6n },
    ]);
    expect(h.peers.penalties).toEqual([]);
  });

  it('after the merge: the named peer of a missing block is synced from, and its blocks take the head', async () => {
    const genesis = testGenesis(TEST_CONFIG);
    const [shared] = await generateBlocks({ genesis }, transferSpecs(1, RECIPIENT));
    const ours = await generateBlocks({ genesis, prefix: [shared!] }, transferSpecs(2, RECIPIENT));
    const other = bigintToFixedBytes(0x51den, 20);
    const theirs = await generateBlocks({ genesis, prefix: [shared!] }, transferSpecs(4, RECIPIENT, 2n, { coinbase: other }));
    const local = await openChain(genesis, new BeaconEngine(), [shared!, ...ours]);
    const h = await harness(local);
    h.peers.add('peer', await openChain(genesis, new BeaconEngine(), [shared!, ...theirs]));
    const reorgs: ReorgEvent[] = [];
    local.events.on('reorg', (r) => reorgs.push(r));

    // Total difficulty stays 0 after the merge: no peer is ever "ahead" of this node by it.
    await syncOnce(h);
    expect(h.peers.requests).toEqual([]);

    h.peers.events.emit('missingBlocks', { peer: 'peer' });
    await h.sync.idle();
    expect(hex(local.currentBlock.hash)).toBe(hex(theirs[3]!.hash));
    expectCanonical(local, [shared!, ...theirs]);
    expect(reorgs).toHaveLength(1);
    expect(reorgs[0]!.ancestor.number).toBe(1n);
    expect(reorgs[0]!.removed.map((b) => hex(b.hash))).toEqual([ours[1]!, ours[0]!].map((b) => hex(b.hash)));
    expect(reorgs[0]!.added.map((b) => hex(b.hash))).toEqual([hex(theirs[0]!.hash)]);
  });
});

// --- peers that misbehave ---

describe('ChainSync: faulty peers', () => {
  it('penalises headers that do not link and imports nothing from that batch', async () => {
    const h = await harness(await openChain(POW_GENESIS));
    h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 300)), {
      // The second forward batch skips a header.
      headers: (served, query) => (query.origin === 193n ? served.filter((_, i) => i !== 50) : served),
    });
    await syncOnce(h);
    expect(h.chain.currentHeader.number).toBe(192n);
    expect(h.peers.penalties).toEqual([{ peer: 'peer', amount: 100, reason: 'unlinked headers' }]);
    expect(h.log.failures()).toEqual(['header 244 does not follow 242']);
    expect(h.peers.bodyRequests()).toHaveLength(2);
    expect(h.progress.at(-1)).toBeUndefined();
    expect(h.sync.progress()).toBeUndefined();
  });

  it('ends the round without a penalty when the first header is not the child of the ancestor (the peer reorged)', async () => {
    const h = await harness(await openChain(POW_GENESIS));
    const stranger = new Header({ ...main[0]!.header, parentHash: new Uint8Array(32).fill(1) });
    h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 5)), {
      headers: (served, query) => (query.reverse ? served : [stranger, ...served.slice(1)]),
    });
    await syncOnce(h);
    expect(h.chain.currentHeader.number).toBe(0n);
    expect(h.peers.penalties).toEqual([]);
    expect(h.log.failures()).toEqual(['header 1 does not follow 0']);
    expect(h.peers.bodyRequests()).toEqual([]);
  });

  it('penalises bodies that do not match their headers, and too many bodies', async () => {
    const swapped = await harness(await openChain(POW_GENESIS));
    swapped.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 20)), {
      // Two bodies change places: each now holds the other block's transaction.
      bodies: (served) => [served[0]!, served[2]!, served[1]!, ...served.slice(3)],
    });
    await syncOnce(swapped);
    expect(swapped.chain.currentHeader.number).toBe(0n);
    expect(swapped.peers.penalties).toEqual([{ peer: 'peer', amount: 100, reason: 'body does not match header' }]);
    expect(swapped.log.failures()[0]).toBe('peer sent a body that matches none of blocks 1-20 in order');

    const extra = await harness(await openChain(POW_GENESIS));
    extra.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 20)), {
      bodies: (served) => [...served, served[0]!],
    });
    await syncOnce(extra);
    expect(extra.chain.currentHeader.number).toBe(0n);
    expect(extra.peers.penalties).toEqual([{ peer: 'peer', amount: 25, reason: 'too many bodies' }]);
    expect(extra.log.failures()).toEqual(['peer sent 21 bodies for 20 headers']);
  });

  it('takes a body left out in mid-list as missing, not as a fault: the run before it is imported', async () => {
    const h = await harness(await openChain(POW_GENESIS));
    let answered = 0;
    h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 20)), {
      // The first answer lacks the body of block 3.
      bodies: (served) => (++answered === 1 ? [...served.slice(0, 2), ...served.slice(3)] : served),
    });
    await syncOnce(h);
    expect(h.chain.currentHeader.number).toBe(20n);
    expect(h.peers.penalties).toEqual([]);
  });

  it('imports what a peer answered in part, asks again for the rest, and gives up without bodies', async () => {
    const h = await harness(await openChain(POW_GENESIS));
    let answered = 0;
    const remote = h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 150)), {
      // The first answer holds only 100 of the 128 bodies asked for.
      bodies: (served) => (++answered === 1 ? served.slice(0, 100) : served),
    });
    await syncOnce(h);
    expect(h.chain.currentHeader.number).toBe(150n);
    expect(h.peers.bodyRequests()).toEqual([
      { count: 128, first: 1n },
      { count: 50, first: 101n },
    ]);
    expect(h.peers.penalties).toEqual([]);

    // A peer without the bodies ends the round, unpunished: it may have pruned them.
    await remote.chain.insertChain(main.slice(150, 160));
    remote.fault.bodies = () => [];
    await syncOnce(h);
    expect(h.chain.currentHeader.number).toBe(150n);
    expect(h.log.failures().at(-1)).toBe('peer sent no bodies for blocks 151-160');
    expect(h.peers.penalties).toEqual([]);
  });

  it('penalises a peer of another genesis: no common ancestor, looking back batch by batch', async () => {
    const extra = { balance: 1n, nonce: 0n, code: new Uint8Array(0), storage: new Map() };
    const otherGenesis = testGenesis(POW_CONFIG, { '0x00000000000000000000000000000000000000aa': extra });
    const otherChain = await generateBlocks({ genesis: otherGenesis, engine: powEngine() }, transferSpecs(250, RECIPIENT));
    const h = await harness(await openChain(POW_GENESIS, powEngine(), main.slice(0, 200)));
    h.peers.add('stranger', await openChain(otherGenesis, powEngine(), otherChain));
    await syncOnce(h);
    expect(h.peers.headerRequests()).toEqual([
      { origin: 200n, amount: 128, skip: 0n, reverse: true },
      { origin: 72n, amount: 73, skip: 0n, reverse: true },
    ]);
    expect(h.peers.penalties).toEqual([{ peer: 'stranger', amount: 100, reason: 'different genesis' }]);
    expect(h.log.failures()).toEqual(['no common ancestor: the peer has another genesis block']);
    expect(h.chain.currentHeader.number).toBe(200n);
  });

  it('penalises headers out of order while looking for the ancestor', async () => {
    const h = await harness(await openChain(POW_GENESIS, powEngine(), main.slice(0, 10)));
    h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 20)), {
      headers: (served, query) => (query.reverse ? served.slice(1) : served),
    });
    await syncOnce(h);
    expect(h.peers.penalties).toEqual([{ peer: 'peer', amount: 25, reason: 'headers out of order' }]);
    expect(h.log.failures()).toEqual(['peer answered header 9 where 10 was asked']);
    expect(h.chain.currentHeader.number).toBe(10n);
  });

  it('ends the round on a failed request without a penalty; the next trigger retries', async () => {
    const h = await harness(await openChain(POW_GENESIS));
    let failures = 1;
    h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 300)), {
      before: (kind) => {
        if (kind === 'bodies' && failures-- > 0) throw new Error('request timed out after 15000 ms');
      },
    });
    await syncOnce(h);
    expect(h.chain.currentHeader.number).toBe(0n);
    expect(h.peers.penalties).toEqual([]);
    expect(h.log.failures()).toEqual(['request timed out after 15000 ms']);
    expect(h.progress).toEqual([{ startingBlock: 0n, currentBlock: 0n, highestBlock: 300n }, undefined]);
    expect(h.sync.progress()).toBeUndefined();

    await syncOnce(h);
    expect(h.chain.currentHeader.number).toBe(300n);
    expect(h.peers.penalties).toEqual([]);
  });

  it('imports the valid part of a chain with an invalid block and penalises the peer', async () => {
    // The peer serves block 150 with a wrong state root, and its descendants relinked onto it.
    const bad = 150;
    const forged = new Map<string, Header>();
    const original = new Map<string, Bytes>();
    let parentHash = main[bad - 2]!.hash;
    for (const block of main.slice(bad - 1, 300)) {
      const stateRoot = block.number === BigInt(bad) ? new Uint8Array(32).fill(0xee) : block.header.stateRoot;
      const header = new Header({ ...block.header, parentHash, stateRoot });
      forged.set(hex(block.hash), header);
      original.set(hex(header.hash), block.hash);
      parentHash = header.hash;
    }
    const h = await harness(await openChain(POW_GENESIS));
    h.peers.add('peer', await openChain(POW_GENESIS, powEngine(), main.slice(0, 300)), {
      headers: (served) => served.map((header) => forged.get(hex(header.hash)) ?? header),
      bodyHashes: (hashes) => hashes.map((hash) => original.get(hex(hash)) ?? hash),
    });
    await syncOnce(h);
    expect(h.chain.currentHeader.number).toBe(BigInt(bad - 1));
    expectCanonical(h.chain, main.slice(0, bad - 1));
    expect(h.chain.hasBlock(forged.get(hex(main[bad - 1]!.hash))!.hash, BigInt(bad))).toBe(false);
    expect(h.peers.penalties).toEqual([{ peer: 'peer', amount: 100, reason: 'invalid block in sync' }]);
    expect(h.log.failures()[0]).toMatch(/^invalid block #150 \[0x[0-9a-f]{64}\]: invalid merkle root \(remote: 0xeeee/);
    // Nothing was asked for after the batch that held it.
    expect(h.peers.requests.at(-1)).toEqual({ peer: 'peer', kind: 'bodies', count: 64, first: 129n });
  });
});
