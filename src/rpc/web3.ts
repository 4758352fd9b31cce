// The web3 namespace: the client's version and keccak256 of data.
import { bytesToHex } from '../common/bytes.js';
import { keccak256 } from '../crypto/keccak.js';
import type { RpcBackend } from './backend.js';
import { decodeData, method, param } from './params.js';
import type { RpcModule } from './registry.js';

export function createWeb3Module(backend: RpcBackend): RpcModule {
  return {
    namespace: 'web3',
    methods: {
      web3_clientVersion: method([], () => backend.clientVersion),
      web3_sha3: method([param('data', decodeData)], (data) => bytesToHex(keccak256(data))),
    },
  };
}
