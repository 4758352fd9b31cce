// The eth protocols between real libp2p nodes on 127.0.0.1, each with its own clique chain, pool and sync: a sealed
// block reaches the others, a transaction given to one node is mined by the signer, a late node catches up through
// sync, and a peer sending junk or an invalid block is banned without harming anyone.
import { afterEach, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex } from '../common/bytes.js';
import { CliqueEngine } from '../consensus/clique/clique.js';
import { cliqueExtraData } from '../consensus/clique/extraData.js';
import { privateKeySignFn } from '../consensus/clique/seal.js';
import { buildBlock } from '../core/chain/blockBuilder.js';
import { Blockchain } from '../core/chain/blockchain.js';
import { SILENT_LOG, TEST_CHAIN_ID, TEST_KEYS, testGenesis, transfer } from '../core/chain/testChain.js';
import { Block } from '../core/types/block.js';
import { Header } from '../core/types/header.js';
import { privateKeyToAddress } from '../crypto/secp256k1.js';
import { MemoryStore } from '../db/memoryStore.js';
import { SealingMiner } from '../miner/sealingMiner.js';
import type { ChainConfig } from '../params/chainConfig.js';
import { configForFork } from '../params/forks.js';
import { ChainSync } from '../sync/chainSync.js';
import { TxPool } from '../txpool/txPool.js';
import type { Logger } from '../common/log.js';
import { Network } from './network.js';
import { generateNodeKey } from './nodeKey.js';
import { gossipTopics } from './protocols.js';
import { RecordingLogger } from './testHosts.js';
import { newBlockCodec } from './wire/newBlock.js';

const SIGNER_KEY = bigintToFixedBytes(0x5151n, 32);
const SIGNER = privateKeyToAddress(SIGNER_KEY);
const RECIPIENT = bigintToFixedBytes(0xbeefn, 20);
const CONFIG: ChainConfig = {
  ...configForFork('Cancun', TEST_CHAIN_ID),
  terminalTotalDifficulty: undefined,
  clique: { period: 1, epoch: 30_000 },
};
const GENESIS = { ...testGenesis(CONFIG), timestamp: BigInt(Math.floor(Date.now() / 1000)) - 5n, extraData: cliqueExtraData([SIGNER]) };

