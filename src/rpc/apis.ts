// The namespaces this package implements, ready to register: what the node puts behind its HTTP and WebSocket
// servers (each of which then exposes the ones its --http.api / --ws.api lists).
import type { RpcApiConfig } from './apiConfig.js';
import type { RpcBackend } from './backend.js';
import { createDebugModule } from './debug.js';
import { createEthModule } from './eth.js';
import { createEthAccountsModule } from './ethAccounts.js';
import { createNetModule } from './net.js';
import { RpcRegistry, type RpcModule } from './registry.js';
import { createWeb3Module } from './web3.js';

export function standardModules(backend: RpcBackend, config: Partial<RpcApiConfig> = {}): RpcModule[] {
  return [
    createEthModule(backend, config),
    createEthAccountsModule(backend, config),
    createNetModule(backend),
    createWeb3Module(backend),
    createDebugModule(backend, config),
  ];
}

/** A registry holding the standard namespaces; other services register theirs (txpool, admin) on it. */
export function createRegistry(backend: RpcBackend, config: Partial<RpcApiConfig> = {}): RpcRegistry {
  return new RpcRegistry(standardModules(backend, config));
}
