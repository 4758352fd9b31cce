// devnet.json: what a devnet is made of (genesis, nodes, ports, keys, logs) and which processes run it. The
// launcher writes it when it creates the devnet and whenever a node starts or stops, so `stop` and `status` from
// another terminal (or a test) know what to look at.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodePorts } from './ports.js';

/** A devnet that cannot be created, started, read or stopped; the message says why. */
export class DevnetError extends Error {
  override name = 'DevnetError';
}

export const STATE_FILE = 'devnet.json';
const STATE_VERSION = 1;

/** `signer` nodes seal blocks in turn; `node` ones only follow the chain. */
export type NodeRole = 'signer' | 'node';

export interface DevnetKey {
  /** 0x-prefixed lower-case hex. */
  address: string;
  privateKey: string;
}

export interface DevnetNode {
  index: number;
  role: NodeRole;
  /** Absolute path. */
  datadir: string;
  /** Where the node's stdout and stderr go (absolute path). */
  log: string;
  ports: NodePorts;
  /** "http://127.0.0.1:PORT" */
  httpUrl: string;
  /** "ws://127.0.0.1:PORT" */
  wsUrl: string;
  /** The sealing key of a signer, imported into its datadir's keystore. */
  signer?: DevnetKey;
  /** The process running the node, while one does. */
  pid?: number;
  /** /ip4/127.0.0.1/tcp/PORT/p2p/PEERID, once the node has reported it. */
  multiaddr?: string;
}

export interface DevnetPlan {
  version: number;
  /** Absolute path of the devnet's folder. */
  dir: string;
  chainId: number;
  /** Seconds between blocks. */
  period: number;
  /** Absolute paths of the genesis and of the file holding the keystore password. */
  genesis: string;
  password: string;
  /** The program and leading arguments that run the node (`node cmd/geth.js` by default). */
  command: string[];
  nodes: DevnetNode[];
  /** Funded accounts besides the signers (the well-known development keys). */
  accounts: DevnetKey[];
}

export function statePath(dir: string): string {
  return join(dir, STATE_FILE);
}

/** Writes devnet.json whole (through a temporary file), so a reader never sees half of it. */
export function writeDevnetState(plan: DevnetPlan): void {
  const path = statePath(plan.dir);
  writeFileSync(`${path}.tmp`, JSON.stringify(plan, null, 2) + '\n');
  renameSync(`${path}.tmp`, path);
}

function fail(path: string, what: string): never {
  throw new DevnetError(`${path} is not a devnet state file: ${what}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPort = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= 65_535;

function checkNode(path: string, v: unknown, i: number): DevnetNode {
  const at = `nodes[${i}]`;
  if (!isObject(v)) fail(path, `${at} is not an object`);
  if (v.index !== i) fail(path, `${at}.index is ${JSON.stringify(v.index)}, want ${i}`);
  if (v.role !== 'signer' && v.role !== 'node') fail(path, `${at}.role must be "signer" or "node"`);
  for (const k of ['datadir', 'log', 'httpUrl', 'wsUrl'] as const) {
    if (typeof v[k] !== 'string' || v[k] === '') fail(path, `${at}.${k} is missing`);
  }
  const ports = v.ports;
  if (!isObject(ports) || !isPort(ports.p2p) || !isPort(ports.http) || !isPort(ports.ws)) {
    fail(path, `${at}.ports must hold p2p, http and ws port numbers`);
  }
  if (v.role === 'signer' && (!isObject(v.signer) || typeof v.signer.address !== 'string')) {
    fail(path, `${at} is a signer without a signer key`);
  }
  if (v.pid !== undefined && !(Number.isSafeInteger(v.pid) && (v.pid as number) > 0)) fail(path, `${at}.pid is not a process id`);
  return v as unknown as DevnetNode;
}

/** Reads DIR/devnet.json, checking its shape; a missing or damaged file is a DevnetError naming it. */
export function readDevnetState(dir: string): DevnetPlan {
  const path = statePath(dir);
  if (!existsSync(path)) throw new DevnetError(`no devnet in ${dir}: ${STATE_FILE} not found (create one with \`npm run devnet -- start\`)`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    fail(path, (e as Error).message);
  }
  if (!isObject(value)) fail(path, 'not a JSON object');
  if (value.version !== STATE_VERSION) fail(path, `version ${JSON.stringify(value.version)}, want ${STATE_VERSION}`);
  if (!Array.isArray(value.nodes) || value.nodes.length === 0) fail(path, 'no nodes');
  if (!Array.isArray(value.command) || value.command.length === 0 || !value.command.every((a) => typeof a === 'string')) {
    fail(path, 'command must be a list of strings');
  }
  for (const k of ['dir', 'genesis', 'password'] as const) if (typeof value[k] !== 'string') fail(path, `${k} is missing`);
  if (!Number.isSafeInteger(value.chainId) || !Number.isSafeInteger(value.period)) fail(path, 'chainId and period must be numbers');
  if (!Array.isArray(value.accounts)) fail(path, 'accounts must be a list');
  value.nodes.forEach((n, i) => checkNode(path, n, i));
  return value as unknown as DevnetPlan;
}

/** Rewrites devnet.json with `change` applied to node `index`, reading the file fresh so other updates are kept. */
export function updateDevnetNode(dir: string, index: number, change: (node: DevnetNode) => void): void {
  const plan = readDevnetState(dir);
  const node = plan.nodes[index];
  if (node === undefined) throw new DevnetError(`the devnet in ${dir} has no node ${index}`);
  change(node);
  writeDevnetState(plan);
}
