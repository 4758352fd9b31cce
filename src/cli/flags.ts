// The flags of the node, with geth's names and defaults, and their translation into a NodeConfig. Every value is
// checked as it is parsed: a bad one stops the command before anything starts, with a message naming the flag,
// and (like an unknown flag) exit code 2 rather than the 1 of a runtime failure.
import type { Options } from 'yargs';
import { BUILT_IN_NETWORKS, type NetworkName } from '../core/genesis/networks.js';
import {
  DEFAULT_HTTP_PORT,
  DEFAULT_METRICS_PORT,
  DEFAULT_P2P_PORT,
  DEFAULT_RPC_APIS,
  DEFAULT_WS_PORT,
  defaultNodeConfig,
  devNodeConfig,
  type NodeConfig,
} from '../node/config.js';
import { DEFAULT_DATADIR } from '../node/datadir.js';
import { parsePeerAddress, PeerAddressError } from '../p2p/bootnodes.js';

/** A flag given a value it cannot take, or a flag that does not exist: exit code 2. */
export class FlagError extends Error {
  override name = 'FlagError';
}

export const USAGE_EXIT_CODE = 2;

/** yargs hands a flag given twice as an array: the last one counts, as in geth. */
function last(v: unknown): unknown {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

function invalid(flag: string, value: unknown, want: string): FlagError {
  return new FlagError(`invalid value ${JSON.stringify(String(value))} for flag --${flag}: ${want}`);
}

function parseBigintText(flag: string, value: unknown, min: bigint, max: bigint): bigint {
  const v = last(value);
  const text = typeof v === 'number' || typeof v === 'bigint' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(text)) throw invalid(flag, v, 'want a whole number (decimal or 0x hex)');
  const n = BigInt(text);
  if (n < min || n > max) throw invalid(flag, v, `want ${min} to ${max}`);
  return n;
}

const MAX_UINT64 = (1n << 64n) - 1n;

/** Go's time.ParseDuration units, in milliseconds. */
const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go duration ("5s", "1h30m", "250ms", "0") into milliseconds, rounded. */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (s === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let ms = 0;
  let pos = 0;
  while (pos < s.length) {
    part.lastIndex = pos;
    const m = part.exec(s);
    if (m === null) throw new Error(`invalid duration ${JSON.stringify(text)}: want e.g. 5s, 1h30m or 250ms`);
    ms += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    pos = part.lastIndex;
  }
  if (pos === 0) throw new Error(`invalid duration ${JSON.stringify(text)}: want e.g. 5s, 1h30m or 250ms`);
  return Math.round(ms);
}

// --- option builders ---

function uintOption(flag: string, describe: string, def: number | undefined, max = Number.MAX_SAFE_INTEGER): Options {
  return {
    type: 'string',
    describe,
    default: def,
    requiresArg: true,
    coerce: (v: unknown) => (v === undefined ? undefined : Number(parseBigintText(flag, v, 0n, BigInt(max)))),
  };
}

function bigintOption(flag: string, describe: string, def: bigint | undefined, min = 0n): Options {
  return {
    type: 'string',
    describe,
    // yargs shows the default in --help; a bigint would show as "[default: 1n]".
    default: def === undefined ? undefined : def.toString(),
    requiresArg: true,
    coerce: (v: unknown) => (v === undefined ? undefined : parseBigintText(flag, v, min, MAX_UINT64)),
  };
}

