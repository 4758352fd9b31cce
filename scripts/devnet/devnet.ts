// A local proof-of-authority devnet: a clique genesis for N signers plus M nodes that only follow, each node its
// own `geth` process on 127.0.0.1 with its own datadir, ports and log, joined through the first node as bootnode.
// createDevnet lays it out on disk (genesis, `init`, signer keys imported), startDevnet runs it, stopDevnet stops
// it from anywhere through the pids kept in devnet.json. startNode and stopNode run one node, for tests that stop,
// crash and restart nodes.
import { stringifyJsonLossless } from '../../src/common/losslessJson.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToHex, hexToBytes, utf8ToBytes } from '../../src/common/bytes.js';
import { keccak256 } from '../../src/crypto/keccak.js';
import { isValidPrivateKey, privateKeyToAddress } from '../../src/crypto/secp256k1.js';
import { devAccounts } from '../../src/node/devAccounts.js';
import { devnetGenesis } from './genesis.js';
import { devnetPorts } from './ports.js';
import { isNodeProcess, signalProcess, waitUntil } from './processes.js';
import { blockNumber, nodeMultiaddr, peerCount, rpcCall } from './rpc.js';
import {
  DevnetError,
  readDevnetState,
  statePath,
  updateDevnetNode,
  writeDevnetState,
  type DevnetKey,
  type DevnetNode,
  type DevnetPlan,
  type NodeRole,
} from './state.js';

export { DevnetError, readDevnetState, type DevnetKey, type DevnetNode, type DevnetPlan, type NodeRole } from './state.js';

/** The package root: nodes run from here, so `node --import tsx` finds tsx. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The node as a user runs it: the built CLI. */
export const DEFAULT_COMMAND: readonly string[] = [process.execPath, join(ROOT, 'cmd', 'geth.js')];
/** The node run from the TypeScript sources (as the end-to-end tests run it): no build needed, slower to start. */
export const SOURCE_COMMAND: readonly string[] = [process.execPath, '--import', 'tsx', join(ROOT, 'test', 'e2e', 'gethFromSource.ts')];
/** The keystore password of every signer. The keys are public anyway: this guards nothing but a local chain. */
export const DEVNET_PASSWORD = 'devnet';
export const RPC_APIS = 'eth,net,web3,txpool,admin';

const DEFAULTS = { signers: 3, nodes: 1, period: 2, chainId: 1337 };
const MAX_NODES = 64;
/** Setup commands run at once (each is a process that starts a JS runtime; the machines this runs on are small). */
const SETUP_CONCURRENCY = 2;

export interface CreateDevnetOptions {
  /** The devnet's folder; created, or recreated when it holds a devnet that is not running. */
  dir: string;
  /** Sealing nodes (default 3). */
  signers?: number;
  /** Nodes that only follow the chain (default 1). */
  nodes?: number;
  /** Seconds between blocks (default 2). */
  period?: number;
  chainId?: number;
  /** First of the consecutive ports to use (3 per node: p2p, http, ws); free ones are chosen when absent. */
  basePort?: number;
  /** Program and leading arguments that run the node; default `node cmd/geth.js` (the build in dist/). */
  command?: readonly string[];
  onLog?: (line: string) => void;
}

function checkCount(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new DevnetError(`invalid ${name} ${value}: want a whole number from ${min} to ${max}`);
  }
}

/**
 * The sealing key of signer `i`: fixed (keccak256 of a label), so a recreated devnet has the same signers and
 * scripts may name them. Like the development keys, they guard nothing but this local chain.
 */
export function signerKey(i: number): DevnetKey {
  const privateKey = keccak256(utf8ToBytes(`tsgeth devnet signer ${i}`));
  if (!isValidPrivateKey(privateKey)) throw new DevnetError(`signer key ${i} is not a valid secp256k1 key`);
  return { address: bytesToHex(privateKeyToAddress(privateKey)), privateKey: bytesToHex(privateKey) };
}

/** The nodes of `plan` whose recorded process is still running that node. */
export function runningNodes(plan: DevnetPlan): DevnetNode[] {
  return plan.nodes.filter((n) => n.pid !== undefined && isNodeProcess(n.pid, n.datadir));
}

/**
 * Empties `dir` for a new devnet. A folder holding a running devnet is refused, and so is any non-empty folder
 * that is not a devnet (or whose devnet.json cannot be read): nothing that may be someone's data is deleted.
 */
