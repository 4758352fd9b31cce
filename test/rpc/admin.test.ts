// The admin namespace over HTTP on the fixture chain: only where "admin" is listed, and only facts the node has
// (no p2p server yet: no ids, no peers, adding or removing a peer fails).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/common/bytes.js';
import { SILENT_LOG, TEST_CHAIN_ID } from '../../src/core/chain/testChain.js';
import { createAdminModule, P2P_NOT_RUNNING } from '../../src/rpc/admin.js';
import { createRegistry } from '../../src/rpc/apis.js';
import { HttpRpcServer } from '../../src/rpc/httpServer.js';
import { buildFixture, rpc, rpcResult, type RpcFixture } from './rpcFixture.js';

let fixture: RpcFixture;
const servers: HttpRpcServer[] = [];
let adminUrl: string;
let plainUrl: string;

async function serve(apis: string[]): Promise<string> {
  const registry = createRegistry(fixture.backend, { log: SILENT_LOG });
  registry.register(createAdminModule(fixture.backend, { datadir: '/tmp/tsgeth-datadir' }));
  const server = new HttpRpcServer(registry, { port: 0, apis, log: SILENT_LOG });
  await server.start();
  servers.push(server);
  return server.endpoint()!;
}

beforeAll(async () => {
  fixture = await buildFixture();
  adminUrl = await serve(['eth', 'admin']);
  plainUrl = await serve(['eth', 'net', 'web3']);
});

afterAll(async () => {
  for (const server of servers) await server.stop();
});

async function errorOf(at: string, method: string, params: unknown[]): Promise<{ code: number; message: string }> {
  const reply = await rpc(at, method, params);
  if (reply.error === undefined) throw new Error(`${method} succeeded: ${JSON.stringify(reply.result)}`);
  return reply.error;
}

describe('admin namespace', () => {
  it('admin_nodeInfo reports the client and its chain, and no invented p2p identity', async () => {
    const info = (await rpcResult(adminUrl, 'admin_nodeInfo')) as Record<string, unknown>;
    expect(Object.keys(info).sort()).toEqual(['listenAddr', 'name', 'ports', 'protocols']);
    expect(info.name).toBe('tsgeth/v0.0.0-test');
    expect(info.listenAddr).toBe('');
    expect(info.ports).toEqual({ discovery: 0, listener: 0 });
    const eth = (info.protocols as Record<string, Record<string, unknown>>).eth!;
    expect(eth.network).toBe(Number(TEST_CHAIN_ID));
    expect(eth.genesis).toBe(bytesToHex(fixture.chain.genesis.hash));
    expect(eth.head).toBe(bytesToHex(fixture.blocks[2]!.hash));
    const config = eth.config as Record<string, unknown>;
    expect(config.chainId).toBe(Number(TEST_CHAIN_ID));
    expect(config.londonBlock).toBe(0);
  });

  it('admin_peers is empty, admin_datadir is the datadir', async () => {
    expect(await rpcResult(adminUrl, 'admin_peers')).toEqual([]);
    expect(await rpcResult(adminUrl, 'admin_datadir')).toBe('/tmp/tsgeth-datadir');
  });

  it('admin_addPeer and admin_removePeer fail while no p2p server runs; a missing or non-string URL is invalid', async () => {
    const enode = 'enode://' + 'ab'.repeat(64) + '@127.0.0.1:30303';
    for (const m of ['admin_addPeer', 'admin_removePeer']) {
      expect(await errorOf(adminUrl, m, [enode])).toEqual({ code: -32000, message: P2P_NOT_RUNNING });
      expect((await errorOf(adminUrl, m, [])).code).toBe(-32602);
      expect((await errorOf(adminUrl, m, [42])).message).toContain('invalid argument 0 (url)');
    }
  });

  it('is not served where admin is not listed', async () => {
    for (const m of ['admin_nodeInfo', 'admin_peers', 'admin_datadir']) {
      expect((await errorOf(plainUrl, m, [])).code).toBe(-32601);
    }
    expect(await rpcResult(plainUrl, 'rpc_modules')).not.toHaveProperty('admin');
    expect(await rpcResult(adminUrl, 'rpc_modules')).toHaveProperty('admin', '1.0');
  });
});
