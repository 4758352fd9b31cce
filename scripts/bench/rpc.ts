// JSON-RPC throughput over HTTP: tsgeth against ganache 7.9.2 and hardhat 2.29.1 under the same load (autocannon,
// keep-alive connections, one request in flight on each), in one run of this script. Each node is started on a free
// 127.0.0.1 port; on each, a log-emitting contract (raw bytecode) is deployed and called a few times and the
// senders of the transaction case are funded. Then each case is measured on one node at a time, so that they never
// compete for the cores: after a warm-up, run 1 on every node in turn, then run 2 and so on, so that the figures
// compared were taken close together in time on a machine whose other load comes and goes.
//
// Cases: eth_blockNumber; eth_getBalance of the dev account; eth_call of the sha256 precompile (0x..02) with 64
// bytes of input; eth_getLogs over the blocks that hold the contract's logs; eth_sendRawTransaction of distinct
// pre-signed transfers, one per request, from SENDERS accounts in turn (so a sender's next nonce is sent long after
// its previous one, and hardhat's automine, which refuses nonce gaps, accepts them all). A 200 answer carrying a
// JSON-RPC error counts as a failure beside autocannon's errors, timeouts and non-2xx answers.
//
// All three nodes fund the ten accounts of the mnemonic "test test ... junk": tsgeth --dev and hardhat by default,
// ganache when given that mnemonic (its --wallet.deterministic one differs; only the keys change, not the work).
// tsgeth runs from dist/ (rebuilt when a source is newer), ganache through npx (fetched on first use), hardhat from
// node_modules in a temporary project folder, with its per-request log switched off (hardhat_setLoggingEnabled).
//
// Settings, from the environment: RPC_BENCH_NODES (tsgeth,ganache,hardhat), RPC_BENCH_CASES (all of CASE_NAMES),
// RPC_BENCH_SECONDS per run (5), RPC_BENCH_CONNECTIONS (10), RPC_BENCH_RUNS (2), RPC_BENCH_TXS per
// eth_sendRawTransaction run (4000), RPC_BENCH_TSGETH_NODE_ARGS: node flags for the tsgeth process, e.g.
// "--cpu-prof --cpu-prof-dir=/tmp/prof" (the profile is written when the node exits, after the last case).
import autocannon, { type AutocannonRequest, type AutocannonResult } from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigintToFixedBytes, bytesToHex, hexToBytes, parseBigint, utf8ToBytes, type Bytes } from '../../src/common/bytes.js';
import { encodeTransaction } from '../../src/core/types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE } from '../../src/core/types/txData.js';
import { signTransaction } from '../../src/core/types/txSigner.js';
import { keccak256 } from '../../src/crypto/keccak.js';
import { privateKeyToAddress } from '../../src/crypto/secp256k1.js';
import { rpcCall } from '../devnet/rpc.js';
import { envInt, envList } from './env.js';
import type { BenchResult } from './measure.js';
import { ensureBuilt, freePort } from './startup.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const NODE_NAMES = ['tsgeth', 'ganache', 'hardhat'] as const;
type NodeName = (typeof NODE_NAMES)[number];
const CASE_NAMES = ['eth_blockNumber', 'eth_getBalance', 'eth_call', 'eth_getLogs', 'eth_sendRawTransaction'] as const;
type CaseName = (typeof CASE_NAMES)[number];

/** tsgeth's throughput aims against ganache (the issue's): at least equal on eth_blockNumber, 2x and 3x. */
const AIMS: Partial<Record<CaseName, number>> = { eth_blockNumber: 1, eth_getBalance: 2, eth_call: 3 };

interface Settings {
  nodes: NodeName[];
  cases: CaseName[];
  seconds: number;
  connections: number;
  runs: number;
  txs: number;
  tsgethNodeArgs: string[];
}