function prepareDir(dir: string): void {
  if (existsSync(dir)) {
    if (existsSync(statePath(dir))) {
      let plan: DevnetPlan;
      try {
        plan = readDevnetState(dir);
      } catch (e) {
        throw new DevnetError(`${(e as Error).message}; not deleting ${dir}: remove it yourself or pick another --dir`);
      }
      const running = runningNodes(plan);
      if (running.length > 0) {
        throw new DevnetError(
          `a devnet is running in ${dir} (pids ${running.map((n) => n.pid).join(', ')}): stop it first with \`npm run devnet -- stop --dir ${dir}\``,
        );
      }
      rmSync(dir, { recursive: true, force: true });
    } else if (readdirSync(dir).length > 0) {
      throw new DevnetError(`${dir} is not empty and holds no devnet: not deleting it; pick another --dir`);
    }
  }
  mkdirSync(dir, { recursive: true });
}

interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCommand(command: readonly string[], args: readonly string[]): Promise<CommandRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => reject(new DevnetError(`cannot run ${command.join(' ')}: ${e.message}`)));
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

async function runSetupStep(what: string, command: readonly string[], args: readonly string[]): Promise<void> {
  const run = await runCommand(command, args);
  if (run.code !== 0) {
    throw new DevnetError(`${what} failed (exit code ${run.code}): ${(run.stderr.trim() || run.stdout.trim()).split('\n').slice(-5).join('\n')}`);
  }
}

