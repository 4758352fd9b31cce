// Building a full node from its configuration (geth's makeFullNode): the datadir and database, the chain on its
// genesis, and the services in the order they depend on each other — the pool, the dev miner, the RPC servers,
// the metrics server — so that shutdown, in reverse, stops the producers of work before what they feed.
import { join } from 'node:path';
import { log as rootLog, type Logger } from '../common/log.js';
import { unlockAccounts, readPasswordLines, type UnlockedAccount } from '../accounts/unlock.js';
import { bytesToHex } from '../common/bytes.js';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { CliqueEngine } from '../consensus/clique/clique.js';
import { privateKeySignFn } from '../consensus/clique/seal.js';
import type { Engine } from '../consensus/engine.js';
import { engineFor } from '../consensus/engineFor.js';
import { Blockchain } from '../core/chain/blockchain.js';
import type { Genesis } from '../core/genesis/genesis.js';
import { builtInGenesis } from '../core/genesis/networks.js';
import { readStoredChainConfig } from '../core/rawdb/chainConfig.js';
import { readCanonicalHash } from '../core/rawdb/headers.js';
import { rpcCallMetrics } from '../metrics/rpcMetrics.js';
import { MetricsServer } from '../metrics/server.js';
import { DevMiner } from '../miner/devMiner.js';
import { SealingMiner } from '../miner/sealingMiner.js';
import { Network } from '../p2p/network.js';
import { loadOrCreateNodeKey } from '../p2p/nodeKey.js';
import { ChainSync } from '../sync/chainSync.js';
import { isMergedAtGenesis } from '../params/chainConfig.js';
import { createAdminModule } from '../rpc/admin.js';
import { createRegistry } from '../rpc/apis.js';
import { createDevModules } from '../rpc/devApi.js';
import { EvmWorkerPool } from '../rpc/evmWorkerPool.js';
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
  /** The clique block producer (--mine); undefined otherwise. */
  sealer: SealingMiner | undefined;
  /** Peers and sync; undefined in dev mode and with --maxpeers 0. */
  network: Network | undefined;
  sync: ChainSync | undefined;
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

/** The clique sealer --mine asks for: the chain must be a clique one and the signer an unlocked account. */
function makeSealer(
  chain: Blockchain,
  engine: Engine,
  txPool: TxPool,
  config: NodeConfig,
  unlocked: readonly UnlockedAccount[],
  log: Logger,
): SealingMiner {
  if (!(engine instanceof CliqueEngine)) {
    throw new Error('--mine needs a clique (proof-of-authority) chain: this chain has no engine that seals blocks');
  }
  const etherbase = config.miner.etherbase;
  if (etherbase === undefined) throw new Error('--mine needs a signer: give --miner.etherbase and --unlock it with --password');
  const signer = unlocked.find((a) => bytesToHex(a.address) === etherbase);
  if (signer === undefined) throw new Error(`--mine: the signer ${etherbase} is not unlocked (add it to --unlock, with --password)`);
  engine.authorize(signer.address, privateKeySignFn(signer.privateKey));
  return new SealingMiner({
    chain,
    pool: txPool,
    engine,
    period: Number(engine.period),
    gasLimit: config.miner.gasLimit,
    minTip: config.miner.gasPrice,
    log,
  });
}

/** Opens the node's datadir and builds every service the configuration asks for; nothing is started yet. */
export async function makeFullNode(config: NodeConfig, options: MakeFullNodeOptions): Promise<FullNode> {
  const log = options.log ?? rootLog;
  const node = await Node.open(config.datadir, { log });
  if (node.ephemeral) log.info('Using a temporary datadir', { path: node.datadir });
  try {
    // The engine the chain's config calls for: clique for a PoA chain, the beacon engine otherwise (no
    // proof-of-work engine exists: pre-merge blocks of such a chain are refused, with a reason, not accepted).
    const genesis = chosenGenesis(node, config);
    const chainConfig = genesis?.config ?? readStoredChainConfig(node.store);
    const engine = chainConfig === undefined ? new BeaconEngine() : engineFor(chainConfig);
    const chain = await Blockchain.open(node.store, { engine, genesis, log });
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

    // Keystore accounts unlocked with --unlock/--password: the clique signer's key, and eth_sendTransaction's.
    const unlocked = await unlockAccounts(
      join(node.datadir, 'keystore'),
      config.accounts.unlock,
      config.accounts.passwordFile === undefined ? [] : readPasswordLines(config.accounts.passwordFile),
    );

    let miner: DevMiner | undefined;
    let sealer: SealingMiner | undefined;
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
    } else if (config.miner.mine) {
      sealer = makeSealer(chain, engine, txPool, config, unlocked, log);
      node.register(sealer);
    }

    // Peers, as geth: none in dev mode or with --maxpeers 0.
    let network: Network | undefined;
    let sync: ChainSync | undefined;
    if (config.dev === undefined && config.p2p.maxPeers > 0) {
      network = await Network.create({
        chain,
        pool: txPool,
        networkId,
        privateKey: await loadOrCreateNodeKey(node.ephemeral ? undefined : node.datadir),
        listenHost: config.p2p.listenHost,
        listenPort: config.p2p.port,
        bootnodes: config.p2p.bootnodes,
        maxPeers: config.p2p.maxPeers,
        noDiscovery: config.p2p.noDiscovery,
        registry: node.metrics,
        log: log.child({ module: 'p2p' }),
      });
      node.register(network);
      sync = new ChainSync({ chain, peers: network, log: log.child({ module: 'sync' }) });
      node.register(sync);
      const announce = network;
      sealer?.events.on('sealed', (block) => void announce.announceBlock(block));
    }

    if (config.http.enabled || config.ws.enabled) {
      const dev = config.dev !== undefined;
      // Dev mode unlocks its funded accounts for eth_sendTransaction, and may impersonate any other; other nodes
      // unlock what --unlock lists.
      const accounts = dev
        ? new Impersonation(unlockedKeys(devAccounts()), chain)
        : unlocked.length > 0
          ? unlockedKeys(unlocked)
          : undefined;
      const backend = nodeRpcBackend({
        chain,
        txPool,
        networkId,
        clientVersion: options.clientVersion,
        dev,
        miner,
        accounts,
        network,
        sync,
      });
      // eth_call and its kin finish on these threads when they run long; stopped after the servers that use them.
      const evmWorkers = new EvmWorkerPool(chain.store, chain.config, { log });
      node.register(evmWorkers);
      const registry = createRegistry(backend, {
        gasCap: config.rpc.gasCap,
        evmTimeoutMs: config.rpc.evmTimeout,
        txFeeCap: config.rpc.txFeeCap,
        evmWorkers,
        log,
      });
      registry.register(createTxpoolModule(txPool));
      registry.register(createAdminModule(backend, { datadir: node.datadir }));
      // The Hardhat/Anvil devnet methods (evm_, anvil_, hardhat_) exist only on a dev chain, where they are served
      // whatever --http.api and --ws.api list: the tools that call them never ask for them.
      const devApis: string[] = [];
      if (miner !== undefined && accounts instanceof Impersonation) {
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
      peerCount: () => network?.peerCount() ?? 0,
    });
    if (config.metrics.enabled) {
      node.register(new MetricsServer(node.metrics, { host: config.metrics.host, port: config.metrics.port }));
    }
    log.debug('Node built', { datadir: node.datadir, networkid: networkId, genesis: chain.genesis.hash });
    return { node, chain, txPool, miner, sealer, network, sync, networkId };
  } catch (e) {
    await node.close();
    throw e;
  }
}
