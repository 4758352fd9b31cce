// The debug namespace (geth's DebugAPI subset): raw encodings, tracing, and rewinding the head. Like geth it is
// only reachable on transports whose API list names "debug".
import { DEFAULT_RPC_API_CONFIG, type RpcApiConfig } from './apiConfig.js';
import type { RpcBackend } from './backend.js';
import { debugRawMethods } from './debugRaw.js';
import { debugTraceMethods } from './debugTrace.js';
import { decodeUint64, method, param } from './params.js';
import type { RpcModule } from './registry.js';

export function createDebugModule(backend: RpcBackend, config: Partial<RpcApiConfig> = {}): RpcModule {
  const full: RpcApiConfig = { ...DEFAULT_RPC_API_CONFIG, ...config };
  return {
    namespace: 'debug',
    methods: {
      ...debugRawMethods(backend),
      ...debugTraceMethods(backend, full),
      debug_setHead: method([param('number', decodeUint64)], async (n) => {
        await backend.chain.setHead(n);
        return null;
      }),
    },
  };
}
