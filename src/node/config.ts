// Everything a full node is built from, with geth's defaults (node.DefaultConfig, ethconfig.Defaults and the
// --dev overrides). The CLI fills it from flags; tests build it with defaultNodeConfig() and overrides.
import type { NetworkName } from '../core/genesis/networks.js';
import { DEFAULT_TXPOOL_CONFIG, type TxPoolConfig } from '../txpool/config.js';
import { DEFAULT_DATADIR } from './datadir.js';

export interface HttpConfig {
  enabled: boolean;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Namespaces served (eth, net, web3, ...). */
  api: string[];
  /** Origins allowed by CORS; none by default, "*" for any. */
  corsDomains: string[];
  /** Host header values accepted, against DNS rebinding; "*" for any. */
  vhosts: string[];
}

export interface WsConfig {
  enabled: boolean;
  host: string;
  port: number;
  api: string[];
  /** Origins allowed to open a connection; "*" for any. */
  origins: string[];
}

export interface P2PConfig {
  /** IP address the node listens on for peers. */
  listenHost: string;
  /** TCP port the node listens on for peers; 0 picks a free one. */
  port: number;
  bootnodes: string[];
  maxPeers: number;
  noDiscovery: boolean;
}

export interface MetricsConfig {
  enabled: boolean;
  host: string;
  port: number;
}

/** Limits on what one RPC call may cost the node. */
export interface RpcLimits {
  /** Gas cap of eth_call and eth_estimateGas; 0 means none. */
  gasCap: bigint;
  /** Largest fee (in ether) a transaction sent through RPC may pay; 0 means none. */
  txFeeCap: number;
  /** Milliseconds eth_call may run; 0 means no limit. */
  evmTimeout: number;
}

export interface MinerConfig {
  /** The block gas limit the miner moves towards. */
  gasLimit: bigint;
  /** The least tip per gas (wei) a transaction must pay to be included. */
  gasPrice: bigint;
  /** Seal blocks (a clique signer); dev mode seals whatever this says. */
  mine: boolean;
  /** The signer (clique), as 0x hex: one of the unlocked accounts. */
  etherbase: string | undefined;
}

/** Keystore accounts unlocked at start (geth's --unlock and --password). */
export interface AccountsConfig {
  /** Addresses, as lowercase 0x hex. */
  unlock: string[];
  /** A file whose first line is the password (each line for the next account, as geth reads it). */
  passwordFile: string | undefined;
}

export interface DevConfig {
  /** Seconds between blocks; 0 seals a block as soon as transactions are pending. */
  period: number;
}

export interface NodeConfig {
  /** Where the node keeps its data; undefined (dev mode only) uses a temporary folder removed at shutdown. */
  datadir: string | undefined;
  /** A built-in network; undefined runs the chain the datadir holds, or mainnet when it holds none. */
  network: NetworkName | undefined;
  /** Network id for peers and net_version; undefined means the chain id. */
  networkId: bigint | undefined;
  /** Set in dev mode (--dev): a single local block producer. */
  dev: DevConfig | undefined;
  http: HttpConfig;
  ws: WsConfig;
  p2p: P2PConfig;
  metrics: MetricsConfig;
  txpool: TxPoolConfig;
  rpc: RpcLimits;
  miner: MinerConfig;
  accounts: AccountsConfig;
}

const GWEI = 1_000_000_000n;

export const DEFAULT_HTTP_PORT = 8545;
export const DEFAULT_WS_PORT = 8546;
export const DEFAULT_P2P_PORT = 30303;
export const DEFAULT_METRICS_PORT = 6060;
export const DEFAULT_RPC_APIS: readonly string[] = ['eth', 'net', 'web3'];

/** geth's defaults, on mainnet. */
export function defaultNodeConfig(): NodeConfig {
  return {
    datadir: DEFAULT_DATADIR,
    network: undefined,
    networkId: undefined,
    dev: undefined,
    http: {
      enabled: false,
      host: '127.0.0.1',
      port: DEFAULT_HTTP_PORT,
      api: [...DEFAULT_RPC_APIS],
      corsDomains: [],
      vhosts: ['localhost'],
    },
    ws: { enabled: false, host: '127.0.0.1', port: DEFAULT_WS_PORT, api: [...DEFAULT_RPC_APIS], origins: [] },
    p2p: { listenHost: '0.0.0.0', port: DEFAULT_P2P_PORT, bootnodes: [], maxPeers: 50, noDiscovery: false },
    metrics: { enabled: false, host: '127.0.0.1', port: DEFAULT_METRICS_PORT },
    txpool: { ...DEFAULT_TXPOOL_CONFIG },
    rpc: { gasCap: 50_000_000n, txFeeCap: 1, evmTimeout: 5_000 },
    miner: { gasLimit: 30_000_000n, gasPrice: GWEI, mine: false, etherbase: undefined },
    accounts: { unlock: [], passwordFile: undefined },
  };
}

/**
 * geth's --dev overrides: the dev network, blocks on demand (or every `period` seconds), no peers, and a miner
 * that takes any tip of at least 1 wei. `datadir` stays as given (undefined: a temporary one).
 */
export function devNodeConfig(base: NodeConfig, period = 0): NodeConfig {
  return {
    ...base,
    network: 'dev',
    dev: { period },
    p2p: { ...base.p2p, maxPeers: 0, noDiscovery: true },
    miner: { ...base.miner, gasPrice: 1n },
  };
}
