// The RPC API's view of a full node (geth's eth.EthAPIBackend): the chain, the pool taking transactions sent
// over RPC as local ones, and the node's facts. Without a consensus layer, a dev chain's head is also its safe
// and finalized block; other chains have none until one exists.
import type { Blockchain } from '../core/chain/blockchain.js';
import type { Header } from '../core/types/header.js';
import { log as rootLog } from '../common/log.js';
import type { DevMiner } from '../miner/devMiner.js';
import { parsePeerAddress, PeerAddressError, type PeerAddress } from '../p2p/bootnodes.js';
import type { Network } from '../p2p/network.js';
import { BadPeerAddressError, type AccountBackend, type P2PBackend, type RpcBackend, type TxPoolBackend } from '../rpc/backend.js';
import type { ChainSync } from '../sync/chainSync.js';
import type { TxPool } from '../txpool/txPool.js';

export interface NodeRpcBackendOptions {
  chain: Blockchain;
  txPool: TxPool;
  networkId: bigint;
  clientVersion: string;
  /** A dev chain: its head counts as safe and finalized. */
  dev: boolean;
  /** The dev chain's miner: while it automines, transactions sent over RPC are answered once sealed. */
  miner?: Pick<DevMiner, 'automine' | 'idle'>;
  /** The unlocked accounts (dev mode's); none when undefined. */
  accounts?: AccountBackend;
  /** Peers and sync, when the node runs p2p networking. */
  network?: Network;
  sync?: ChainSync;
}

function checkedAddress(address: string): PeerAddress {
  try {
    return parsePeerAddress(address, 'peer address');
  } catch (e) {
    if (e instanceof PeerAddressError) throw new BadPeerAddressError(e.message);
    throw e;
  }
}

function p2pBackend(network: Network): P2PBackend {
  const host = network.host;
  return {
    peerId: host.peerId,
    multiaddrs: () => host.multiaddrs(),
    listenPort: () => host.listenPort(),
    peers: () =>
      network.peers().map((p) => {
        const head = network.peerHead(p.id);
        return {
          id: p.id,
          remoteAddress: p.remoteAddr,
          inbound: p.direction === 'inbound',
          head: head === undefined ? undefined : { hash: head.hash, number: head.number, totalDifficulty: head.totalDifficulty },
        };
      }),
    addPeer: async (address) => {
      checkedAddress(address);
      // As geth's admin_addPeer: the answer does not wait for the connection, which may take a while or fail.
      host.dial(address).catch((e) => rootLog.debug('Adding peer failed', { peer: address, err: e }));
    },
    removePeer: async (address) => {
      await host.hangUp(checkedAddress(address).peerId.toString());
    },
  };
}

export function nodeRpcBackend(options: NodeRpcBackendOptions): RpcBackend {
  const { chain, txPool, dev } = options;
  const pool: TxPoolBackend = {
    addLocal: (tx) => {
      const result = txPool.add([tx], { local: true })[0]!;
      if (!result.ok) throw result.error;
      // The pool's newTxs has asked the automining miner for a block by now.
      return options.miner?.automine === true ? options.miner.idle() : undefined;
    },
    get: (hash) => txPool.get(hash),
    pendingNonce: (address) => txPool.nonce(address),
    onNewTransactions: (listener) => txPool.events.on('newTxs', listener),
  };
  const settledHead = (): Header | undefined => (dev ? chain.currentHeader : undefined);
  return {
    chain,
    txPool: pool,
    accounts: options.accounts,
    networkId: options.networkId,
    clientVersion: options.clientVersion,
    syncProgress: () => options.sync?.progress(),
    onSyncProgress: (listener) => options.sync?.events.on('progress', listener) ?? (() => {}),
    peerCount: () => options.network?.peerCount() ?? 0,
    p2p: options.network === undefined ? undefined : p2pBackend(options.network),
    safeHeader: settledHead,
    finalizedHeader: settledHead,
  };
}