interface TestNode {
  chain: Blockchain;
  pool: TxPool;
  network: Network;
  sync: ChainSync;
  engine: CliqueEngine;
  miner?: SealingMiner;
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function startNode(
  options: { bootnodes?: string[]; signer?: boolean; networkId?: bigint; log?: Logger } = {},
): Promise<TestNode> {
  const engine = new CliqueEngine(CONFIG.clique!);
  const chain = await Blockchain.open(new MemoryStore(), { engine, genesis: GENESIS, log: SILENT_LOG });
  const pool = new TxPool({ chain, log: SILENT_LOG });
  await pool.start();
  stops.push(() => pool.stop());
  const network = await Network.create({
    chain,
    pool,
    networkId: options.networkId ?? TEST_CHAIN_ID,
    privateKey: await generateNodeKey(),
    listenHost: '127.0.0.1',
    listenPort: 0,
    bootnodes: options.bootnodes ?? [],
    maxPeers: 10,
    log: options.log ?? SILENT_LOG,
  });
  await network.start();
  stops.push(() => network.stop());
  const sync = new ChainSync({ chain, peers: network, intervalMs: 500, log: SILENT_LOG });
  await sync.start();
  stops.push(() => sync.stop());
  const node: TestNode = { chain, pool, network, sync, engine };
  if (options.signer === true) {
    engine.authorize(SIGNER, privateKeySignFn(SIGNER_KEY));
    const miner = new SealingMiner({ chain, pool, engine, period: 1, gasLimit: 30_000_000n, minTip: 1n, log: SILENT_LOG });
    miner.events.on('sealed', (b) => void network.announceBlock(b));
    await miner.start();
    stops.push(() => miner.stop());
    node.miner = miner;
  }
  return node;
}

async function waitFor(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const head = (n: TestNode) => n.chain.currentHeader;

describe('Network', () => {
  it('gossips sealed blocks and transactions, and a late node catches up by sync', async () => {
    const signer = await startNode({ signer: true });
    const boot = signer.network.host.multiaddrs();
    const follower = await startNode({ bootnodes: boot });
    await waitFor('a peer', () => follower.network.peerCount() > 0 && signer.network.peerCount() > 0);

    // A transaction given to the follower reaches the signer's pool and is mined; the block comes back.
    const tx = transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 7n);
    expect(follower.pool.add([tx], { local: true })[0]!.ok).toBe(true);
    await waitFor('the transfer mined on the follower', () => follower.chain.getTransactionLookup(tx.hash) !== undefined);
    const where = follower.chain.getTransactionLookup(tx.hash)!;
    expect(bytesToHex(signer.chain.getCanonicalHash(where.blockNumber)!)).toBe(bytesToHex(where.blockHash));

    // A node that joins later has missed those blocks: it syncs them.
    await waitFor('a few blocks', () => head(signer).number >= 4n);
    const late = await startNode({ bootnodes: boot });
    await waitFor('the late node synced', () => head(late).number >= 4n);
    const n = head(late).number;
    expect(bytesToHex(late.chain.getCanonicalHash(n)!)).toBe(bytesToHex(signer.chain.getCanonicalHash(n)!));
    expect(late.chain.stateAtHeader(head(late)).getBalance(RECIPIENT)).toBe(7n);
  }, 60_000);

  it('publishes transactions submitted one by one together, as one gossip message', async () => {
    const sender = await startNode();
    const receiver = await startNode({ bootnodes: sender.network.host.multiaddrs() });
    const topics = gossipTopics(sender.chain.genesis.hash);
    await waitFor('the receiver in the transaction topic', () => sender.network.host.gossip.subscribers(topics.transactions).length > 0);
    const messages: number[] = [];
    receiver.network.dispatcher.subscribe('transactions', (txs) => (messages.push(txs.length), 'accept'), { name: 'probe' });

    // Each add is a submission of its own (as eth_sendRawTransaction makes them), each announced by the pool.
    const txs = [0n, 1n, 2n, 3n, 4n].map((nonce) => transfer(TEST_KEYS[0]!, nonce, RECIPIENT, 1n));
    for (const tx of txs) expect(sender.pool.add([tx], { local: true })[0]!.ok).toBe(true);
    await waitFor('every transaction in the receiver pool', () => txs.every((tx) => receiver.pool.get(tx.hash) !== undefined));
    expect(messages).toEqual([5]);
  }, 30_000);

  it('disconnects a peer of another network, logging why', async () => {
    // Both sides check; whichever finds the mismatch first warns (the other may only see the hang-up).
    const homeLog = new RecordingLogger();
    const strangerLog = new RecordingLogger();
    const home = await startNode({ log: homeLog });
    const stranger = await startNode({ networkId: 999n, bootnodes: home.network.host.multiaddrs(), log: strangerLog });
    const warning = () =>
      [...homeLog.entries, ...strangerLog.entries].find((e) => e.level === 'warn' && e.msg === 'Peer handshake failed, disconnecting');
    await waitFor('the mismatch logged', () => warning() !== undefined);
    expect(String(warning()!.fields.reason)).toMatch(/network id mismatch: (999 \(!= 1337\)|1337 \(!= 999\))/);
    expect([home.network.host.peerId, stranger.network.host.peerId]).toContain(warning()!.fields.peer);
    await waitFor('no peers left', () => home.network.peerCount() === 0 && stranger.network.peerCount() === 0);
  }, 30_000);

  it('bans a peer that gossips junk or an invalid block, and keeps going', async () => {
    const signer = await startNode({ signer: true });
    const victimLog = new RecordingLogger();
    const victim = await startNode({ bootnodes: signer.network.host.multiaddrs(), log: victimLog });
    const attacker = await startNode({ bootnodes: victim.network.host.multiaddrs() });
    await waitFor('peers', () => victim.network.peerCount() >= 2);
    const topics = gossipTopics(attacker.chain.genesis.hash);
    await waitFor('the attacker in the block topic mesh', () => attacker.network.host.gossip.subscribers(topics.blocks).length > 0);
    await attacker.network.host.gossip.publish(topics.blocks, new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    await waitFor('the attacker banned', () => victim.network.host.isBanned(attacker.network.host.peerId));
    expect(victim.network.scores.score(attacker.network.host.peerId)).toBeLessThanOrEqual(0);

    // A second attacker: a well-formed block with a bad seal.
    const forger = await startNode({ bootnodes: victim.network.host.multiaddrs() });
    await waitFor('the forger connected', () => forger.network.peerCount() > 0 && forger.network.host.gossip.subscribers(topics.blocks).length > 0);
    const parent = head(forger);
    const forged = new Block(
      new Header({ ...parent, parentHash: parent.hash, number: parent.number + 1n, timestamp: parent.timestamp + 1n }),
      { transactions: [], ommers: [], withdrawals: [] },
    );
    await forger.network.host.gossip.publish(topics.blocks, newBlockCodec.encode({ block: forged, totalDifficulty: 99n }));
    await waitFor('the forger banned', () => victim.network.host.isBanned(forger.network.host.peerId));

    // A third: the signer's own key, a valid header and seal over a wrong state root. It passes the header check
    // (and is relayed), fails the import, and costs its sender.
    const rogue = await startNode({ bootnodes: victim.network.host.multiaddrs() });
    await waitFor('the rogue connected', () => rogue.network.peerCount() > 0 && rogue.network.host.gossip.subscribers(topics.blocks).length > 0);
    await waitFor('the rogue synced', () => head(rogue).number >= head(victim).number && head(victim).number > 0n);
    rogue.engine.authorize(SIGNER, privateKeySignFn(SIGNER_KEY));
    const base = head(rogue);
    const timestamp = base.timestamp + 1n;
    const built = buildBlock(rogue.chain, rogue.engine, base, rogue.chain.stateAtHeader(base), { timestamp, coinbase: SIGNER }, []).block;
    const wrongRoot = new Block(new Header({ ...built.header, stateRoot: new Uint8Array(32).fill(7) }), built.body);
    const sealed = await rogue.engine.seal(rogue.chain, wrongRoot);
    // Not a block from the future (that is refused at the header check): its time must have come.
    await waitFor('the block time', () => Date.now() >= Number(timestamp) * 1000);
    await rogue.network.host.gossip.publish(topics.blocks, newBlockCodec.encode({ block: sealed, totalDifficulty: 1n << 32n }));
    await waitFor('the rogue banned', () => victim.network.host.isBanned(rogue.network.host.peerId));
    expect(victim.chain.hasBlock(sealed.hash, sealed.number)).toBe(false);
    const failure = victimLog.entries.find((e) => e.msg === 'Gossiped block failed to import');
    expect(failure?.fields.peer).toBe(rogue.network.host.peerId);

    // The victim still follows the signer.
    const before = head(victim).number;
    await waitFor('the victim to keep importing', () => head(victim).number > before + 1n);
  }, 60_000);
});
