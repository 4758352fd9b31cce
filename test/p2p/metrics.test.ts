// The p2p metrics of a full node as Prometheus scrapes them: two nodes built by makeFullNode on the dev genesis
// (beacon engine, not dev mode, so with peers) find each other on 127.0.0.1; the watched node's
// /debug/metrics/prometheus shows the peer count, the gossip dispatcher's queues and verdicts, and the peer scores'
// penalties and bans as its peer first gossips a valid block and then junk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateBlocks, SILENT_LOG } from '../../src/core/chain/testChain.js';
import { builtInGenesis } from '../../src/core/genesis/networks.js';
import { PROMETHEUS_PATH } from '../../src/metrics/server.js';
import { defaultNodeConfig, type NodeConfig } from '../../src/node/config.js';
import { makeFullNode, type FullNode } from '../../src/node/makeFullNode.js';
import { gossipTopics } from '../../src/p2p/protocols.js';

const OPTIONS = { clientVersion: 'tsgeth/test', log: SILENT_LOG };

let dir: string;
const closes: (() => Promise<void>)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-p2p-metrics-'));
});
afterEach(async () => {
  for (const close of closes.splice(0).reverse()) await close();
  rmSync(dir, { recursive: true, force: true });
});

function nodeConfig(name: string, overrides: Partial<NodeConfig> = {}): NodeConfig {
  const base = defaultNodeConfig();
  return {
    ...base,
    datadir: join(dir, name),
    network: 'dev',
    p2p: { ...base.p2p, listenHost: '127.0.0.1', port: 0, maxPeers: 10 },
    ...overrides,
  };
}

async function startFullNode(config: NodeConfig): Promise<FullNode> {
  const full = await makeFullNode(config, OPTIONS);
  closes.push(() => full.node.close());
  await full.node.start();
  return full;
}

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('p2p metrics of a full node', () => {
  it('exposes the peer count, the dispatcher queues and verdicts, and penalties and bans', async () => {
    const base = defaultNodeConfig();
    const watched = await startFullNode(
      nodeConfig('watched', { metrics: { ...base.metrics, enabled: true, host: '127.0.0.1', port: 0 } }),
    );
    const endpoint = watched.node.services.find((s) => s.name === 'Metrics server')!.endpoint!()!;
    expect(endpoint).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${PROMETHEUS_PATH}$`));
    const scrape = async () => {
      const res = await fetch(endpoint);
      expect(res.status).toBe(200);
      return res.text();
    };

    // Alone: no peers, the subscribers' queues registered and empty, nobody penalised.
    const alone = await scrape();
    expect(alone).toContain('p2p_peers 0\n');
    expect(alone).toContain('# TYPE p2p_dispatch_queue_length gauge\n');
    expect(alone).toContain('p2p_dispatch_queue_length{type="newBlock",subscriber="blockImport"} 0\n');
    expect(alone).toContain('p2p_dispatch_queue_length{type="transactions",subscriber="txPool"} 0\n');
    expect(alone).toContain('# TYPE p2p_dispatch_handled_total counter\n');
    expect(alone).toContain('# TYPE p2p_peer_penalties_total counter\n');
    expect(alone).toContain('p2p_peer_bans_total 0\n');
    expect(alone).toContain('p2p_peers_banned 0\n');
    expect(alone).toContain('p2p_peers_scored 0\n');
    expect(alone).not.toContain('p2p_peer_penalties_total{');

    const bootnodes = watched.network!.host.multiaddrs();
    const peer = await startFullNode(nodeConfig('peer', { p2p: { ...nodeConfig('peer').p2p, bootnodes } }));
    await waitFor('the peers connected', () => watched.network!.peerCount() === 1);
    expect(await scrape()).toContain('p2p_peers 1\n');

    // A valid block the peer gossips is imported; the dispatcher counts it as accepted.
    const topics = gossipTopics(watched.chain.genesis.hash);
    await waitFor('the watched node in the peer\'s block mesh', () => peer.network!.host.gossip.subscribers(topics.blocks).length > 0);
    const [block] = await generateBlocks({ genesis: builtInGenesis('dev') }, [{}]);
    await peer.chain.insertChain([block!]);
    await peer.network!.announceBlock(block!);
    await waitFor('the block imported', () => watched.chain.currentBlock.number === 1n);
    await waitFor('the verdict counted', async () =>
      (await scrape()).includes('p2p_dispatch_handled_total{type="newBlock",subscriber="blockImport",verdict="accept"} 1\n'),
    );
    const afterBlock = await scrape();
    expect(afterBlock).toContain('chain_head_block 1\n');
    expect(afterBlock).toContain('p2p_dispatch_queue_length{type="newBlock",subscriber="blockImport"} 0\n');
    expect(afterBlock).not.toContain('p2p_peer_penalties_total{');

    // Junk on the block topic: penalised, banned, disconnected.
    await peer.network!.host.gossip.publish(topics.blocks, new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    const banned = () => watched.network!.host.isBanned(peer.network!.host.peerId);
    await waitFor('the peer banned and gone', () => banned() && watched.network!.peerCount() === 0);
    const afterJunk = await scrape();
    expect(afterJunk).toContain('p2p_peer_penalties_total{reason="junk newBlock message"} 1\n');
    expect(afterJunk).toContain('p2p_peer_bans_total 1\n');
    expect(afterJunk).toContain('p2p_peers_banned 1\n');
    expect(afterJunk).toContain('p2p_peers_scored 1\n');
    expect(afterJunk).toContain('p2p_peers 0\n');
    // Junk never reaches the dispatcher: its only verdict is still the block's.
    expect(afterJunk.match(/^p2p_dispatch_handled_total\{.*$/gm)).toEqual([
      'p2p_dispatch_handled_total{type="newBlock",subscriber="blockImport",verdict="accept"} 1',
    ]);
  }, 60_000);
});
