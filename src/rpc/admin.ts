// The admin namespace (geth's admin API), served only where --http.api / --ws.api lists "admin". Peers are
// libp2p peers: admin_nodeInfo gives the peer id and the multiaddrs other nodes can use as bootnodes (also under
// "enode", the field scripts read for geth), and admin_addPeer / admin_removePeer take such multiaddrs. Without
// p2p networking (dev mode, --maxpeers 0) there is no id and no peer, and adding one fails as geth fails.
import { bytesToHex } from '../common/bytes.js';
import { chainConfigToJson } from '../params/chainConfigJson.js';
import { BadPeerAddressError, type P2PBackend, type RpcBackend } from './backend.js';
import { invalidParams, serverError } from './jsonrpc.js';
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

function decodePeerAddress(v: unknown): string {
  if (typeof v !== 'string') throw new ParamError('expected a peer multiaddr string (/ip4/<ip>/tcp/<port>/p2p/<peer id>)');
  return v;
}

/** The IP of a multiaddr such as /ip4/127.0.0.1/tcp/30303/p2p/<id>; empty when there is none. */
function ipOf(multiaddr: string | undefined): string {
  return /^\/ip[46]\/([^/]+)\//.exec(multiaddr ?? '')?.[1] ?? '';
}

export function createAdminModule(backend: RpcBackend, options: AdminOptions): RpcModule {
  const chain = backend.chain;
  /** geth answers true once the address parses; the connection itself is made (or fails) afterwards. */
  const peerChange = async (change: (p2p: P2PBackend) => Promise<void>): Promise<boolean> => {
    const p2p = backend.p2p;
    if (p2p === undefined) throw serverError(P2P_NOT_RUNNING);
    try {
      await change(p2p);
    } catch (e) {
      if (e instanceof BadPeerAddressError) throw invalidParams(e.message);
      throw serverError((e as Error).message);
    }
    return true;
  };
  return {
    namespace: 'admin',
    methods: {
      admin_nodeInfo: method([], () => {
        const genesis = chain.getCanonicalHash(0n);
        if (genesis === undefined) throw new Error('admin_nodeInfo: the chain has no genesis block');
        const p2p = backend.p2p;
        const multiaddrs = p2p?.multiaddrs() ?? [];
        const port = p2p?.listenPort() ?? 0;
        // Without p2p networking there is no identity to show, and none is invented.
        const identity =
          p2p === undefined ? {} : { id: p2p.peerId, enode: multiaddrs[0] ?? '', multiaddrs, ip: ipOf(multiaddrs[0]) };
        return {
          ...identity,
          name: backend.clientVersion,
          listenAddr: p2p === undefined ? '' : `[::]:${port}`,
          ports: { discovery: 0, listener: port },
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
      admin_peers: method([], () =>
        (backend.p2p?.peers() ?? []).map((p) => ({
          id: p.id,
          name: '',
          enode: p.remoteAddress.includes('/p2p/') ? p.remoteAddress : `${p.remoteAddress}/p2p/${p.id}`,
          caps: ['tsgeth/1'],
          network: { remoteAddress: p.remoteAddress, inbound: p.inbound, trusted: false, static: false },
          protocols: {
            eth:
              p.head === undefined
                ? 'handshake'
                : { version: 1, difficulty: jsonSafe(p.head.totalDifficulty), head: bytesToHex(p.head.hash) },
          },
        })),
      ),
      admin_datadir: method([], () => options.datadir),
      admin_addPeer: method([param('url', decodePeerAddress)], (url) => peerChange((p2p) => p2p.addPeer(url))),
      admin_removePeer: method([param('url', decodePeerAddress)], (url) => peerChange((p2p) => p2p.removePeer(url))),
    },
  };
}
