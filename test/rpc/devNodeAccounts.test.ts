// The account, txpool and admin methods as a dev node wires them: its ten funded accounts unlocked, a transaction
// sent by one of them sealed by the dev miner, and txpool/admin only because --http.api lists them; the devnet
// namespaces (evm, anvil, hardhat) whatever it lists, with an impersonated account's transaction mined.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/common/bytes.js';
import { SILENT_LOG } from '../../src/core/chain/testChain.js';
import { defaultNodeConfig, devNodeConfig, type NodeConfig } from '../../src/node/config.js';
import { devAccounts } from '../../src/node/devAccounts.js';
import { makeFullNode } from '../../src/node/makeFullNode.js';
import { rpc, rpcResult } from './rpcFixture.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-devaccounts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function startNode(api: string[]): Promise<{ url: string; close: () => Promise<void>; idle: () => Promise<void> }> {
  const base = devNodeConfig(defaultNodeConfig());
  const config: NodeConfig = {
    ...base,
    datadir: join(dir, 'data'),
    http: { ...base.http, enabled: true, port: 0, api },
  };
  const full = await makeFullNode(config, { clientVersion: 'tsgeth/test', log: SILENT_LOG });
  await full.node.start();
  const url = full.node.services.find((s) => s.name === 'HTTP server')!.endpoint!()!;
  return { url, close: () => full.node.close(), idle: async () => full.miner?.idle() };
}

describe('a dev node', () => {
  it('unlocks its ten accounts in order, sends and seals a transaction, and serves txpool and admin when listed', async () => {
    const node = await startNode(['eth', 'txpool', 'admin']);
    try {
      const accounts = devAccounts().map((a) => bytesToHex(a.address));
      expect(await rpcResult(node.url, 'eth_accounts')).toEqual(accounts);
      const hash = await rpcResult(node.url, 'eth_sendTransaction', [{ from: accounts[3], to: accounts[4], value: '0x2a' }]);
      await node.idle();
      const receipt = (await rpcResult(node.url, 'eth_getTransactionReceipt', [hash])) as Record<string, unknown>;
      expect(receipt.status).toBe('0x1');
      expect(receipt.from).toBe(accounts[3]);
      expect(await rpcResult(node.url, 'txpool_status')).toEqual({ pending: '0x0', queued: '0x0' });
      expect(await rpcResult(node.url, 'admin_datadir')).toBe(join(dir, 'data'));
      expect(await rpcResult(node.url, 'admin_peers')).toEqual([]);
    } finally {
      await node.close();
    }
  });

  it('answers a transaction once automine has sealed it (as Hardhat and Anvil), at once when automine is off', async () => {
    const node = await startNode(['eth']);
    try {
      const accounts = devAccounts().map((a) => bytesToHex(a.address));
      const send = (value: string) => rpcResult(node.url, 'eth_sendTransaction', [{ from: accounts[5], to: accounts[6], value }]);
      // No waiting on the miner here: the answer itself comes after the block.
      const mined = await send('0x1');
      expect(((await rpcResult(node.url, 'eth_getTransactionReceipt', [mined])) as { status: string }).status).toBe('0x1');
      expect(await rpcResult(node.url, 'eth_getTransactionCount', [accounts[5], 'latest'])).toBe('0x1');

      expect(await rpcResult(node.url, 'evm_setAutomine', [false])).toBe(true);
      const pooled = await send('0x2');
      expect(await rpcResult(node.url, 'eth_getTransactionReceipt', [pooled])).toBeNull();
      expect(await rpcResult(node.url, 'evm_mine')).toBe('0x0');
      expect(((await rpcResult(node.url, 'eth_getTransactionReceipt', [pooled])) as { status: string }).status).toBe('0x1');
    } finally {
      await node.close();
    }
  });

  it('serves neither txpool nor admin unless listed, and the devnet namespaces always', async () => {
    const node = await startNode(['eth']);
    try {
      for (const method of ['txpool_status', 'admin_nodeInfo']) expect((await rpc(node.url, method, [])).error?.code).toBe(-32601);
      expect(await rpcResult(node.url, 'evm_mine')).toBe('0x0');
      const whale = '0x000000000000000000000000000000000000a11e';
      expect(await rpcResult(node.url, 'hardhat_setBalance', [whale, '0xde0b6b3a7640000'])).toBe(true);
      expect(await rpcResult(node.url, 'eth_getBalance', [whale, 'latest'])).toBe('0xde0b6b3a7640000');
      expect(await rpcResult(node.url, 'anvil_impersonateAccount', [whale])).toBeNull();
      const hash = await rpcResult(node.url, 'eth_sendTransaction', [{ from: whale, to: whale, value: '0x1' }]);
      await node.idle();
      const receipt = (await rpcResult(node.url, 'eth_getTransactionReceipt', [hash])) as Record<string, unknown>;
      expect(receipt.from).toBe(whale);
      expect(receipt.status).toBe('0x1');
    } finally {
      await node.close();
    }
  });
});
