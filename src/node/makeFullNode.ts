// Building a full node from its configuration (geth's makeFullNode): the datadir and database, the chain on its
// genesis, and the services in the order they depend on each other — the pool, the dev miner, the RPC servers,
// the metrics server — so that shutdown, in reverse, stops the producers of work before what they feed.
import { join } from 'node:path';
import { log as rootLog, type Logger } from '../common/log.js';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { Blockchain } from '../core/chain/blockchain.js';
import type { Genesis } from '../core/genesis/genesis.js';
import { builtInGenesis } from '../core/genesis/networks.js';
import { readCanonicalHash } from '../core/rawdb/headers.js';
import { rpcCallMetrics } from '../metrics/rpcMetrics.js';
import { MetricsServer } from '../metrics/server.js';
import { DevMiner } from '../miner/devMiner.js';
import { isMergedAtGenesis } from '../params/chainConfig.js';
import { createAdminModule } from '../rpc/admin.js';
import { createRegistry } from '../rpc/apis.js';
import { createDevModules } from '../rpc/devApi.js';
import { createTxpoolModule } from '../rpc/txpool.js';
import { Impersonation } from '../rpc/impersonation.js';
import { unlockedKeys } from '../rpc/unlockedKeys.js';
import { HttpRpcServer } from '../rpc/httpServer.js';
import { TxPool } from '../txpool/txPool.js';
import type { NodeConfig } from './config.js';
import { devAccounts } from './devAccounts.js';
import { Node } from './node.js';
import { registerNodeMetrics } from './nodeMetrics.js';
import { nodeRpcBackend } from './rpcBackend.js';

export interface FullNode {
  node: Node;
  chain: Blockchain;
  txPool: TxPool;
  /** The dev-mode block producer; undefined outside dev mode. */
  miner: DevMiner | undefined;
  /** --networkid, or the chain id. */
  networkId: bigint;
}

export interface MakeFullNodeOptions {
  /** web3_clientVersion, e.g. "tsgeth/v0.1.0/linux-x64/node20.20.0". */
  clientVersion: string;
  log?: Logger;
}

/**
 * The genesis to open the chain with: the chosen network's, checked against (or written into) the database; with
 * no network chosen, the chain the database holds, or mainnet's for an empty one (as geth does).
 */
function chosenGenesis(node: Node, config: NodeConfig): Genesis | undefined {
  if (config.network !== undefined) return builtInGenesis(config.network);
  return readCanonicalHash(node.store, 0n) === undefined ? builtInGenesis('mainnet') : undefined;
}

/** Opens the node's datadir and builds every service the configuration asks for; nothing is started yet. */
export async function makeFullNode(config: NodeConfig, options: MakeFullNodeOptions): Promise<FullNode> {
  const log = options.log ?? rootLog;
  const node = await Node.open(config.datadir, { log });
  if (node.ephemeral) log.info('Using a temporary datadir', { path: node.datadir });
  try {
    // No proof-of-work or clique engine exists yet: pre-merge blocks are refused, with a reason, not accepted.
    const chain = await Blockchain.open(node.store, { engine: new BeaconEngine(), genesis: chosenGenesis(node, config), log });
    const head = chain.currentBlock;
    log.info('Loaded most recent local block', { number: head.number, hash: head.hash, chainid: chain.config.chainId });
    const networkId = config.networkId ?? chain.config.chainId;

    const txPool = new TxPool({
      chain,
      // geth keeps the local transactions journal in the instance folder beside chaindata.
      config: { ...config.txpool, journal: config.txpool.journal ?? join(node.datadir, 'geth', 'transactions.rlp') },
      log,
    });
    node.register({ name: 'Transaction pool', start: () => txPool.start(), stop: () => txPool.stop() });

    let miner: DevMiner | undefined;
    if (config.dev !== undefined) {
      if (!isMergedAtGenesis(chain.config)) {
        throw new Error(`dev mode needs a chain merged at genesis; the datadir holds chain ${chain.config.chainId}, which is not`);
      }
      miner = new DevMiner({
        chain,
        pool: txPool,
        coinbase: devAccounts()[0]!.address,
        period: config.dev.period,
        gasLimit: config.miner.gasLimit,
        minTip: config.miner.gasPrice,
        log,
      });
      node.register(miner);
    }

    // The peer-to-peer service (libp2p host and sync) registers here once it exists; until then the node has no
    // peers, which a dev node never wants anyway.

    if (config.http.enabled || config.ws.enabled) {
      const dev = config.dev !== undefined;
      // Dev mode unlocks its funded accounts for eth_sendTransaction, and may impersonate any other; other nodes
      // unlock none (no --unlock yet).
      const accounts = dev ? new Impersonation(unlockedKeys(devAccounts()), chain) : undefined;
      const backend = nodeRpcBackend({ chain, txPool, networkId, clientVersion: options.clientVersion, dev, accounts });
      const registry = createRegistry(backend, {
        gasCap: config.rpc.gasCap,
        evmTimeoutMs: config.rpc.evmTimeout,
        txFeeCap: config.rpc.txFeeCap,
        log,
      });
      registry.register(createTxpoolModule(txPool));
      registry.register(createAdminModule(backend, { datadir: node.datadir }));
      // The Hardhat/Anvil devnet methods (evm_, anvil_, hardhat_) exist only on a dev chain, where they are served
      // whatever --http.api and --ws.api list: the tools that call them never ask for them.
      const devApis: string[] = [];
      if (miner !== undefined && accounts !== undefined) {
        for (const module of createDevModules(chain, miner, accounts)) {
          registry.register(module);
          devApis.push(module.namespace);
        }
      }
      const withDev = (apis: string[]) => [...new Set([...apis, ...devApis])];
      const recordCall = rpcCallMetrics(node.metrics);
      if (config.http.enabled) {
        const { host, port, api, corsDomains, vhosts } = config.http;
        node.register(new HttpRpcServer(registry, { host, port, apis: withDev(api), corsDomains, vhosts, recordCall, log }));
      }
      if (config.ws.enabled) {
        // Loaded only when asked for: the ws package adds about 40 ms to every start-up.
        const { WsRpcServer } = await import('../rpc/wsServer.js');
        const { host, port, api, origins } = config.ws;
        node.register(new WsRpcServer(registry, { host, port, apis: withDev(api), origins, recordCall, log }));
      }
    }

    registerNodeMetrics(node.metrics, {
      headNumber: () => chain.currentBlock.number,
      poolStatus: () => txPool.status(),
      peerCount: () => 0,
    });
    if (config.metrics.enabled) {
      node.register(new MetricsServer(node.metrics, { host: config.metrics.host, port: config.metrics.port }));
    }
    log.debug('Node built', { datadir: node.datadir, networkid: networkId, genesis: chain.genesis.hash });
    return { node, chain, txPool, miner, networkId };
  } catch (e) {
    await node.close();
    throw e;
  }
}
