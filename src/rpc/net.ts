// The net namespace: the network id, whether the node listens for peers, how many it has.
import { toQuantity } from '../common/bytes.js';
import type { RpcBackend } from './backend.js';
import { method } from './params.js';
import type { RpcModule } from './registry.js';

export function createNetModule(backend: RpcBackend): RpcModule {
  return {
    namespace: 'net',
    methods: {
      // A decimal string, as geth has always answered.
      net_version: method([], () => backend.networkId.toString()),
      // geth answers true whatever the p2p state.
      net_listening: method([], () => true),
      net_peerCount: method([], () => toQuantity(backend.peerCount())),
    },
  };
}
