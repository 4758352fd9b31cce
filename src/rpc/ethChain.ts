// eth_chainId, eth_blockNumber, eth_syncing.
import { toQuantity } from '../common/bytes.js';
import type { EthApiContext } from './apiConfig.js';
import type { SyncProgress } from './backend.js';
import { method, type RpcHandler } from './params.js';

export function ethChainMethods({ backend }: EthApiContext): Record<string, RpcHandler> {
  return {
    eth_chainId: method([], () => toQuantity(backend.chain.config.chainId)),

    eth_blockNumber: method([], () => toQuantity(backend.chain.currentHeader.number)),

    eth_syncing: method([], () => formatSyncProgress(backend.syncProgress())),
  };
}

/** eth_syncing's answer: false, or where the sync stands. */
export function formatSyncProgress(progress: SyncProgress | undefined): false | Record<string, string> {
  if (progress === undefined) return false;
  return {
    startingBlock: toQuantity(progress.startingBlock),
    currentBlock: toQuantity(progress.currentBlock),
    highestBlock: toQuantity(progress.highestBlock),
  };
}
