// The admin namespace (geth's admin API), served only where --http.api / --ws.api lists "admin". This node has
// no peer-to-peer server yet, so it reports only what it truly has: no node id, enode or ENR, an empty listen
// address and zero ports, no peers; adding or removing a peer fails as geth fails without a running p2p server.
import { bytesToHex } from '../common/bytes.js';
import { chainConfigToJson } from '../params/chainConfigJson.js';
import type { RpcBackend } from './backend.js';
import { serverError } from './jsonrpc.js';
import { method, param, ParamError } from './params.js';
import type { RpcModule } from './registry.js';

export interface AdminOptions {
  /** Absolute path of the node's datadir (admin_datadir). */
  datadir: string;
}

/** geth's node.ErrNodeStopped, reworded: here it is the p2p server, not the node, that does not run. */
export const P2P_NOT_RUNNING = 'p2p server is not running';

/**
 * A value of geth's chain config JSON, where numbers are JSON numbers: bigints become numbers when a double
 * holds them exactly, decimal strings otherwise (JSON.stringify cannot write a larger number exactly).
 */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

function decodeEnodeUrl(v: unknown): string {
  if (typeof v !== 'string') throw new ParamError('expected an enode URL string');
  return v;
}

export function createAdminModule(backend: RpcBackend, options: AdminOptions): RpcModule {
  const chain = backend.chain;
  const noP2p = (): never => {
    throw serverError(P2P_NOT_RUNNING);
  };
  return {
    namespace: 'admin',
    methods: {
      admin_nodeInfo: method([], () => {
        const genesis = chain.getCanonicalHash(0n);
        if (genesis === undefined) throw new Error('admin_nodeInfo: the chain has no genesis block');
        return {
          name: backend.clientVersion,
          listenAddr: '',
          ports: { discovery: 0, listener: 0 },
          protocols: {
            eth: {
              network: jsonSafe(backend.networkId),
              genesis: bytesToHex(genesis),
              config: jsonSafe(chainConfigToJson(chain.config)),
              head: bytesToHex(chain.currentHeader.hash),
            },
          },
        };
      }),
      admin_peers: method([], () => []),
      admin_datadir: method([], () => options.datadir),
      admin_addPeer: method([param('url', decodeEnodeUrl)], noP2p),
      admin_removePeer: method([param('url', decodeEnodeUrl)], noP2p),
    },
  };
}
