// Settings of the eth API (geth's --rpc.gascap, --rpc.evmtimeout, --rpc.txfeecap, --rpc.allow-unprotected-txs,
// --gpo.*) and what the eth_* method files share.
import type { Logger } from '../common/log.js';
import type { RpcBackend } from './backend.js';
import type { EvmWorkerPool } from './evmWorkerPool.js';
import type { FilterSystemOptions } from './filterSystem.js';
import type { GasPriceOracle, GasPriceOracleConfig } from './gasPriceOracle.js';

export interface RpcApiConfig {
  /** Most gas an eth_call or eth_estimateGas may use; 0 for no cap. */
  gasCap: bigint;
  /** Milliseconds an eth_call may run; 0 for no limit. */
  evmTimeoutMs: number;
  /** Largest fee (ether) eth_sendRawTransaction accepts: gas limit * fee cap; 0 for no cap. */
  txFeeCap: number;
  /** Accept legacy transactions without EIP-155 replay protection. */
  allowUnprotectedTxs: boolean;
  gpo: Partial<GasPriceOracleConfig>;
  /** Most blocks one eth_getLogs / eth_getFilterLogs range may span; 0 for no limit. */
  logRangeLimit: number;
  /** Polling filters' timeout (and, for tests, their clock). */
  filters: Partial<Omit<FilterSystemOptions, 'log'>>;
  log?: Logger;
  /** Where simulations too long for the main thread finish (the node's, stopped with it); else one of the API's own. */
  evmWorkers?: EvmWorkerPool;
}

export const DEFAULT_RPC_API_CONFIG: Readonly<RpcApiConfig> = Object.freeze({
  gasCap: 50_000_000n,
  evmTimeoutMs: 5_000,
  txFeeCap: 1,
  allowUnprotectedTxs: false,
  gpo: {},
  logRangeLimit: 10_000,
  filters: {},
});

/** What every eth_* method file is built from. */
export interface EthApiContext {
  backend: RpcBackend;
  config: RpcApiConfig;
  gasPriceOracle: GasPriceOracle;
  log: Logger;
}
