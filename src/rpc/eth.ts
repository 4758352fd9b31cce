// The eth namespace, assembled from its topic files over one backend and one configuration.
import { log as rootLog } from '../common/log.js';
import { DEFAULT_RPC_API_CONFIG, type EthApiContext, type RpcApiConfig } from './apiConfig.js';
import type { RpcBackend } from './backend.js';
import { ethBlockMethods } from './ethBlocks.js';
import { ethCallMethods } from './ethCall.js';
import { ethChainMethods } from './ethChain.js';
import { ethFeeMethods } from './ethFees.js';
import { ethFilterMethods } from './ethFilters.js';
import { ethStateMethods } from './ethState.js';
import { ethTransactionMethods } from './ethTransactions.js';
import { GasPriceOracle } from './gasPriceOracle.js';
import type { RpcModule } from './registry.js';

export function createEthModule(backend: RpcBackend, config: Partial<RpcApiConfig> = {}): RpcModule {
  const full: RpcApiConfig = { ...DEFAULT_RPC_API_CONFIG, ...config };
  const context: EthApiContext = {
    backend,
    config: full,
    gasPriceOracle: new GasPriceOracle(backend.chain, full.gpo),
    log: full.log ?? rootLog,
  };
  return {
    namespace: 'eth',
    methods: {
      ...ethChainMethods(context),
      ...ethStateMethods(context),
      ...ethBlockMethods(context),
      ...ethTransactionMethods(context),
      ...ethCallMethods(context),
      ...ethFeeMethods(context),
      ...ethFilterMethods(context),
    },
  };
}
