import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex } from '../common/bytes.js';
import { SILENT_LOG, transfer } from '../core/chain/testChain.js';
import { PROMETHEUS_PATH } from '../metrics/server.js';
import { defaultNodeConfig, devNodeConfig, type NodeConfig } from './config.js';
import { devAccounts } from './devAccounts.js';
import { makeFullNode } from './makeFullNode.js';

const OPTIONS = { clientVersion: 'tsgeth/test', log: SILENT_LOG };
const RECIPIENT = bigintToFixedBytes(0x1234n, 20);
const DEV_GENESIS_HASH = '0xf1887170f9df79926e768bb983841e974105e83ea7766c265e3a3194408c3d75';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-fullnode-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function devConfig(overrides: Partial<NodeConfig> = {}): NodeConfig {
  return { ...devNodeConfig(defaultNodeConfig()), datadir: join(dir, 'data'), ...overrides };
}

describe('makeFullNode', () => {
  it('builds a dev node whose miner seals pool transactions, and keeps its chain across a restart', async () => {
    const full = await makeFullNode(devConfig(), OPTIONS);
    expect(full.networkId).toBe(1337n);
    expect(bytesToHex(full.chain.genesis.hash)).toBe(DEV_GENESIS_HASH);
    expect(full.node.services.map((s) => s.name)).toEqual(['Transaction pool', 'Dev miner']);
    await full.node.start();
    const dev = devAccounts()[0]!;
    expect(full.txPool.add([transfer(dev.privateKey, 0n, RECIPIENT, 5n, { chainId: 1337n })], { local: true })[0]!.ok).toBe(true);
    await full.miner!.idle();
    const head = full.chain.currentBlock;
    expect(head.number).toBe(1n);
    expect(head.header.coinbase).toEqual(dev.address);
    await full.node.close();

    const again = await makeFullNode(devConfig(), OPTIONS);
    expect(again.chain.currentBlock.hash).toEqual(head.hash);
    expect(again.chain.stateAt(again.chain.currentHeader.stateRoot).getBalance(RECIPIENT)).toBe(5n);
    await again.node.close();
  });

  it('uses a temporary datadir in dev mode without one, removed at close', async () => {
    const full = await makeFullNode(devConfig({ datadir: undefined }), OPTIONS);
    const datadir = full.node.datadir;
    expect(existsSync(datadir)).toBe(true);
    await full.node.start();
    await full.node.close();
    expect(existsSync(datadir)).toBe(false);
  });

  it('refuses --mine on a chain without a sealing engine, and gives the lock back', async () => {
    const config: NodeConfig = {
      ...defaultNodeConfig(),
      datadir: join(dir, 'data'),
      network: 'dev',
      p2p: { ...defaultNodeConfig().p2p, maxPeers: 0 },
      miner: { ...defaultNodeConfig().miner, mine: true, etherbase: bytesToHex(devAccounts()[0]!.address) },
    };
    await expect(makeFullNode(config, OPTIONS)).rejects.toThrow(
      '--mine needs a clique (proof-of-authority) chain: this chain has no engine that seals blocks',
    );
    const again = await makeFullNode(devConfig(), OPTIONS);
    await again.node.close();
  });

  it('takes the network id from the flag when given', async () => {
    const full = await makeFullNode(devConfig({ networkId: 42n }), OPTIONS);
    expect(full.networkId).toBe(42n);
    await full.node.close();
  });

  it('refuses a datadir holding another network, and gives the lock back', async () => {
    const full = await makeFullNode(devConfig(), OPTIONS);
    await full.node.close();
    const sepolia = { ...defaultNodeConfig(), datadir: join(dir, 'data'), network: 'sepolia' as const };
    await expect(makeFullNode(sepolia, OPTIONS)).rejects.toThrow(`database contains incompatible genesis (have ${DEV_GENESIS_HASH}`);
    expect(existsSync(join(dir, 'data', 'LOCK'))).toBe(false);
  });

  it('runs the chain a datadir holds when no network is chosen, and refuses dev mode on a chain not merged at genesis', async () => {
    const first = await makeFullNode({ ...defaultNodeConfig(), datadir: join(dir, 'data'), network: 'sepolia' }, OPTIONS);
    await first.node.close();
    const stored = await makeFullNode({ ...defaultNodeConfig(), datadir: join(dir, 'data') }, OPTIONS);
    expect(stored.chain.config.chainId).toBe(11155111n);
    expect(stored.miner).toBeUndefined();
    await stored.node.close();
    const devOnSepolia = { ...defaultNodeConfig(), datadir: join(dir, 'data'), dev: { period: 0 } };
    await expect(makeFullNode(devOnSepolia, OPTIONS)).rejects.toThrow('dev mode needs a chain merged at genesis; the datadir holds chain 11155111');
    expect(existsSync(join(dir, 'data', 'LOCK'))).toBe(false);
  });

  it('serves JSON-RPC over HTTP and WebSocket, and the node metrics with RPC calls counted by method', async () => {
    const base = devConfig();
    const full = await makeFullNode(
      {
        ...base,
        http: { ...base.http, enabled: true, port: 0 },
        ws: { ...base.ws, enabled: true, port: 0 },
        metrics: { enabled: true, host: '127.0.0.1', port: 0 },
      },
      OPTIONS,
    );
    expect(full.node.services.map((s) => s.name)).toEqual(['Transaction pool', 'Dev miner', 'EVM workers', 'HTTP server', 'WebSocket server', 'Metrics server']);
    await full.node.start();
    const service = (name: string) => full.node.services.find((s) => s.name === name)!;
    const rpc = service('HTTP server').endpoint!()!;
    expect(service('WebSocket server').endpoint!()).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const call = async (method: string) => {
      const res = await fetch(rpc, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }) });
      return (await res.json()) as { result?: unknown; error?: { message: string } };
    };
    expect((await call('eth_chainId')).result).toBe('0x539');
    expect((await call('net_version')).result).toBe('1337');
    expect((await call('web3_clientVersion')).result).toBe('tsgeth/test');
    const endpoint = service('Metrics server').endpoint!()!;
    expect(endpoint).toContain(PROMETHEUS_PATH);
    const dev = devAccounts()[1]!;
    full.txPool.add([transfer(dev.privateKey, 0n, RECIPIENT, 1n, { chainId: 1337n })]);
    await full.miner!.idle();
    const text = await (await fetch(endpoint)).text();
    expect(text).toContain('chain_head_block 1\n');
    expect(text).toContain('txpool_pending 0\n');
    expect(text).toContain('txpool_queued 0\n');
    expect(text).toContain('p2p_peers 0\n');
    expect(text).toContain('rpc_calls_total{method="eth_chainId",result="success"} 1\n');
    expect(text).toContain('rpc_calls_total{method="net_version",result="success"} 1\n');
    await full.node.close();
    await expect(fetch(rpc)).rejects.toThrow();
    await expect(fetch(endpoint)).rejects.toThrow();
  });

  it('serves the devnet methods (evm_, anvil_, hardhat_) on a dev chain only', async () => {
    const api = ['eth', 'evm', 'anvil', 'hardhat'];
    const withHttp = (config: NodeConfig): NodeConfig => ({ ...config, http: { ...config.http, enabled: true, port: 0, api } });
    const rpcCall = async (url: string, method: string, params: unknown[] = []) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
      return (await res.json()) as { result?: unknown; error?: { code: number; message: string } };
    };
    const endpoint = (full: { node: { services: readonly { name: string; endpoint?: () => string | undefined }[] } }) =>
      full.node.services.find((s) => s.name === 'HTTP server')!.endpoint!()!;

    const dev = await makeFullNode(withHttp(devConfig()), OPTIONS);
    await dev.node.start();
    const url = endpoint(dev);
    expect((await rpcCall(url, 'evm_mine')).result).toBe('0x0');
    expect((await rpcCall(url, 'hardhat_mine', ['0x2'])).result).toBe(true);
    expect((await rpcCall(url, 'anvil_mine')).result).toBeNull();
    expect((await rpcCall(url, 'eth_blockNumber')).result).toBe('0x4');
    expect((await rpcCall(url, 'evm_revert', ['0x1'])).result).toBe(false);
    await dev.node.close();

    // The dev genesis without dev mode: no miner, so none of these methods.
    const plain = await makeFullNode(withHttp({ ...defaultNodeConfig(), datadir: join(dir, 'plain'), network: 'dev' }), OPTIONS);
    expect(plain.miner).toBeUndefined();
    await plain.node.start();
    for (const method of ['evm_mine', 'anvil_mine', 'hardhat_mine', 'evm_snapshot']) {
      expect((await rpcCall(endpoint(plain), method)).error?.code).toBe(-32601);
    }
    await plain.node.close();
  });
});
