// A 4-node PoA devnet as users run it (scripts/devnet): three clique signers and one follower, each its own node
// process on 127.0.0.1. A transaction sent to the follower is mined and seen at the same block hash everywhere; a
// node killed with SIGKILL catches up after a restart; two halves that never met converge on one chain once
// joined; a peer that gossips junk or a forged block is banned, and every node goes on.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWalletClient, defineChain, http, parseEther, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDevnet,
  logTail,
  SOURCE_COMMAND,
  startNode,
  stopNode,
  type DevnetPlan,
  type RunningNode,
} from '../../scripts/devnet/devnet.js';
import { rpcCall } from '../../scripts/devnet/rpc.js';
import { bytesToHex, hexToBytes } from '../../src/common/bytes.js';
import { Blockchain } from '../../src/core/chain/blockchain.js';
import { SILENT_LOG } from '../../src/core/chain/testChain.js';
import { parseGenesis } from '../../src/core/genesis/genesis.js';
import { Block } from '../../src/core/types/block.js';
import { Header } from '../../src/core/types/header.js';
import { engineFor } from '../../src/consensus/engineFor.js';
import { MemoryStore } from '../../src/db/memoryStore.js';
import { Network } from '../../src/p2p/network.js';
import { generateNodeKey } from '../../src/p2p/nodeKey.js';
import { gossipTopics } from '../../src/p2p/protocols.js';
import { newBlockCodec } from '../../src/p2p/wire/newBlock.js';
import { TxPool } from '../../src/txpool/txPool.js';

const TIMEOUT = 240_000;
let dir: string;
let plan: DevnetPlan;
const running = new Map<number, RunningNode>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-devnet-'));
  plan = await createDevnet({ dir: join(dir, 'net'), signers: 3, nodes: 1, period: 1, command: SOURCE_COMMAND });
}, TIMEOUT);

afterAll(async () => {
  await Promise.all([...running.values()].map((n) => stopNode(n, 'SIGTERM', 5_000)));
  rmSync(dir, { recursive: true, force: true });
}, TIMEOUT);

async function start(i: number, bootnodes: readonly string[] = []): Promise<RunningNode> {
  const node = await startNode(plan, i, { bootnodes, timeoutMs: 90_000 });
  running.set(i, node);
  return node;
}

async function stop(i: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const node = running.get(i)!;
  running.delete(i);
  const report = await stopNode(node, signal, 10_000);
  expect(report.outcome).not.toBe('not running');
  if (signal === 'SIGTERM') expect(await node.exited).toMatchObject({ code: 0 });
}

const url = (i: number) => plan.nodes[i]!.httpUrl;
const call = (i: number, method: string, params: unknown[] = []) => rpcCall(url(i), method, params, 10_000);
const headNumber = async (i: number) => BigInt((await call(i, 'eth_blockNumber')) as string);
const hashAt = async (i: number, n: bigint) =>
  ((await call(i, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, false])) as { hash: string } | null)?.hash;
const peers = async (i: number) => Number(BigInt((await call(i, 'net_peerCount')) as string));

