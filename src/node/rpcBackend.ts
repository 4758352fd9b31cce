// The RPC API's view of a full node (geth's eth.EthAPIBackend): the chain, the pool taking transactions sent
// over RPC as local ones, and the node's facts. Without a consensus layer, a dev chain's head is also its safe
// and finalized block; other chains have none until one exists.
import type { Blockchain } from '../core/chain/blockchain.js';
import type { Header } from '../core/types/header.js';
import type { AccountBackend, RpcBackend, TxPoolBackend } from '../rpc/backend.js';
import type { TxPool } from '../txpool/txPool.js';

export interface NodeRpcBackendOptions {
  chain: Blockchain;
  txPool: TxPool;
  networkId: bigint;
  clientVersion: string;
  /** A dev chain: its head counts as safe and finalized. */
  dev: boolean;
  /** The unlocked accounts (dev mode's); none when undefined. */
  accounts?: AccountBackend;
}

export function nodeRpcBackend(options: NodeRpcBackendOptions): RpcBackend {
  const { chain, txPool, dev } = options;
  const pool: TxPoolBackend = {
    addLocal: (tx) => {
      const result = txPool.add([tx], { local: true })[0]!;
      if (!result.ok) throw result.error;
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
    // No sync and no peers exist yet: the node is never syncing and alone.
    syncProgress: () => undefined,
    peerCount: () => 0,
    safeHeader: settledHead,
    finalizedHeader: settledHead,
  };
}
