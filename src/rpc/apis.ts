// The namespaces this package implements, ready to register: what the node puts behind its HTTP and WebSocket
// servers (each of which then exposes the ones its --http.api / --ws.api lists).
import type { RpcApiConfig } from './apiConfig.js';
import type { RpcBackend } from './backend.js';
import { createEthModule } from './eth.js';
import { createNetModule } from './net.js';
import { RpcRegistry, type RpcModule } from './registry.js';
import { createWeb3Module } from './web3.js';

export function standardModules(backend: RpcBackend, config: Partial<RpcApiConfig> = {}): RpcModule[] {
  return [createEthModule(backend, config), createNetModule(backend), createWeb3Module(backend)];
}

/** A registry holding the standard namespaces; other services register theirs (txpool, debug, admin) on it. */
export function createRegistry(backend: RpcBackend, config: Partial<RpcApiConfig> = {}): RpcRegistry {
  return new RpcRegistry(standardModules(backend, config));
}