async function waitFor(what: string, ok: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if (await ok()) return;
    } catch {
      // A node restarting does not answer for a moment.
    }
    if (Date.now() > until) {
      const tails = plan.nodes.map((n) => `--- node ${n.index} (${n.role}) ---\n${logTail(n.log, 25)}`).join('\n');
      throw new Error(`timed out waiting for ${what}; the nodes logged:\n${tails}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every listed node has a block at height `n` and they all have the same one. */
async function sameBlockAt(nodes: readonly number[], n: bigint): Promise<boolean> {
  const hashes = await Promise.all(nodes.map((i) => hashAt(i, n)));
  return hashes.every((h) => h !== undefined && h === hashes[0]);
}

/** Waits until the nodes agree on a block at least `above`; returns its height. */
async function converged(nodes: readonly number[], above: bigint, what: string): Promise<bigint> {
  let agreed = -1n;
  await waitFor(what, async () => {
    const heads = await Promise.all(nodes.map(headNumber));
    const low = heads.reduce((a, b) => (a < b ? a : b));
    if (low < above || !(await sameBlockAt(nodes, low))) return false;
    agreed = low;
    return true;
  }, 90_000);
  return agreed;
}

const ALL = [0, 1, 2, 3];

describe('a 4-node clique devnet', () => {
  it('mines a transaction sent to the follower, seen at the same block hash on every node', async () => {
    const first = await start(0);
    await Promise.all([1, 2, 3].map((i) => start(i, [first.multiaddr])));
    await waitFor('every node connected', async () => (await Promise.all(ALL.map(peers))).every((n) => n > 0));

    const chain = defineChain({
      id: plan.chainId,
      name: 'devnet',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [url(3)] } },
    });
    const wallet = createWalletClient({ account: privateKeyToAccount(plan.accounts[0]!.privateKey as Hex), chain, transport: http(url(3)) });
    const hash = await wallet.sendTransaction({ to: '0x000000000000000000000000000000000000bEEF', value: parseEther('1') });
    // Every node has the receipt in the same block, and that block is canonical at its height everywhere (a block
    // can lose a race for its height to an in-turn sibling: the receipt moves with the reorg, so it is read anew).
    let receipt: { blockNumber: string; blockHash: string } | null = null;
    await waitFor('the same receipt block on every node', async () => {
      const receipts = (await Promise.all(ALL.map((i) => call(i, 'eth_getTransactionReceipt', [hash])))) as (typeof receipt)[];
      const first = receipts[0];
      if (first == null || receipts.some((r) => r?.blockHash !== first.blockHash)) return false;
      const hashes = await Promise.all(ALL.map((i) => hashAt(i, BigInt(first.blockNumber))));
      receipt = first;
      return hashes.every((h) => h === first.blockHash);
    });
    for (const i of ALL) {
      expect(await call(i, 'eth_getBalance', ['0x000000000000000000000000000000000000beef', receipt!.blockNumber])).toBe('0xde0b6b3a7640000');
    }
  }, TIMEOUT);

  it('a node killed with SIGKILL catches up after a restart', async () => {
    const before = await headNumber(0);
    await stop(3, 'SIGKILL');
    await waitFor('the others to move on', async () => (await headNumber(0)) >= before + 3n);
    await start(3, [running.get(0)!.multiaddr]);
    const agreed = await converged(ALL, before + 3n, 'the restarted node to catch up');
    expect(agreed).toBeGreaterThanOrEqual(before + 3n);
    expect(readFileSync(plan.nodes[3]!.log, 'utf8')).toContain('Block synchronisation started');
  }, TIMEOUT);

  it('two halves that never met converge on one chain once joined', async () => {
    // Half A: signers 0 and 1, which can alternate; half B: signer 2 and the follower. A lone signer of three may
    // seal one block in two, so B forks off by one block and must give it up. For B to be able to seal at all,
    // its head must not be signer 2's own: the follower keeps a head sealed by A's signers, made after signer 2
    // stopped. Restarted, signer 2 may seal one block (difficulty 2 at most) on its old head before it meets the
    // follower; three blocks on the follower's side outweigh it, so signer 2 always takes the follower's chain (two
    // out-of-turn blocks would tie it, and neither would move).
    await stop(2);
    const without2 = await headNumber(0);
    await waitFor('blocks sealed without signer 2', async () => (await headNumber(3)) >= without2 + 3n);
    await stop(3);
    await Promise.all([stop(0), stop(1)]);
    const a0 = await start(0);
    const b2 = await start(2);
    await Promise.all([start(1, [a0.multiaddr]), start(3, [b2.multiaddr])]);
    // B's own block is on top of the follower's old head, or in its place when it is in turn there and the follower's
    // head was not: either way B agrees on a head that A has not got at that height.
    let fork = -1n;
    let forkedB: string | undefined;
    await waitFor('half B to seal on its own', async () => {
      const [n2, n3, nA] = await Promise.all([headNumber(2), headNumber(3), headNumber(0)]);
      if (n2 !== n3 || nA < n3) return false;
      const [h2, h3, hA] = await Promise.all([hashAt(2, n3), hashAt(3, n3), hashAt(0, n3)]);
      if (h3 === undefined || h2 !== h3 || hA === h3) return false;
      [fork, forkedB] = [n3, h3];
      return true;
    });
    // A's blocks past the point where the halves part outweigh B's one.
    await waitFor('half A to move on', async () => (await headNumber(0)) >= fork + 4n);
    expect(await peers(0)).toBe(1);
    expect(await peers(2)).toBe(1);
    expect(await hashAt(3, fork)).toBe(forkedB);

    expect(await call(2, 'admin_addPeer', [a0.multiaddr])).toBe(true);
    await converged(ALL, fork + 4n, 'the halves to converge');
    expect(await hashAt(3, fork)).toBe(await hashAt(0, fork));
    expect(await hashAt(3, fork)).not.toBe(forkedB);
    expect(readFileSync(plan.nodes[3]!.log, 'utf8')).toContain('Chain reorg detected');
  }, TIMEOUT);

  it('bans a peer that gossips junk or a forged block; no node crashes', async () => {
    const genesis = parseGenesis(readFileSync(plan.genesis, 'utf8'));
    const attack = async () => {
      const chain = await Blockchain.open(new MemoryStore(), { engine: engineFor(genesis.config), genesis, log: SILENT_LOG });
      const pool = new TxPool({ chain, log: SILENT_LOG });
      const network = await Network.create({
        chain,
        pool,
        networkId: BigInt(plan.chainId),
        privateKey: await generateNodeKey(),
        listenHost: '127.0.0.1',
        listenPort: 0,
        bootnodes: [running.get(0)!.multiaddr],
        maxPeers: 5,
        log: SILENT_LOG,
      });
      await network.start();
      return { chain, network };
    };
    const topics = gossipTopics(hexToBytes((await hashAt(0, 0n))!));
    const isPeerOf0 = async (id: string) =>
      ((await call(0, 'admin_peers')) as { id: string }[]).some((p) => p.id === id);

    const junk = await attack();
    try {
      await waitFor('the junk sender in the mesh', async () => junk.network.host.gossip.subscribers(topics.blocks).length > 0);
      await junk.network.host.gossip.publish(topics.blocks, new Uint8Array([0xc5, 0x01, 0x02]));
      await waitFor('the junk sender dropped', async () => !(await isPeerOf0(junk.network.host.peerId)), 20_000);
      await expect(junk.network.host.dial(running.get(0)!.multiaddr).then(() => isPeerOf0(junk.network.host.peerId))).resolves.toBe(false);
    } finally {
      await junk.network.stop();
    }

    const forger = await attack();
    try {
      await waitFor('the forger in the mesh', async () => forger.network.host.gossip.subscribers(topics.blocks).length > 0);
      const genesisHeader = forger.chain.genesis.header;
      const forged = new Block(
        new Header({ ...genesisHeader, parentHash: genesisHeader.hash, number: 1n, timestamp: genesisHeader.timestamp + 1n }),
        { transactions: [], ommers: [], withdrawals: [] },
      );
      await forger.network.host.gossip.publish(topics.blocks, newBlockCodec.encode({ block: forged, totalDifficulty: 1n << 64n }));
      await waitFor('the forger dropped', async () => !(await isPeerOf0(forger.network.host.peerId)), 20_000);
    } finally {
      await forger.network.stop();
    }
    const head = await headNumber(0);
    await converged(ALL, head + 2n, 'the devnet to go on');
    for (const i of ALL) expect(running.get(i)!.child.exitCode).toBeNull();
    expect(readFileSync(plan.nodes[0]!.log, 'utf8')).toMatch(/Banning misbehaving peer/);
    expect(bytesToHex(hexToBytes((await hashAt(0, 0n))!))).toBe(bytesToHex(forger.chain.genesis.hash));
  }, TIMEOUT);
});