function settings(): Settings {
  const connections = envInt('RPC_BENCH_CONNECTIONS', 10);
  const txs = envInt('RPC_BENCH_TXS', 4000);
  if (txs < connections) throw new Error('RPC_BENCH_TXS must be at least RPC_BENCH_CONNECTIONS');
  return {
    nodes: envList('RPC_BENCH_NODES', NODE_NAMES),
    cases: envList('RPC_BENCH_CASES', CASE_NAMES),
    seconds: envInt('RPC_BENCH_SECONDS', 5),
    connections,
    runs: envInt('RPC_BENCH_RUNS', 2),
    txs,
    tsgethNodeArgs: (process.env.RPC_BENCH_TSGETH_NODE_ARGS ?? '').split(/\s+/).filter((s) => s !== ''),
  };
}

// ---- talking to a node

/** Set-up and check calls (not the measured load): generous, as ganache can stall under load. */
const CALL_TIMEOUT_MS = 60_000;

async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  return (await rpcCall(url, method, params, CALL_TIMEOUT_MS)) as T;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it gives a value; throws `what` after `timeoutMs`. */
async function poll<T>(what: string, timeoutMs: number, everyMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

// ---- starting and stopping the nodes

interface RunningNode {
  url: string;
  stop(): Promise<void>;
}

/** Every node process group still running, killed if this script is interrupted. */
const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

process.once('SIGINT', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
  process.exit(130);
});

/**
 * Spawns a node in its own process group (npx starts ganache as a grandchild; the whole group is stopped), waits
 * until it answers eth_chainId and returns it with its stop function.
 */