/** Runs the tasks, at most `limit` at a time; the first failure is thrown once all have settled. */
async function inPool(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      await task().catch((e: unknown) => errors.push(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

/**
 * Lays out a devnet in `dir`: genesis.json, password.txt, one datadir per node (node-0 … node-K, signers first)
 * initialised with `init` and, for signers, the sealing key imported with `account import`; then devnet.json.
 */
export async function createDevnet(options: CreateDevnetOptions): Promise<DevnetPlan> {
  const signers = options.signers ?? DEFAULTS.signers;
  const followers = options.nodes ?? DEFAULTS.nodes;
  const period = options.period ?? DEFAULTS.period;
  const chainId = options.chainId ?? DEFAULTS.chainId;
  checkCount('signers', signers, 1, MAX_NODES);
  checkCount('nodes', followers, 0, MAX_NODES - signers);
  checkCount('period', period, 0, 3_600);
  checkCount('chainId', chainId, 1, Number.MAX_SAFE_INTEGER);
  const command = [...(options.command ?? DEFAULT_COMMAND)];
  if (command.length === 0) throw new DevnetError('command is empty: give the program that runs the node');
  if (options.command === undefined && !existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new DevnetError('the node is not built (cmd/geth.js runs dist/): run `npm run build` first');
  }
  const log = options.onLog ?? (() => undefined);
  const total = signers + followers;
  const ports = await devnetPorts(total, options.basePort);

  const dir = resolve(options.dir);
  prepareDir(dir);
  const signerKeys = Array.from({ length: signers }, (_, i) => signerKey(i));
  const accounts: DevnetKey[] = devAccounts().map((a) => ({ address: bytesToHex(a.address), privateKey: bytesToHex(a.privateKey) }));
  const plan: DevnetPlan = {
    version: 1,
    dir,
    chainId,
    period,
    genesis: join(dir, 'genesis.json'),
    password: join(dir, 'password.txt'),
    command,
    nodes: ports.map((p, index) => {
      const datadir = join(dir, `node-${index}`);
      const role: NodeRole = index < signers ? 'signer' : 'node';
      return {
        index,
        role,
        datadir,
        log: join(datadir, 'node.log'),
        ports: p,
        httpUrl: `http://127.0.0.1:${p.http}`,
        wsUrl: `ws://127.0.0.1:${p.ws}`,
        ...(role === 'signer' ? { signer: signerKeys[index]! } : {}),
      };
    }),
    accounts,
  };
  // Written first, so that a setup that fails half-way still leaves a folder the next create may recreate.
  writeDevnetState(plan);
  const genesis = devnetGenesis({
    chainId,
    period,
    signers: signerKeys.map((k) => hexToBytes(k.address)),
    funded: accounts.map((a) => hexToBytes(a.address)),
  });
  writeFileSync(plan.genesis, stringifyJsonLossless(genesis, 2) + '\n');
  writeFileSync(plan.password, DEVNET_PASSWORD + '\n', { mode: 0o600 });

  log(`creating ${signers} signer(s) and ${followers} node(s) in ${dir}`);
  const tasks = plan.nodes.map((node) => async () => {
    mkdirSync(node.datadir, { recursive: true });
    await runSetupStep(`init of node ${node.index}`, command, ['init', '--datadir', node.datadir, plan.genesis]);
    if (node.signer !== undefined) {
      const keyFile = join(node.datadir, 'signer.key');
      writeFileSync(keyFile, node.signer.privateKey.slice(2), { mode: 0o600 });
      try {
        // --lightkdf: the node decrypts the key at every start, and standard scrypt costs 256 MiB and a second.
        await runSetupStep(`key import of node ${node.index}`, command, [
          'account',
          'import',
          '--datadir',
          node.datadir,
          '--password',
          plan.password,
          '--lightkdf',
          keyFile,
        ]);
      } finally {
        rmSync(keyFile, { force: true });
      }
    }
    log(`node ${node.index} (${node.role}) ready in ${node.datadir}`);
  });
  await inPool(tasks, SETUP_CONCURRENCY);
  return plan;
}

/** The command-line arguments of node `index`: its datadir and ports, the bootnodes, and sealing for a signer. */
export function nodeArgs(plan: DevnetPlan, index: number, bootnodes: readonly string[] = []): string[] {
  const node = plan.nodes[index];
  if (node === undefined) throw new DevnetError(`the devnet has no node ${index}`);
  const args = [
    '--datadir', node.datadir,
    '--networkid', String(plan.chainId),
    '--addr', '127.0.0.1',
    '--port', String(node.ports.p2p),
    '--http', '--http.addr', '127.0.0.1', '--http.port', String(node.ports.http), '--http.api', RPC_APIS,
    '--ws', '--ws.addr', '127.0.0.1', '--ws.port', String(node.ports.ws), '--ws.api', RPC_APIS,
  ];
  if (bootnodes.length > 0) args.push('--bootnodes', bootnodes.join(','));
  if (node.signer !== undefined) {
    const address = node.signer.address;
    args.push('--mine', '--miner.etherbase', address, '--unlock', address, '--password', plan.password);
  }
  return args;
}

export interface NodeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: string;
}

export interface RunningNode {
  index: number;
  role: NodeRole;
  pid: number;
  child: ChildProcess;
  datadir: string;
  log: string;
  httpUrl: string;
  wsUrl: string;
  /** /ip4/127.0.0.1/tcp/PORT/p2p/PEERID, as the node reported it. */
  multiaddr: string;
  /** The devnet's folder, whose devnet.json records the node's pid. */
  dir: string;
  /** Resolves when the process ends. */
  exited: Promise<NodeExit>;
}

export interface StartNodeOptions {
  /** Multiaddrs of the peers to join through (--bootnodes). */
  bootnodes?: readonly string[];
  /** More flags for the node (e.g. --verbosity 4). */
  extraArgs?: readonly string[];
  /** How long the node may take to answer on HTTP and report its multiaddr (default 60 s). */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The last lines of a node's log, to show why it failed. */
export function logTail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** How a node's process ended, for messages: "exited with code 1", "was killed by SIGKILL". */
export function describeExit(exit: NodeExit): string {
  if (exit.error !== undefined) return `could not start: ${exit.error}`;
  return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/**
 * Starts node `index` of `plan` as a process of its own (in its own process group, so a Ctrl-C meant for the
 * launcher does not reach it: the launcher stops it). Its stdout and stderr are appended to its log. Resolves once
 * it answers eth_blockNumber, admin_datadir names its datadir (no other program holds the port) and
 * admin_nodeInfo lists its multiaddr; a node that exits or is not up within the timeout is killed and the error
 * carries the end of its log.
 */
export async function startNode(plan: DevnetPlan, index: number, options: StartNodeOptions = {}): Promise<RunningNode> {
  const node = plan.nodes[index];
  if (node === undefined) throw new DevnetError(`the devnet has no node ${index}`);
  const recorded = readDevnetState(plan.dir).nodes[index]!;
  if (recorded.pid !== undefined && isNodeProcess(recorded.pid, node.datadir)) {
    throw new DevnetError(`node ${index} is already running (pid ${recorded.pid})`);
  }
  const args = [...nodeArgs(plan, index, options.bootnodes), ...(options.extraArgs ?? [])];
  const command = plan.command;
  appendFileSync(node.log, `# ${new Date().toISOString()} starting: ${[...command, ...args].join(' ')}\n`);
  const fd = openSync(node.log, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command[0]!, [...command.slice(1), ...args], { cwd: ROOT, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  // Filled in when the process ends, for the waits below to notice.
  const ended: { exit?: NodeExit } = {};
  const exited = new Promise<NodeExit>((resolveExit) => {
    child.once('error', (e) => resolveExit((ended.exit ??= { code: null, signal: null, error: e.message })));
    child.once('exit', (code, signal) => resolveExit((ended.exit ??= { code, signal })));
  });
  // A spawn that fails has no pid; its 'error' comes on the next tick.
  if (child.pid === undefined) {
    const e = await exited;
    throw new DevnetError(`node ${index} ${describeExit(e)}`);
  }
  const running: RunningNode = {
    index,
    role: node.role,
    pid: child.pid,
    child,
    datadir: node.datadir,
    log: node.log,
    httpUrl: node.httpUrl,
    wsUrl: node.wsUrl,
    multiaddr: '',
    dir: plan.dir,
    exited,
  };
  updateDevnetNode(plan.dir, index, (n) => {
    n.pid = running.pid;
    delete n.multiaddr;
  });

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const failed = async (why: string): Promise<never> => {
    await stopNode(running, 'SIGKILL');
    throw new DevnetError(`node ${index} ${why}; the end of ${node.log}:\n${logTail(node.log)}`);
  };
  // Up: it answers on HTTP, and it is this node that answers, not another program on the port.
  for (;;) {
    if (ended.exit !== undefined) return failed(`${describeExit(ended.exit)} before its HTTP server answered`);
    if (Date.now() > deadline) return failed(`did not answer on ${node.httpUrl} within ${options.timeoutMs ?? 60_000} ms`);
    let datadir: unknown;
    try {
      await blockNumber(node.httpUrl, 1_000);
      datadir = await rpcCall(node.httpUrl, 'admin_datadir', [], 1_000);
    } catch {
      await sleep(250);
      continue;
    }
    if (datadir === node.datadir) break;
    return failed(`found another node on ${node.httpUrl} (admin_datadir ${JSON.stringify(datadir)}): is the port taken?`);
  }
  // Reachable: it reports where peers find it.
  let lastError = 'admin_nodeInfo lists no multiaddrs (is p2p running in this build?)';
  for (;;) {
    if (ended.exit !== undefined) return failed(`${describeExit(ended.exit)} before reporting its p2p address`);
    if (Date.now() > deadline) return failed(`reported no p2p address: ${lastError}`);
    try {
      const addr = await nodeMultiaddr(node.httpUrl, node.ports.p2p, 1_000);
      if (addr !== undefined) {
        running.multiaddr = addr;
        break;
      }
    } catch (e) {
      lastError = (e as Error).message;
    }
    await sleep(250);
  }
  updateDevnetNode(plan.dir, index, (n) => (n.multiaddr = running.multiaddr));
  return running;
}

export type StopOutcome = 'stopped' | 'killed' | 'not running';

export interface StopReport {
  index: number;
  pid: number | undefined;
  /** stopped: it exited after the signal; killed: it needed SIGKILL after the grace time; not running: nothing to stop. */
  outcome: StopOutcome;
}

/** Forgets the pid of a node in devnet.json, unless another process has been recorded for it since. */
function forgetPid(dir: string, index: number, pid: number): void {
  try {
    updateDevnetNode(dir, index, (n) => {
      if (n.pid === pid) delete n.pid;
    });
  } catch {
    // The devnet's folder is gone (a test cleaned up): nothing to record.
  }
}

/**
 * Sends `signal` to a node started by startNode and waits up to `graceMs` for it to exit, then SIGKILLs it
 * (SIGKILL itself, as a crash, needs no grace).
 */
export async function stopNode(node: RunningNode, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<StopReport> {
  const { child } = node;
  let outcome: StopOutcome;
  if (child.exitCode !== null || child.signalCode !== null || !child.kill(signal)) {
    outcome = 'not running';
  } else {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((r) => (timer = setTimeout(() => r(true), signal === 'SIGKILL' ? 30_000 : graceMs)));
    const late = await Promise.race([node.exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (late && signal !== 'SIGKILL') {
      child.kill('SIGKILL');
      await node.exited;
    }
    outcome = late ? 'killed' : 'stopped';
  }
  forgetPid(node.dir, node.index, node.pid);
  return { index: node.index, pid: node.pid, outcome };
}

export interface StartDevnetOptions {
  /** Progress lines ("node 0 up at …"). */
  onLog?: (line: string) => void;
  /** Per node, as in StartNodeOptions. */
  timeoutMs?: number;
  extraArgs?: readonly string[];
}

export interface RunningDevnet {
  plan: DevnetPlan;
  nodes: RunningNode[];
  /** SIGTERM to every node, SIGKILL to those still running after `graceMs` (default 10 s). */
  stop(graceMs?: number): Promise<StopReport[]>;
}

/**
 * Starts every node: node 0 first, then, with node 0's multiaddr as their bootnode, all others at once. Resolves
 * once each answers on HTTP; if any fails, those started are stopped and the error is thrown.
 */
export async function startDevnet(plan: DevnetPlan, options: StartDevnetOptions = {}): Promise<RunningDevnet> {
  const log = options.onLog ?? (() => undefined);
  const running = runningNodes(readDevnetState(plan.dir));
  if (running.length > 0) {
    throw new DevnetError(`the devnet in ${plan.dir} is already running (pids ${running.map((n) => n.pid).join(', ')})`);
  }
  const nodeOptions = { timeoutMs: options.timeoutMs, extraArgs: options.extraArgs };
  const up = (n: RunningNode) => log(`node ${n.index} (${n.role}) up: pid ${n.pid}, ${n.httpUrl}, ${n.multiaddr}`);
  const first = await startNode(plan, 0, nodeOptions);
  up(first);
  const rest = await Promise.allSettled(
    plan.nodes.slice(1).map(async (n) => {
      const node = await startNode(plan, n.index, { ...nodeOptions, bootnodes: [first.multiaddr] });
      up(node);
      return node;
    }),
  );
  const nodes = [first, ...rest.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))];
  const failure = rest.find((r) => r.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(nodes.map((n) => stopNode(n)));
    throw failure.reason;
  }
  return {
    plan: readDevnetState(plan.dir),
    nodes,
    stop: (graceMs) => Promise.all(nodes.map((n) => stopNode(n, 'SIGTERM', graceMs))),
  };
}

export interface StopDevnetOptions {
  /** How long nodes get to exit after SIGTERM before SIGKILL (default 10 s). */
  graceMs?: number;
  onLog?: (line: string) => void;
}

/**
 * Stops the devnet in `dir` from any process: SIGTERM to each node devnet.json records (and that still runs that
 * node), up to `graceMs` for them to exit, then SIGKILL. The pids are then cleared from devnet.json.
 */
export async function stopDevnet(dir: string, options: StopDevnetOptions = {}): Promise<StopReport[]> {
  const log = options.onLog ?? (() => undefined);
  const plan = readDevnetState(resolve(dir));
  const alive = (n: DevnetNode) => n.pid !== undefined && isNodeProcess(n.pid, n.datadir);
  const targets = plan.nodes.filter(alive).filter((n) => signalProcess(n.pid!, 'SIGTERM'));
  for (const n of targets) log(`node ${n.index}: SIGTERM sent to pid ${n.pid}`);
  await waitUntil(() => !targets.some(alive), options.graceMs ?? 10_000);
  const killed = targets.filter(alive);
  for (const n of killed) {
    log(`node ${n.index}: still running after ${options.graceMs ?? 10_000} ms, SIGKILL to pid ${n.pid}`);
    signalProcess(n.pid!, 'SIGKILL');
  }
  if (killed.length > 0) await waitUntil(() => !killed.some(alive), 5_000);
  const reports = plan.nodes.map((n): StopReport => {
    const outcome: StopOutcome = !targets.includes(n) ? 'not running' : killed.includes(n) ? 'killed' : 'stopped';
    return { index: n.index, pid: n.pid, outcome };
  });
  // Read again: a launcher in the foreground may have rewritten the file as its nodes exited.
  const fresh = readDevnetState(plan.dir);
  for (const n of fresh.nodes) if (n.pid !== undefined && !alive(n)) delete n.pid;
  writeDevnetState(fresh);
  return reports;
}

export interface NodeStatus {
  index: number;
  role: NodeRole;
  pid: number | undefined;
  running: boolean;
  httpUrl: string;
  /** Head block number, when the node answered. */
  head?: bigint;
  peers?: number;
  /** Why head or peers are missing. */
  error?: string;
}

/** Each node's process state, head block and peer count. */
export async function devnetStatus(dir: string): Promise<NodeStatus[]> {
  const plan = readDevnetState(resolve(dir));
  return Promise.all(
    plan.nodes.map(async (n): Promise<NodeStatus> => {
      const running = n.pid !== undefined && isNodeProcess(n.pid, n.datadir);
      const status: NodeStatus = { index: n.index, role: n.role, pid: running ? n.pid : undefined, running, httpUrl: n.httpUrl };
      if (!running) return status;
      try {
        status.head = await blockNumber(n.httpUrl);
        status.peers = await peerCount(n.httpUrl);
      } catch (e) {
        status.error = (e as Error).message;
      }
      return status;
    }),
  );
}