function durationOption(flag: string, describe: string, def: string): Options {
  return {
    type: 'string',
    describe,
    default: def,
    requiresArg: true,
    coerce: (v: unknown) => {
      try {
        return parseDuration(String(last(v)));
      } catch (e) {
        throw invalid(flag, last(v), (e as Error).message.replace(/^invalid duration "[^"]*": /, ''));
      }
    },
  };
}

/** A comma-separated list; `pattern` checks each item. */
function listOption(flag: string, describe: string, def: readonly string[], pattern?: RegExp): Options {
  return {
    type: 'string',
    describe,
    default: def.join(','),
    coerce: (v: unknown) => {
      const items = String(last(v) ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const bad = pattern === undefined ? undefined : items.find((s) => !pattern.test(s));
      if (bad !== undefined) throw invalid(flag, bad, `not a valid item of the list`);
      return items;
    },
  };
}

/** A comma-separated list of peer multiaddrs, each checked as the p2p host will read it. */
function peerListOption(flag: string, describe: string): Options {
  const list = listOption(flag, describe, []);
  return {
    ...list,
    coerce: (v: unknown) => {
      const items = list.coerce!(v) as string[];
      for (const item of items) {
        try {
          parsePeerAddress(item);
        } catch (e) {
          if (e instanceof PeerAddressError) throw invalid(flag, item, e.reason);
          throw e;
        }
      }
      return items;
    },
  };
}

function hostOption(flag: string, describe: string, def = '127.0.0.1'): Options {
  return {
    type: 'string',
    describe,
    default: def,
    requiresArg: true,
    coerce: (v: unknown) => {
      const host = String(last(v)).trim();
      if (host === '' || /[\s/]/.test(host)) throw invalid(flag, v, 'want a host name or IP address');
      return host;
    },
  };
}

function portOption(flag: string, describe: string, def: number): Options {
  return uintOption(flag, describe, def, 65535);
}

const API_NAME = /^[a-z][a-z0-9]*$/;
/** An account address: 40 hex digits, 0x optional (as geth's --unlock and --miner.etherbase take them). */
const ADDRESS = /^(0x)?[0-9a-fA-F]{40}$/;

function addressOption(flag: string, describe: string): Options {
  return {
    type: 'string',
    describe,
    requiresArg: true,
    coerce: (v: unknown) => {
      const text = String(last(v)).trim();
      if (!ADDRESS.test(text)) throw invalid(flag, v, 'want an account address (40 hex digits)');
      return normalAddress(text);
    },
  };
}

/** An address as the config holds it: lowercase, 0x-prefixed. */
function normalAddress(text: string): string {
  return text.toLowerCase().replace(/^(0x)?/, '0x');
}
/** A CORS origin, a virtual host or "*". */
const ORIGIN = /^[^\s,]+$/;

// --- the flags ---

export const verbosityFlags = {
  verbosity: {
    type: 'string',
    default: 3,
    describe: 'Logging verbosity: 0=silent, 1=error, 2=warn, 3=info, 4=debug, 5=trace',
    requiresArg: true,
    coerce: (v: unknown) => Number(parseBigintText('verbosity', v, 0n, 5n)),
  },
  'log.format': { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'Log format' },
} as const satisfies Record<string, Options>;

/** The network selection flags, mutually exclusive. */
export function networkFlags(): Record<NetworkName, Options> {
  const describe: Record<NetworkName, string> = {
    mainnet: 'Ethereum mainnet',
    sepolia: 'Sepolia network: pre-configured proof-of-stake test network',
    dev: 'Ephemeral proof-of-stake network with the dev accounts funded and blocks sealed on demand',
  };
  const out = {} as Record<NetworkName, Options>;
  for (const name of BUILT_IN_NETWORKS) {
    out[name] = { type: 'boolean', describe: describe[name], conflicts: BUILT_IN_NETWORKS.filter((n) => n !== name) };
  }
  return out;
}

export const NODE_FLAGS: Record<string, Options> = {
  datadir: {
    type: 'string',
    describe: `Data directory for the databases and keystore (default ${DEFAULT_DATADIR}; with --dev, a temporary one)`,
    requiresArg: true,
  },
  networkid: bigintOption('networkid', 'Explicitly set network id (default: the chain id)', undefined, 1n),
  ...networkFlags(),
  'dev.period': uintOption('dev.period', 'Block period to use in developer mode (0 = seal when transactions are pending)', 0),
  http: { type: 'boolean', describe: 'Enable the HTTP-RPC server' },
  'http.addr': hostOption('http.addr', 'HTTP-RPC server listening interface'),
  'http.port': portOption('http.port', 'HTTP-RPC server listening port (0 picks a free one)', DEFAULT_HTTP_PORT),
  'http.api': listOption('http.api', "API's offered over the HTTP-RPC interface", DEFAULT_RPC_APIS, API_NAME),
  'http.corsdomain': listOption(
    'http.corsdomain',
    'Comma separated list of domains from which to accept cross origin requests (browser enforced)',
    [],
    ORIGIN,
  ),
  'http.vhosts': listOption(
    'http.vhosts',
    'Comma separated list of virtual hostnames from which to accept requests (server enforced). Accepts "*" wildcard.',
    ['localhost'],
    ORIGIN,
  ),
  ws: { type: 'boolean', describe: 'Enable the WS-RPC server' },
  'ws.addr': hostOption('ws.addr', 'WS-RPC server listening interface'),
  'ws.port': portOption('ws.port', 'WS-RPC server listening port (0 picks a free one)', DEFAULT_WS_PORT),
  'ws.api': listOption('ws.api', "API's offered over the WS-RPC interface", DEFAULT_RPC_APIS, API_NAME),
  'ws.origins': listOption('ws.origins', 'Origins from which to accept WebSocket requests', [], ORIGIN),
  addr: hostOption('addr', 'Network listening address for peers (an IP address)', '0.0.0.0'),
  port: portOption('port', 'Network listening port (0 picks a free one)', DEFAULT_P2P_PORT),
  bootnodes: peerListOption('bootnodes', 'Comma separated libp2p multiaddrs (/ip4/<ip>/tcp/<port>/p2p/<peer id>) for P2P bootstrap'),
  maxpeers: uintOption('maxpeers', 'Maximum number of network peers (network disabled if set to 0)', 50, 100_000),
  nodiscover: { type: 'boolean', describe: 'Disables the peer discovery mechanism (manual peer addition)' },
  metrics: { type: 'boolean', describe: 'Enable metrics collection and reporting' },
  'metrics.addr': hostOption('metrics.addr', 'Enable stand-alone metrics HTTP server listening interface'),
  'metrics.port': portOption('metrics.port', 'Metrics HTTP server listening port', DEFAULT_METRICS_PORT),
  'txpool.pricelimit': bigintOption('txpool.pricelimit', 'Minimum gas tip to enforce for acceptance into the pool (wei)', 1n, 1n),
  'txpool.pricebump': uintOption('txpool.pricebump', 'Price bump percentage to replace an already existing transaction', 10, 1_000_000),
  'txpool.accountslots': uintOption('txpool.accountslots', 'Minimum number of executable transaction slots guaranteed per account', 16),
  'txpool.globalslots': uintOption('txpool.globalslots', 'Maximum number of executable transaction slots for all accounts', 5120),
  'txpool.accountqueue': uintOption('txpool.accountqueue', 'Maximum number of non-executable transaction slots permitted per account', 64),
  'txpool.globalqueue': uintOption('txpool.globalqueue', 'Maximum number of non-executable transaction slots for all accounts', 1024),
  'txpool.lifetime': durationOption('txpool.lifetime', 'Maximum amount of time non-executable transactions are queued', '3h'),
  'rpc.gascap': bigintOption('rpc.gascap', 'Sets a cap on gas that can be used in eth_call/estimateGas (0=infinite)', 50_000_000n),
  'rpc.txfeecap': {
    type: 'string',
    describe: 'Sets a cap on transaction fee (in ether) that can be sent via the RPC APIs (0 = no cap)',
    default: '1',
    requiresArg: true,
    coerce: (v: unknown) => {
      const text = String(last(v)).trim();
      const n = Number(text);
      if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(n)) throw invalid('rpc.txfeecap', v, 'want an amount of ether, e.g. 1 or 0.5');
      return n;
    },
  },
  'rpc.evmtimeout': durationOption('rpc.evmtimeout', 'Sets a timeout used for eth_call (0=infinite)', '5s'),
  'miner.gaslimit': bigintOption('miner.gaslimit', 'Target gas ceiling for mined blocks', 30_000_000n, 5000n),
  'miner.gasprice': bigintOption('miner.gasprice', 'Minimum gas price for mining a transaction (wei; default 1 gwei, 1 wei with --dev)', undefined),
  mine: { type: 'boolean', describe: 'Enable sealing (a clique signer: with --miner.etherbase, --unlock and --password)' },
  'miner.etherbase': addressOption('miner.etherbase', 'The signer of sealed blocks (clique), an unlocked account (default: the first --unlock)'),
  unlock: listOption('unlock', 'Comma separated list of accounts to unlock (keys in <datadir>/keystore)', [], ADDRESS),
  password: { type: 'string', describe: 'Password file to use for non-interactive password input', requiresArg: true },
};

/** The parsed values of NODE_FLAGS. */
export interface NodeFlagValues {
  datadir?: string;
  networkid?: bigint;
  mainnet?: boolean;
  sepolia?: boolean;
  dev?: boolean;
  'dev.period': number;
  http?: boolean;
  'http.addr': string;
  'http.port': number;
  'http.api': string[];
  'http.corsdomain': string[];
  'http.vhosts': string[];
  ws?: boolean;
  'ws.addr': string;
  'ws.port': number;
  'ws.api': string[];
  'ws.origins': string[];
  addr: string;
  port: number;
  bootnodes: string[];
  maxpeers: number;
  nodiscover?: boolean;
  metrics?: boolean;
  'metrics.addr': string;
  'metrics.port': number;
  'txpool.pricelimit': bigint;
  'txpool.pricebump': number;
  'txpool.accountslots': number;
  'txpool.globalslots': number;
  'txpool.accountqueue': number;
  'txpool.globalqueue': number;
  'txpool.lifetime': number;
  'rpc.gascap': bigint;
  'rpc.txfeecap': number;
  'rpc.evmtimeout': number;
  'miner.gaslimit': bigint;
  'miner.gasprice'?: bigint;
  mine?: boolean;
  'miner.etherbase'?: string;
  unlock: string[];
  password?: string;
}

/** The node configuration the flags describe: geth's defaults, the --dev overrides, then what was given. */
export function nodeConfigFromFlags(f: NodeFlagValues): NodeConfig {
  const dev = f.dev === true;
  const base = dev ? devNodeConfig(defaultNodeConfig(), f['dev.period']) : defaultNodeConfig();
  const network = BUILT_IN_NETWORKS.find((n) => f[n] === true);
  const unlock = f.unlock.map(normalAddress);
  return {
    ...base,
    datadir: f.datadir ?? (dev ? undefined : DEFAULT_DATADIR),
    network,
    networkId: f.networkid,
    http: {
      enabled: f.http === true,
      host: f['http.addr'],
      port: f['http.port'],
      api: f['http.api'],
      corsDomains: f['http.corsdomain'],
      vhosts: f['http.vhosts'],
    },
    ws: { enabled: f.ws === true, host: f['ws.addr'], port: f['ws.port'], api: f['ws.api'], origins: f['ws.origins'] },
    p2p: {
      listenHost: f.addr,
      port: f.port,
      bootnodes: f.bootnodes,
      maxPeers: dev ? 0 : f.maxpeers,
      noDiscovery: dev || f.nodiscover === true,
    },
    metrics: { enabled: f.metrics === true, host: f['metrics.addr'], port: f['metrics.port'] },
    txpool: {
      ...base.txpool,
      priceLimit: f['txpool.pricelimit'],
      priceBump: f['txpool.pricebump'],
      accountSlots: f['txpool.accountslots'],
      globalSlots: f['txpool.globalslots'],
      accountQueue: f['txpool.accountqueue'],
      globalQueue: f['txpool.globalqueue'],
      lifetime: f['txpool.lifetime'],
    },
    rpc: { gasCap: f['rpc.gascap'], txFeeCap: f['rpc.txfeecap'], evmTimeout: f['rpc.evmtimeout'] },
    miner: {
      gasLimit: f['miner.gaslimit'],
      gasPrice: f['miner.gasprice'] ?? base.miner.gasPrice,
      mine: f.mine === true,
      etherbase: f['miner.etherbase'] ?? unlock[0],
    },
    accounts: { unlock, passwordFile: f.password },
  };
}

/**
 * The one-line message of a yargs failure that is a usage error (exit code 2): an unknown flag or argument, a
 * bad value, a flag without its value. Undefined for any other failure, which stays a runtime error.
 */
export function usageErrorMessage(
  message: string | undefined,
  error: Error | undefined,
  argv: readonly string[],
): string | undefined {
  if (error instanceof FlagError) return error.message;
  // yargs turns what a coerce function throws, and some of its own checks, into a YError; a command's own failure
  // arrives as itself and is no usage error.
  if (error !== undefined && error.name !== 'YError') return undefined;
  const text = error?.message ?? message;
  if (text === undefined) return undefined;
  const unknown = /^Unknown arguments?: (.*)$/s.exec(text);
  if (unknown !== null) {
    const names = unknown[1]!.split(',').map((s) => s.trim());
    // yargs also lists the camelCase twin of a dashed name, and reads --no-x as x negated: show what was typed.
    const typed = (n: string) =>
      argv.find((a) => [`-${n}`, `--${n}`, `--no-${n}`].some((f) => a === f || a.startsWith(`${f}=`)))?.split('=')[0];
    const flags = names.map(typed).filter((f) => f !== undefined);
    if (flags.length > 0) return `flag provided but not defined: ${[...new Set(flags)].join(', ')}`;
    return `unknown command or argument: ${names.join(', ')}`;
  }
  const missing = /^Not enough arguments following: (.*)$/.exec(text);
  if (missing !== null) return `flag needs an argument: --${missing[1]}`;
  if (text.startsWith('Invalid values:')) return text.replace(/\s*\n\s*/g, ' ');
  if (error !== undefined) return text;
  return undefined;
}