async function spawnNode(name: string, command: string, args: string[], port: number, cwd: string, cleanup?: () => void): Promise<RunningNode> {
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    cleanup?.();
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    // ganache's first start downloads it through npx, hence the generous limit.
    await poll(`${name} to answer`, 180_000, 100, async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before answering:\n${stderr}`);
      try {
        return await rpc<string>(url, 'eth_chainId', []);
      } catch {
        return undefined;
      }
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, stop };
}

const MNEMONIC = 'test test test test test test test test test test test junk';

async function startNode(name: NodeName, s: Settings): Promise<RunningNode> {
  const port = await freePort();
  switch (name) {
    case 'tsgeth':
      ensureBuilt();
      return spawnNode(name, process.execPath, [...s.tsgethNodeArgs, 'cmd/geth.js', '--dev', '--http', '--http.port', String(port)], port, ROOT);
    case 'ganache':
      return spawnNode(
        name,
        'npx',
        ['--yes', 'ganache@7.9.2', '--server.host', '127.0.0.1', '--server.port', String(port), '--chain.chainId', '1337', '--wallet.mnemonic', MNEMONIC, '--logging.quiet'],
        port,
        ROOT,
      );
    case 'hardhat': {
      // hardhat refuses to run without a config and a local installation: a throwaway project that links ours.
      const dir = mkdtempSync(join(tmpdir(), 'tsgeth-bench-hardhat-'));
      writeFileSync(join(dir, 'hardhat.config.cjs'), 'module.exports={solidity:"0.8.28"}\n');
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const cli = join(ROOT, 'node_modules', 'hardhat', 'internal', 'cli', 'cli.js');
      const node = await spawnNode(name, process.execPath, [cli, 'node', '--hostname', '127.0.0.1', '--port', String(port)], port, dir, () =>
        rmSync(dir, { recursive: true, force: true }),
      );
      await rpc(node.url, 'hardhat_setLoggingEnabled', [false]);
      return node;
    }
  }
}

// ---- chain setup: a log-emitting contract and funded senders

const GWEI = 1_000_000_000n;
const ETHER = 10n ** 18n;
const DEV_KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const DEV_ADDRESS = bytesToHex(privateKeyToAddress(DEV_KEY));
/** Senders of the eth_sendRawTransaction case, funded from the dev account. */
const SENDERS = 100;
const SENDER_KEYS = Array.from({ length: SENDERS }, (_, i) => bigintToFixedBytes(0xbe7c0000n + BigInt(i), 32));
const SENDER_ADDRESSES = SENDER_KEYS.map((k) => bytesToHex(privateKeyToAddress(k)));
const RECIPIENT = bigintToFixedBytes(0xbeefn, 20);
const LOG_CALLS = 5;
const LOGS_PER_CALL = 4;
const SHA256_PRECOMPILE = '0x0000000000000000000000000000000000000002';
const SHA256_INPUT = `0x${'ab'.repeat(64)}`;

/** A contract whose every call stores NUMBER at memory 0 and logs those 32 bytes LOGS_PER_CALL times, one topic. */
function logContractInitCode(): Bytes {
  const topic = bytesToHex(keccak256(utf8ToBytes('Bench(uint256)'))).slice(2);
  // NUMBER PUSH1 0 MSTORE, then (PUSH32 topic PUSH1 32 PUSH1 0 LOG1) repeated, then STOP.
  const runtime = `43600052${`7f${topic}60206000a1`.repeat(LOGS_PER_CALL)}00`;
  const len = (runtime.length / 2).toString(16).padStart(2, '0');
  // PUSH1 len PUSH1 12 PUSH1 0 CODECOPY PUSH1 len PUSH1 0 RETURN: returns the runtime that follows these 12 bytes.
  return hexToBytes(`0x60${len}600c600039${`60${len}`}6000f3${runtime}`);
}

interface TxParams {
  chainId: bigint;
  key: Bytes;
  nonce: bigint;
  to: Bytes | undefined;
  value?: bigint;
  data?: Bytes;
  gasLimit?: bigint;
}

/** The raw signed transaction, in hex: a dynamic-fee one paying at most 10 gwei per gas. */
function signedTx(p: TxParams): string {
  const tx = signTransaction(
    {
      type: DYNAMIC_FEE_TX_TYPE,
      chainId: p.chainId,
      nonce: p.nonce,
      maxPriorityFeePerGas: GWEI,
      maxFeePerGas: 10n * GWEI,
      gasLimit: p.gasLimit ?? 21_000n,
      to: p.to,
      value: p.value ?? 0n,
      data: p.data ?? new Uint8Array(0),
      accessList: [],
    },
    p.key,
  );
  return bytesToHex(encodeTransaction(tx));
}

interface Receipt {
  status: string;
  blockNumber: string;
  contractAddress: string | null;
}

async function receipt(url: string, hash: string): Promise<Receipt> {
  const r = await poll(`receipt of ${hash}`, 60_000, 20, async () => (await rpc<Receipt | null>(url, 'eth_getTransactionReceipt', [hash])) ?? undefined);
  if (r.status !== '0x1') throw new Error(`transaction ${hash} failed`);
  return r;
}

interface Fixture {
  chainId: bigint;
  contract: string;
  fromBlock: string;
  toBlock: string;
}

async function prepareChain(url: string): Promise<Fixture> {
  const chainId = parseBigint(await rpc<string>(url, 'eth_chainId', []));
  let nonce = parseBigint(await rpc<string>(url, 'eth_getTransactionCount', [DEV_ADDRESS, 'pending']));
  const send = async (to: Bytes | undefined, value: bigint, data: Bytes, gasLimit: bigint): Promise<string> => {
    const raw = signedTx({ chainId, key: DEV_KEY, nonce: nonce++, to, value, data, gasLimit });
    return rpc<string>(url, 'eth_sendRawTransaction', [raw]);
  };
  const deployed = await receipt(url, await send(undefined, 0n, logContractInitCode(), 300_000n));
  const contract = hexToBytes(deployed.contractAddress!);
  let lastCall = '';
  for (let i = 0; i < LOG_CALLS; i++) lastCall = await send(contract, 0n, new Uint8Array(0), 100_000n);
  const called = await receipt(url, lastCall);
  let lastFunding = '';
  for (const address of SENDER_ADDRESSES) lastFunding = await send(hexToBytes(address), ETHER, new Uint8Array(0), 21_000n);
  await receipt(url, lastFunding);
  return { chainId, contract: deployed.contractAddress!, fromBlock: deployed.blockNumber, toBlock: called.blockNumber };
}

// ---- the cases

/** What autocannon sends in one run: one request shape, and a request count when the run is not timed. */
interface Load {
  request: AutocannonRequest;
  amount?: number;
  /** Waits for what the run left behind (transactions to be mined) before the next run. */
  settle?: () => Promise<void>;
}

function fixedLoad(method: string, params: unknown[]): Load {
  return { request: { body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) } };
}

/** `count` distinct transfers, sender after sender, each sender's nonces in order. */
async function transferLoad(url: string, chainId: bigint, count: number): Promise<Load> {
  const nonces = await Promise.all(SENDER_ADDRESSES.map(async (a) => parseBigint(await rpc<string>(url, 'eth_getTransactionCount', [a, 'pending']))));
  const bodies: string[] = [];
  for (let k = 0; k < count; k++) {
    const s = k % SENDERS;
    const raw = signedTx({ chainId, key: SENDER_KEYS[s]!, nonce: nonces[s]! + BigInt(Math.floor(k / SENDERS)), to: RECIPIENT, value: 1n });
    bodies.push(JSON.stringify({ jsonrpc: '2.0', id: k, method: 'eth_sendRawTransaction', params: [raw] }));
  }
  let next = 0;
  return {
    amount: count,
    request: {
      setupRequest: (req) => {
        req.body = bodies[next++];
        return req;
      },
    },
    // Every sender's transactions mined, so that the next run starts on a node with an empty pool. A refused
    // transaction leaves its sender's later ones waiting for good: that is reported, and the runs go on.
    settle: () =>
      poll('transactions mined', 60_000, 200, async () => {
        for (const a of SENDER_ADDRESSES) {
          const [latest, pending] = await Promise.all([
            rpc<string>(url, 'eth_getTransactionCount', [a, 'latest']),
            rpc<string>(url, 'eth_getTransactionCount', [a, 'pending']),
          ]);
          if (latest !== pending) return undefined;
        }
        return true;
      }).then(
        () => undefined,
        (e: unknown) => void process.stderr.write(`rpc bench: ${(e as Error).message}\n`),
      ),
  };
}

async function caseLoad(name: CaseName, url: string, f: Fixture, transfers: number): Promise<Load> {
  switch (name) {
    case 'eth_blockNumber':
      return fixedLoad(name, []);
    case 'eth_getBalance':
      return fixedLoad(name, [DEV_ADDRESS, 'latest']);
    case 'eth_call':
      return fixedLoad(name, [{ to: SHA256_PRECOMPILE, data: SHA256_INPUT }, 'latest']);
    case 'eth_getLogs':
      return fixedLoad(name, [{ fromBlock: f.fromBlock, toBlock: f.toBlock, address: f.contract }]);
    case 'eth_sendRawTransaction':
      return transferLoad(url, f.chainId, transfers);
  }
}

/** One request of the case outside the load, to catch a case that only produces errors. */
async function checkCase(name: CaseName, url: string, f: Fixture): Promise<void> {
  if (name === 'eth_sendRawTransaction') return;
  const load = await caseLoad(name, url, f, 0);
  const { method, params } = JSON.parse(load.request.body as string) as { method: string; params: unknown[] };
  const result = await rpc<unknown>(url, method, params);
  if (name === 'eth_getLogs' && (result as unknown[]).length !== LOG_CALLS * LOGS_PER_CALL) {
    throw new Error(`eth_getLogs found ${(result as unknown[]).length} logs, want ${LOG_CALLS * LOGS_PER_CALL}`);
  }
}

// ---- measuring

const STALL_LIMIT_MS = 120_000;

interface RunFigure {
  reqPerSec: number;
  p99Ms: number;
  /** Transport errors, timeouts, non-2xx answers and JSON-RPC errors. */
  failures: number;
  firstFailure?: string;
}

async function measure(url: string, load: Load, s: Settings, seconds: number): Promise<RunFigure> {
  let rpcErrors = 0;
  let firstFailure: string | undefined;
  // Timed here: autocannon ends a run (and its duration) on its 1 s sampling tick, which for a run of a fixed
  // request count adds up to a second of idle time.
  let responses = 0;
  let lastResponse = 0;
  const request: AutocannonRequest = {
    ...load.request,
    onResponse: (status, body) => {
      responses++;
      lastResponse = performance.now();
      if (status === 200 && !body.includes('"error"')) return;
      rpcErrors++;
      firstFailure ??= `${status} ${body.slice(0, 200)}`;
    },
  };
  const started = performance.now();
  const run = autocannon({
    url,
    connections: s.connections,
    pipelining: 1,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [request],
    ...(load.amount === undefined ? { duration: seconds } : { amount: load.amount }),
  });
  // Transport failures (timeouts, resets) never reach onResponse.
  run.on('reqError', (e) => (firstFailure ??= e.message));
  // A run of a fixed count never ends if a node stops answering (ganache can, under eth_sendRawTransaction load).
  let stalled = false;
  const guard = setTimeout(() => {
    stalled = true;
    run.stop();
  }, STALL_LIMIT_MS);
  const result: AutocannonResult = await run;
  clearTimeout(guard);
  await load.settle?.();
  // non2xx answers also reach onResponse; count them once. Requests never answered count as failed.
  const unanswered = stalled && load.amount !== undefined ? load.amount - responses : 0;
  const failures = result.errors + result.timeouts + rpcErrors + unanswered;
  if (stalled) firstFailure = `run stopped after ${STALL_LIMIT_MS / 1000} s with ${responses} answers; ${firstFailure ?? ''}`;
  const figure: RunFigure = { reqPerSec: (responses * 1000) / (lastResponse - started), p99Ms: result.latency.p99, failures };
  if (firstFailure !== undefined) figure.firstFailure = firstFailure;
  return figure;
}

type Figures = Map<CaseName, RunFigure[]>;

interface Contender {
  name: NodeName;
  node: RunningNode;
  fixture: Fixture;
  figures: Figures;
}

const progress = (name: NodeName, text: string): void => void process.stderr.write(`rpc bench: ${name}: ${text}\n`);

/** Starts the nodes one after the other and prepares their chains; one that fails is noted in `failed` and left out. */
async function startAll(s: Settings, failed: Map<NodeName, string>): Promise<Contender[]> {
  const contenders: Contender[] = [];
  for (const name of s.nodes) {
    progress(name, 'starting');
    let node: RunningNode | undefined;
    try {
      node = await startNode(name, s);
      contenders.push({ name, node, fixture: await prepareChain(node.url), figures: new Map() });
    } catch (e) {
      // One node that cannot run (e.g. npx cannot fetch ganache) should not hide the others' figures.
      failed.set(name, (e as Error).message);
      progress(name, `failed: ${(e as Error).message}`);
      await node?.stop();
    }
  }
  return contenders;
}

/**
 * Measures each case on each node in turn, run after run, so that the figures compared were taken close together
 * in time (the machine's other load comes and goes). One node is under load at a time; the others wait idle.
 */
async function measureAll(contenders: Contender[], s: Settings, failed: Map<NodeName, string>): Promise<void> {
  const live = (): Contender[] => contenders.filter((x) => !failed.has(x.name));
  const attempt = async (x: Contender, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (e) {
      failed.set(x.name, (e as Error).message);
      progress(x.name, `failed: ${(e as Error).message}`);
    }
  };
  for (const c of s.cases) {
    for (const x of live()) {
      await attempt(x, async () => {
        await checkCase(c, x.node.url, x.fixture);
        // Warm-up (JIT, caches), not counted.
        await measure(x.node.url, await caseLoad(c, x.node.url, x.fixture, Math.min(s.txs, 500)), s, 1);
      });
    }
    for (let i = 0; i < s.runs; i++) {
      for (const x of live()) {
        await attempt(x, async () => {
          const figure = await measure(x.node.url, await caseLoad(c, x.node.url, x.fixture, s.txs), s, s.seconds);
          const runs = x.figures.get(c) ?? [];
          runs.push(figure);
          x.figures.set(c, runs);
          const first = figure.firstFailure === undefined ? '' : ` (first: ${figure.firstFailure})`;
          progress(x.name, `${c} run ${i + 1}: ${Math.round(figure.reqPerSec)} req/s, p99 ${figure.p99Ms} ms, ${figure.failures} failed${first}`);
        });
      }
    }
  }
}

// ---- reporting

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function range(xs: number[], digits = 0): string {
  const fmt = (x: number): string => (digits === 0 ? Math.round(x).toLocaleString('en-US') : x.toFixed(digits));
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? fmt(lo) : `${fmt(lo)}-${fmt(hi)}`;
}

function cell(runs: RunFigure[] | undefined, failed: string | undefined): string {
  if (failed !== undefined) return 'n/a';
  if (runs === undefined) return '';
  const failures = runs.reduce((a, r) => a + r.failures, 0);
  return `${range(runs.map((r) => r.reqPerSec))} | ${range(runs.map((r) => r.p99Ms))} | ${failures}`;
}

function ratio(a: RunFigure[] | undefined, b: RunFigure[] | undefined): number | undefined {
  if (a === undefined || b === undefined) return undefined;
  return mean(a.map((r) => r.reqPerSec)) / mean(b.map((r) => r.reqPerSec));
}

function table(s: Settings, results: Map<NodeName, Figures>, failed: Map<NodeName, string>): string {
  const others = s.nodes.filter((n) => n !== 'tsgeth');
  const withTsgeth = s.nodes.includes('tsgeth');
  const head = ['method', ...s.nodes.map((n) => `${n} req/s | p99 ms | failed`)];
  if (withTsgeth) head.push(...others.map((n) => `tsgeth/${n}`));
  const lines = [`| ${head.join(' | ')} |`, `|${' --- |'.repeat(head.length + s.nodes.length * 2)}`];
  for (const c of s.cases) {
    const row = [c, ...s.nodes.map((n) => cell(results.get(n)?.get(c), failed.get(n)))];
    if (withTsgeth) {
      for (const n of others) {
        const r = ratio(results.get('tsgeth')?.get(c), results.get(n)?.get(c));
        row.push(r === undefined ? 'n/a' : `${r.toFixed(2)}x`);
      }
    }
    lines.push(`| ${row.join(' | ')} |`);
  }
  const notes = [...failed].map(([n, why]) => `${n} did not run: ${why.split('\n')[0]}`);
  const config = `${s.connections} connections, ${s.seconds} s per run (eth_sendRawTransaction: ${s.txs} transactions per run), ${s.runs} runs per case; ranges are min-max over runs, ratios of the mean req/s`;
  return [config, ...lines, ...notes].join('\n');
}

export async function bench(): Promise<BenchResult[]> {
  const s = settings();
  const failed = new Map<NodeName, string>();
  const contenders = await startAll(s, failed);
  try {
    await measureAll(contenders, s, failed);
  } finally {
    for (const x of contenders) await x.node.stop();
  }
  const results = new Map<NodeName, Figures>(contenders.filter((x) => !failed.has(x.name)).map((x) => [x.name, x.figures]));
  process.stdout.write(`${table(s, results, failed)}\n`);
  const out: BenchResult[] = [];
  for (const c of s.cases) {
    for (const other of ['ganache', 'hardhat'] as const) {
      const r = ratio(results.get('tsgeth')?.get(c), results.get(other)?.get(c));
      if (r === undefined) continue;
      const aim = other === 'ganache' ? AIMS[c] : undefined;
      out.push({
        name: `${c} tsgeth/${other}`,
        value: r,
        unit: 'x req/s',
        ...(aim === undefined ? {} : { note: `aim at least ${aim}x: ${r >= aim ? 'met' : 'missed'}` }),
      });
    }
  }
  return out;
}
