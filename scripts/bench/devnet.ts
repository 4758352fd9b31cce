// p2p figures on a 4-node clique devnet on 127.0.0.1 (scripts/devnet: 3 signers and 1 follower, period 1 s, each
// node its own process, joined through node 0 as bootnode), run as users run it: from dist/ (rebuilt first when a
// source is newer), or from the sources with DEVNET_BENCH_SOURCE=1.
//
// Block propagation: over DEVNET_BENCH_BLOCKS blocks of an idle chain, for every block and every node but its
// sealer, the time from the sealer's "Successfully sealed new block" line (written once the sealer imported it, just
// before it publishes it) to the node's "Imported new chain segment" line for that hash. The nodes log JSON lines
// (--log.format json, millisecond timestamps) and share the machine's clock. The sealer's own import (the elapsed
// time of its import line) is reported too, and the times with it counted in. A sealed block that a node never
// imported is counted: most lost a race for their height (an out-of-turn block beaten by the in-turn one), a few may
// arrive inside a multi-block sync segment, whose log line names only its last block. The blocks sealed during the
// transaction runs below are reported apart. Every (block, node) pair is also put under the number of p2p hops
// between sealer and node: the devnet is a star around node 0, and a node forwards a block only after importing it.
//
// Transaction gossip: 2 x SENDERS fresh accounts are funded from the devnet's ten development accounts; TXS
// pre-signed transfers from SENDERS of them (nonce-major: every sender's nonce n before any nonce n+1) are sent to
// the follower with eth_sendRawTransaction in JSON-RPC batches, once at DEVNET_BENCH_RATE tx/s and once as fast as
// possible. Two kinds of runs: "mined" (a 2 gwei tip: the signers mine them, so every node also executes every
// transaction, in blocks up to 30M gas a second) and "gossip only" (the other senders, a 1 wei tip: over the
// pools' 1 wei floor, under the miners' 1 gwei, so they are gossiped and pooled but never mined: what the p2p
// layer and the pools manage without the cost of blocks). Every POLL_MS each node is asked for every sender's
// "pending" nonce: the pool's pending run is contiguous and starts at the mined nonce, so the sum over senders
// counts the transactions the node holds or has mined. A node has them all when the sum reaches TXS; its rate is
// TXS over the time from the first send to then. A transaction a node never had (in its pool or a block) within
// SETTLE_MS of the last send is a drop, as is one the follower refused. A mined run waits until every node mined
// everything, so the next starts on empty pools. The pools' limits are raised for the bench (POOL_ARGS): the
// gossip-only transactions stay pooled (20,000 of them by the end), and as fast as possible the mined ones are in
// the pools at once, more than the 5120+1024 default slots (the peak of each run is reported).
//
// Settings, from the environment: DEVNET_BENCH_BLOCKS (60), DEVNET_BENCH_TXS (10000), DEVNET_BENCH_SENDERS (100),
// DEVNET_BENCH_RATE (1000), DEVNET_BENCH_SOURCE (unset: dist/), DEVNET_BENCH_DIR (a folder kept after the run,
// with the nodes' logs; default a temporary one, removed), DEVNET_BENCH_NODE_ARGS: flags for the node runtime, e.g.
// "--cpu-prof --cpu-prof-dir=/tmp/prof" (written when the nodes exit), DEVNET_BENCH_KINDS: which runs, "mined",
// "gossip" or both (the default), DEVNET_BENCH_COMMAND: the program and leading arguments that run a node, to
// compare another build (e.g. "node /tmp/base/cmd/geth.js"; default the build in dist/).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bigintToFixedBytes, bytesToHex, hexToBytes, utf8ToBytes, type Bytes } from '../../src/common/bytes.js';
import { encodeTransaction } from '../../src/core/types/transaction.js';
import { transfer } from '../../src/core/chain/testChain.js';
import { keccak256 } from '../../src/crypto/keccak.js';
import { privateKeyToAddress } from '../../src/crypto/secp256k1.js';
import { createDevnet, DEFAULT_COMMAND, SOURCE_COMMAND, startDevnet, type DevnetPlan, type RunningDevnet } from '../devnet/devnet.js';
import { envInt } from './env.js';
import type { BenchResult } from './measure.js';
import { ensureBuilt } from './startup.js';

const SIGNERS = 3;
const FOLLOWERS = 1;
const PERIOD = 1;
/** The follower: transactions enter the devnet here. */
const ENTRY = SIGNERS;
const POLL_MS = 250;
/** How long a run waits for the last node to have everything, after the last send. */
const SETTLE_MS = 60_000;
/** How long a mined run waits for every node to have mined everything (the chain is slower than the gossip). */
const MINED_WAIT_MS = 180_000;
/** Batches in flight at once; the paced run only reaches this when the node falls behind. */
const MAX_IN_FLIGHT = 4;
const FAST_BATCH = 200;
const LOG_ARGS = ['--log.format', 'json', '--verbosity', '3'];
/** Room for every transaction of a run in every pool (see the top). */
const POOL_ARGS = ['--txpool.globalslots', '40000', '--txpool.globalqueue', '10000'];

const PROPAGATION_AIM_MS = 100;
const GOSSIP_AIM_TPS = 1000;

const GWEI = 1_000_000_000n;
const ETHER = 10n ** 18n;
const SENDER_FUNDS = 10n * ETHER;
/** Over the miners' least tip (1 gwei): mined. */
const MINED_TIP = 2n * GWEI;
/** Over the pools' least tip (1 wei) but under the miners': pooled and gossiped, never mined. */
const UNMINED_TIP = 1n;
const RECIPIENT = bigintToFixedBytes(0xbeefn, 20);

/** What a run's transactions become: mined (a tip the miners take) or left in the pools (a tip below theirs). */
type RunKind = 'mined' | 'gossip only';

/** DEVNET_BENCH_KINDS: "mined", "gossip" or both (the default), comma-separated. */
function runKinds(text: string | undefined): RunKind[] {
  if (text === undefined || text.trim() === '') return ['mined', 'gossip only'];
  const names: Record<string, RunKind> = { mined: 'mined', gossip: 'gossip only' };
  return text.split(',').map((name) => {
    const kind = names[name.trim()];
    if (kind === undefined) throw new Error(`DEVNET_BENCH_KINDS: unknown ${JSON.stringify(name)}; choose from mined, gossip`);
    return kind;
  });
}

function words(text: string | undefined): string[] {
  return (text ?? '').split(/\s+/).filter((w) => w !== '');
}

interface Settings {
  blocks: number;
  txs: number;
  senders: number;
  rate: number;
  fromSource: boolean;
  dir: string | undefined;
  /** Flags for the node runtime itself (e.g. --cpu-prof), before the script. */
  nodeArgs: string[];
  /** Another node program and its leading arguments (another build, to compare). */
  command: string[] | undefined;
  kinds: RunKind[];
}

function settings(): Settings {
  const s: Settings = {
    blocks: envInt('DEVNET_BENCH_BLOCKS', 60),
    txs: envInt('DEVNET_BENCH_TXS', 10_000),
    senders: envInt('DEVNET_BENCH_SENDERS', 100),
    rate: envInt('DEVNET_BENCH_RATE', GOSSIP_AIM_TPS),
    fromSource: (process.env.DEVNET_BENCH_SOURCE ?? '') !== '',
    dir: process.env.DEVNET_BENCH_DIR || undefined,
    nodeArgs: words(process.env.DEVNET_BENCH_NODE_ARGS),
    command: words(process.env.DEVNET_BENCH_COMMAND).length > 0 ? words(process.env.DEVNET_BENCH_COMMAND) : undefined,
    kinds: runKinds(process.env.DEVNET_BENCH_KINDS),
  };
  if (s.txs % s.senders !== 0) throw new Error('DEVNET_BENCH_TXS must be a multiple of DEVNET_BENCH_SENDERS');
  return s;
}

const progress = (text: string): boolean => process.stderr.write(`devnet bench: ${text}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// ---- JSON-RPC, batched

type Call = [method: string, params: unknown[]];
type Answer = { ok: true; result: unknown } | { ok: false; error: string };

/** Sends `calls` as one batch; the answers in the order of the calls. */
async function batch(url: string, calls: readonly Call[], timeoutMs = 30_000): Promise<Answer[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(calls.map(([method, params], id) => ({ jsonrpc: '2.0', id, method, params }))),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`batch of ${calls.length} at ${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
  const replies = JSON.parse(text) as { id: number; result?: unknown; error?: { message: string } }[];
  if (!Array.isArray(replies)) throw new Error(`batch at ${url}: not a batch answer: ${text.slice(0, 200)}`);
  const answers: Answer[] = calls.map(() => ({ ok: false, error: 'no answer' }));
  for (const r of replies) answers[r.id] = r.error !== undefined ? { ok: false, error: r.error.message } : { ok: true, result: r.result };
  return answers;
}

/** The results of a batch that must all succeed. */
async function results(url: string, calls: readonly Call[]): Promise<unknown[]> {
  const answers = await batch(url, calls);
  return answers.map((a, i) => {
    if (!a.ok) throw new Error(`${calls[i]![0]} at ${url}: ${a.error}`);
    return a.result;
  });
}

async function call<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  return (await results(url, [[method, params]]))[0] as T;
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // A busy node may time out one poll.
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(200);
  }
}

const head = async (url: string): Promise<number> => Number(await call<string>(url, 'eth_blockNumber'));

// ---- statistics

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Spread {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? NaN };
}

// ---- block propagation, from the nodes' logs

interface LogLine {
  t: number;
  msg: string;
  fields: Record<string, unknown>;
}

/** The JSON lines of a node's log (the launcher's "# starting" lines and anything else are skipped). */
function readLog(path: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const text of readFileSync(path, 'utf8').split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      const fields = JSON.parse(text) as Record<string, unknown>;
      if (typeof fields.t === 'string' && typeof fields.msg === 'string') lines.push({ t: Date.parse(fields.t), msg: fields.msg, fields });
    } catch {
      // A line cut short by a crash.
    }
  }
  return lines;
}

/** prettyDuration's text ("1.234ms", "56µs", "1.2s") in milliseconds. */
function parseDuration(text: unknown): number {
  const m = typeof text === 'string' ? /^([\d.]+)(ns|µs|ms|s)$/.exec(text) : null;
  if (m === null) return NaN;
  const scale = { ns: 1e-6, µs: 1e-3, ms: 1, s: 1000 }[m[2] as 'ns' | 'µs' | 'ms' | 's'];
  return Number(m[1]) * scale;
}

interface Seal {
  hash: string;
  number: number;
  sealer: number;
  t: number;
  /** The sealer's own import of the block, before it logged the seal and published. */
  sealerImportMs: number;
}

interface NodeImports {
  /** Log time of the import of each block named by an import line. */
  byHash: Map<string, number>;
  /** Multi-block segments (sync): only their last block is named. */
  segments: { from: number; to: number }[];
}

interface ChainLogs {
  seals: Seal[];
  imports: NodeImports[];
}

function readChainLogs(plan: DevnetPlan): ChainLogs {
  const seals: Seal[] = [];
  const imports: NodeImports[] = plan.nodes.map((node) => {
    const lines = readLog(node.log);
    const own: NodeImports = { byHash: new Map(), segments: [] };
    const elapsed = new Map<string, number>();
    for (const line of lines) {
      const f = line.fields;
      if (line.msg === 'Imported new chain segment') {
        const hash = String(f.hash);
        if (!own.byHash.has(hash)) own.byHash.set(hash, line.t);
        elapsed.set(hash, parseDuration(f.elapsed));
        const blocks = Number(f.blocks);
        if (blocks > 1) own.segments.push({ from: Number(f.number) - blocks + 1, to: Number(f.number) });
      } else if (line.msg === 'Successfully sealed new block') {
        const hash = String(f.sealhash);
        seals.push({ hash, number: Number(f.number), sealer: node.index, t: line.t, sealerImportMs: elapsed.get(hash) ?? NaN });
      }
    }
    return own;
  });
  return { seals, imports };
}

interface Propagation {
  blocks: number;
  /** Import minus seal, ms, over every (block, node other than its sealer) pair. */
  all: Spread;
  /** Per receiving node. */
  perNode: Map<number, Spread>;
  /** Per number of p2p hops from the sealer (the devnet is a star around node 0). */
  perHops: Map<number, Spread>;
  sealerImport: Spread;
  /** Import minus the moment the sealer began importing its block: the seal itself, the sealer's import included. */
  fromSeal: Spread;
  /** Pairs whose block the node never imported, by why. */
  lostRace: number;
  bySync: number;
  missing: number;
}

/** Hops between two nodes of the star around node 0 that startDevnet builds. */
const hops = (a: number, b: number): number => (a === 0 || b === 0 ? 1 : 2);

async function propagation(plan: DevnetPlan, logs: ChainLogs, from: number, to: number): Promise<Propagation> {
  const seals = logs.seals.filter((s) => s.t >= from && s.t <= to);
  // Canonical hashes as the follower has them, to tell a block that lost the race for its height.
  const canonical = await results(
    plan.nodes[ENTRY]!.httpUrl,
    seals.map((s): Call => ['eth_getBlockByNumber', [`0x${s.number.toString(16)}`, false]]),
  );
  const all: number[] = [];
  const fromSeal: number[] = [];
  const perNode = new Map<number, number[]>();
  const perHops = new Map<number, number[]>();
  let lostRace = 0;
  let bySync = 0;
  let missing = 0;
  seals.forEach((seal, i) => {
    const isCanonical = (canonical[i] as { hash: string } | null)?.hash === seal.hash;
    for (const node of plan.nodes) {
      if (node.index === seal.sealer) continue;
      const imported = logs.imports[node.index]!.byHash.get(seal.hash);
      if (imported === undefined) {
        if (!isCanonical) lostRace++;
        else if (logs.imports[node.index]!.segments.some((g) => g.from <= seal.number && seal.number <= g.to)) bySync++;
        else missing++;
        continue;
      }
      const ms = imported - seal.t;
      all.push(ms);
      if (!Number.isNaN(seal.sealerImportMs)) fromSeal.push(ms + seal.sealerImportMs);
      perNode.set(node.index, [...(perNode.get(node.index) ?? []), ms]);
      const h = hops(seal.sealer, node.index);
      perHops.set(h, [...(perHops.get(h) ?? []), ms]);
    }
  });
  const spreads = (m: Map<number, number[]>) => new Map([...m].sort(([a], [b]) => a - b).map(([k, v]) => [k, spread(v)]));
  return {
    blocks: seals.length,
    all: spread(all),
    perNode: spreads(perNode),
    perHops: spreads(perHops),
    sealerImport: spread(seals.map((s) => s.sealerImportMs).filter((x) => !Number.isNaN(x))),
    fromSeal: spread(fromSeal),
    lostRace,
    bySync,
    missing,
  };
}

// ---- transactions

interface Sender {
  key: Bytes;
  address: string;
}

/** Fixed keys, so a kept devnet folder can be read back; `set` tells the mined runs' senders from the others. */
function senderKeys(set: string, count: number): Sender[] {
  return Array.from({ length: count }, (_, i) => {
    const key = keccak256(utf8ToBytes(`tsgeth devnet bench ${set} sender ${i}`));
    return { key, address: bytesToHex(privateKeyToAddress(key)) };
  });
}

/** A transfer paying `tip` per gas over the base fee; the fee cap leaves room for the base fee to climb. */
function signedTransfer(chainId: number, key: Bytes, nonce: bigint, to: Bytes, value: bigint, tip: bigint): string {
  return bytesToHex(encodeTransaction(transfer(key, nonce, to, value, { chainId: BigInt(chainId), maxPriorityFeePerGas: tip })));
}

const nonceCalls = (senders: readonly Sender[], tag: string): Call[] => senders.map((s): Call => ['eth_getTransactionCount', [s.address, tag]]);

async function nonces(url: string, senders: readonly Sender[], tag: string): Promise<bigint[]> {
  return (await results(url, nonceCalls(senders, tag))).map((n) => BigInt(n as string));
}

/** Each sender gets SENDER_FUNDS from a development account (sender i from account i mod 10). */
async function fundSenders(plan: DevnetPlan, senders: readonly Sender[]): Promise<void> {
  const url = plan.nodes[ENTRY]!.httpUrl;
  const funders = plan.accounts.map((a) => ({ key: hexToBytes(a.privateKey), address: a.address }));
  const next = await nonces(url, funders, 'pending');
  const raws = senders.map((s, i) => {
    const f = i % funders.length;
    return signedTransfer(plan.chainId, funders[f]!.key, next[f]!++, hexToBytes(s.address), SENDER_FUNDS, MINED_TIP);
  });
  const refused = (await batch(url, raws.map((raw): Call => ['eth_sendRawTransaction', [raw]]))).find((a) => !a.ok);
  if (refused !== undefined && !refused.ok) throw new Error(`funding refused: ${refused.error}`);
  await waitFor('the senders funded on every node', 60_000, async () => {
    for (const node of plan.nodes) {
      const balances = await results(node.httpUrl, senders.map((s): Call => ['eth_getBalance', [s.address, 'latest']]));
      if (balances.some((b) => BigInt(b as string) < SENDER_FUNDS)) return false;
    }
    return true;
  });
}

interface GossipRun {
  kind: RunKind;
  label: string;
  txs: number;
  /** Rate at which the follower answered the sends (tx/s). */
  sentRate: number;
  sendMs: number;
  refused: number;
  firstRefusal?: string;
  /** Per node: ms from the first send until it had every transaction (undefined: never, within the wait). */
  allSeenMs: (number | undefined)[];
  /** Per node: the most transactions it ever had. */
  seen: number[];
  /** Per node: the most transactions in its pool at once (txpool_status pending + queued). */
  peakPool: number[];
  /** Mined runs: ms from the first send until every node had mined every transaction. */
  minedMs: number | undefined;
  /** The farthest node's rate: txs over its allSeenMs (0 when a node never had them all). */
  farthestRate: number;
  /** Transactions some node never had (in its pool or a block), those the follower refused among them. */
  drops: number;
  /** Wall-clock span of the run, to pick its blocks out of the logs. */
  from: number;
  to: number;
}

/** Sends `raws` to `url` in batches, paced at `rate` tx/s (undefined: as fast as possible). */
async function send(url: string, raws: readonly string[], rate: number | undefined, onRefusal: (error: string) => void): Promise<number> {
  const size = rate === undefined ? FAST_BATCH : Math.max(1, Math.round(rate / 20));
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < raws.length; i += size) {
    if (rate !== undefined) {
      const wait = started + (i * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
    }
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const calls = raws.slice(i, i + size).map((raw): Call => ['eth_sendRawTransaction', [raw]]);
    const p: Promise<void> = batch(url, calls, 120_000)
      .then((answers) => {
        for (const a of answers) if (!a.ok) onRefusal(a.error);
      })
      .catch((e: unknown) => {
        for (let k = 0; k < calls.length; k++) onRefusal((e as Error).message);
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return performance.now() - started;
}

async function gossipRun(plan: DevnetPlan, senders: readonly Sender[], txs: number, kind: RunKind, rate: number | undefined): Promise<GossipRun> {
  const label = `${kind}, ${rate === undefined ? 'as fast as possible' : `${rate} tx/s offered`}`;
  const entry = plan.nodes[ENTRY]!.httpUrl;
  // Pending, not mined: the gossip-only runs follow each other's transactions, still pooled.
  const bases = await Promise.all(plan.nodes.map((node) => nonces(node.httpUrl, senders, 'pending')));
  const base = bases[ENTRY]!;
  const perSender = txs / senders.length;
  progress(`${label}: signing ${txs} transfers`);
  const tip = kind === 'mined' ? MINED_TIP : UNMINED_TIP;
  const raws: string[] = [];
  for (let k = 0; k < perSender; k++) {
    senders.forEach((s, i) => raws.push(signedTransfer(plan.chainId, s.key, base[i]! + BigInt(k), RECIPIENT, 1n, tip)));
  }
  const target = base.map((n) => n + BigInt(perSender));

  const n = plan.nodes.length;
  const run: GossipRun = {
    kind,
    label,
    txs,
    sentRate: 0,
    sendMs: 0,
    refused: 0,
    allSeenMs: Array.from({ length: n }, () => undefined),
    seen: Array.from({ length: n }, () => 0),
    peakPool: Array.from({ length: n }, () => 0),
    minedMs: undefined,
    farthestRate: 0,
    drops: 0,
    from: Date.now(),
    to: 0,
  };
  progress(`${label}: sending to node ${ENTRY}`);
  const started = performance.now();
  let sendEnd: number | undefined;
  const sending = send(entry, raws, rate, (error) => {
    run.refused++;
    run.firstRefusal ??= error;
  }).then((ms) => {
    run.sendMs = ms;
    sendEnd = performance.now();
  });

  // Polls a node until it has everything, or the wait after the last send runs out.
  const pollNode = async (index: number): Promise<void> => {
    const url = plan.nodes[index]!.httpUrl;
    const calls: Call[] = [['txpool_status', []], ...nonceCalls(senders, 'pending')];
    while (run.allSeenMs[index] === undefined && !(sendEnd !== undefined && performance.now() - sendEnd > SETTLE_MS)) {
      const at = performance.now();
      try {
        const answers = await batch(url, calls);
        const now = performance.now() - started;
        const status = answers[0]!;
        if (status.ok) {
          const { pending, queued } = status.result as { pending: string; queued: string };
          run.peakPool[index] = Math.max(run.peakPool[index]!, Number(pending) + Number(queued));
        }
        let seen = 0;
        answers.slice(1).forEach((a, i) => {
          if (a.ok) seen += Number(BigInt(a.result as string) - bases[index]![i]!);
        });
        run.seen[index] = Math.max(run.seen[index]!, seen);
        if (seen >= txs) run.allSeenMs[index] = now;
      } catch {
        // A node too busy to answer in time: ask again.
      }
      await sleep(Math.max(0, POLL_MS - (performance.now() - at)));
    }
  };
  await Promise.all([sending, ...plan.nodes.map((node) => pollNode(node.index))]);
  run.sentRate = (txs * 1000) / run.sendMs;

  if (kind === 'mined') {
    try {
      await waitFor(`${label}: everything mined on every node`, MINED_WAIT_MS, async () => {
        for (const node of plan.nodes) {
          const mined = await nonces(node.httpUrl, senders, 'latest');
          if (mined.some((m, i) => m < target[i]!)) return false;
        }
        return true;
      });
      run.minedMs = performance.now() - started;
    } catch (e) {
      progress((e as Error).message);
    }
  }
  run.to = Date.now();
  // A refused transaction is missing from every node, so this counts it too.
  run.drops = txs - Math.min(...run.seen);
  const slowest = run.allSeenMs.some((ms) => ms === undefined) ? undefined : Math.max(...(run.allSeenMs as number[]));
  run.farthestRate = slowest === undefined ? 0 : (txs * 1000) / slowest;
  progress(
    `${label}: sent in ${run.sendMs.toFixed(0)} ms (${run.sentRate.toFixed(0)} tx/s), all seen at ${run.allSeenMs
      .map((ms, i) => `node ${i} ${ms === undefined ? 'never' : `${ms.toFixed(0)} ms`}`)
      .join(', ')}; peak pools ${run.peakPool.join('/')}; refused ${run.refused}${run.firstRefusal ? ` (${run.firstRefusal})` : ''}`,
  );
  return run;
}

// ---- the devnet

/** The running devnet, killed if this script is interrupted (its nodes run in process groups of their own). */
let live: RunningDevnet | undefined;
process.once('SIGINT', () => {
  for (const node of live?.nodes ?? []) node.child.kill('SIGKILL');
  process.exit(130);
});

async function withDevnet<T>(s: Settings, body: (devnet: RunningDevnet) => Promise<T>): Promise<T> {
  const temporary = s.dir === undefined;
  const root = s.dir ?? mkdtempSync(join(tmpdir(), 'tsgeth-bench-devnet-'));
  const base = s.command ?? (s.fromSource ? SOURCE_COMMAND : DEFAULT_COMMAND);
  try {
    const plan = await createDevnet({
      dir: join(root, 'net'),
      signers: SIGNERS,
      nodes: FOLLOWERS,
      period: PERIOD,
      // Node's own flags go before the script.
      command: [base[0]!, ...s.nodeArgs, ...base.slice(1)],
      onLog: progress,
    });
    live = await startDevnet(plan, { onLog: progress, extraArgs: [...LOG_ARGS, ...POOL_ARGS], timeoutMs: 120_000 });
    try {
      return await body(live);
    } finally {
      await live.stop();
      live = undefined;
    }
  } finally {
    if (temporary) rmSync(root, { recursive: true, force: true });
    else progress(`logs kept in ${join(root, 'net')}`);
  }
}

// ---- reporting

const ms = (x: number): string => (Number.isNaN(x) ? 'n/a' : x.toFixed(0));
const spreadText = (s: Spread): string => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)} ms (n=${s.count})`;

function propagationLines(title: string, p: Propagation): string[] {
  return [
    `block propagation, ${title}: ${p.blocks} blocks sealed; import - seal, p50 / p95 / max: ${spreadText(p.all)}`,
    ...[...p.perNode].map(([node, s]) => `  at node ${node}${node === ENTRY ? ' (follower)' : ''}: ${spreadText(s)}`),
    ...[...p.perHops].map(([h, s]) => `  ${h} hop${h > 1 ? 's' : ''} from the sealer: ${spreadText(s)}`),
    `  the sealer's own import before it publishes: ${spreadText(p.sealerImport)}; counted in, seal to import: ${spreadText(p.fromSeal)}`,
    `  (block, node) pairs never imported: ${p.lostRace} lost the race for their height, ${p.bySync} came inside a sync segment, ${p.missing} unexplained`,
  ];
}

function gossipLines(r: GossipRun): string[] {
  const slowest = Math.max(...r.allSeenMs.map((x) => x ?? Infinity));
  const minedAt = r.minedMs === undefined ? 'never (within the wait)' : `${ms(r.minedMs)} ms (${((r.txs * 1000) / r.minedMs).toFixed(0)} tx/s)`;
  const mined = r.kind === 'mined' ? `; mined on every node at ${minedAt}` : '';
  return [
    `tx gossip, ${r.label}: ${r.txs} txs sent to node ${ENTRY} in ${ms(r.sendMs)} ms (${r.sentRate.toFixed(0)} tx/s answered), ${r.refused} refused`,
    ...r.allSeenMs.map(
      (x, i) =>
        `  node ${i}: ${x === undefined ? `had ${r.seen[i]} only` : `all seen at ${ms(x)} ms (${((r.txs * 1000) / x).toFixed(0)} tx/s)`}, peak pool ${r.peakPool[i]}`,
    ),
    `  farthest node: ${r.farthestRate.toFixed(0)} tx/s, ${Number.isFinite(slowest) ? `${ms(slowest - r.sendMs)} ms after the last send was answered` : 'never had them all'}${mined}; drops ${r.drops}`,
  ];
}

/** The gossip aim on a pair of runs (paced, fast): the fast one reaches the rate, neither drops any. */
function gossipAim(paced: GossipRun, fast: GossipRun): boolean {
  return fast.farthestRate >= GOSSIP_AIM_TPS && paced.drops === 0 && fast.drops === 0;
}

function gossipRow(paced: GossipRun, fast: GossipRun, rate: number): string {
  return `| >= ${GOSSIP_AIM_TPS} tx/s to the farthest node, no drops (${paced.kind}) | ${fast.farthestRate.toFixed(0)} tx/s as fast as possible (sent at ${fast.sentRate.toFixed(0)}); ${paced.farthestRate.toFixed(0)} tx/s with ${rate} offered (sent at ${paced.sentRate.toFixed(0)}); drops ${paced.drops} + ${fast.drops} | ${gossipAim(paced, fast) ? 'yes' : 'no'} |`;
}

export async function bench(): Promise<BenchResult[]> {
  const s = settings();
  const rebuilt = s.fromSource || s.command !== undefined ? false : ensureBuilt();
  const runFrom =
    s.command !== undefined ? s.command.join(' ') : s.fromSource ? 'the sources (tsx)' : `dist/${rebuilt ? ' (rebuilt first)' : ''}`;
  progress(`nodes run from ${runFrom}`);
  return withDevnet(s, async (devnet) => {
    const { plan } = devnet;
    const urls = plan.nodes.map((n) => n.httpUrl);
    await waitFor('every node peered and the chain moving', 60_000, async () => {
      const peers = await Promise.all(urls.map((u) => call<string>(u, 'net_peerCount')));
      return peers.every((p) => Number(p) > 0) && (await head(urls[ENTRY]!)) >= 2;
    });

    const idleFrom = Date.now();
    const startHead = await head(urls[ENTRY]!);
    progress(`block propagation: ${s.blocks} blocks from #${startHead}`);
    await waitFor('the idle blocks', (s.blocks * PERIOD + 60) * 1000, async () => (await head(urls[ENTRY]!)) >= startHead + s.blocks);
    const idleTo = Date.now();

    const pairs: { kind: RunKind; paced: GossipRun; fast: GossipRun; blocks: Propagation | undefined }[] = [];
    const senders = new Map(s.kinds.map((kind) => [kind, senderKeys(kind === 'mined' ? 'mined' : 'unmined', s.senders)]));
    progress(`funding ${s.kinds.length * s.senders} senders`);
    await fundSenders(plan, [...senders.values()].flat());
    for (const kind of s.kinds) {
      const paced = await gossipRun(plan, senders.get(kind)!, s.txs, kind, s.rate);
      const fast = await gossipRun(plan, senders.get(kind)!, s.txs, kind, undefined);
      pairs.push({ kind, paced, fast, blocks: undefined });
    }
    // The last blocks' imports land in the logs a moment after they are sealed.
    await sleep(2_000);

    const logs = readChainLogs(plan);
    const idle = await propagation(plan, logs, idleFrom, idleTo);
    for (const pair of pairs) pair.blocks = await propagation(plan, logs, pair.paced.from, pair.fast.to);

    const propagationMet = idle.all.p95 < PROPAGATION_AIM_MS;
    const during = (kind: RunKind): string => (kind === 'mined' ? 'while mining the transaction runs' : 'during the gossip-only runs (empty blocks)');
    const summary = [
      `nodes: ${SIGNERS} signers + ${FOLLOWERS} follower, period ${PERIOD} s, run from ${runFrom}${s.nodeArgs.length > 0 ? ` with ${s.nodeArgs.join(' ')}` : ''}; a star around node 0, their bootnode`,
      ...propagationLines('idle chain', idle),
      ...pairs.flatMap((p) => propagationLines(during(p.kind), p.blocks!)),
      ...pairs.flatMap((p) => [...gossipLines(p.paced), ...gossipLines(p.fast)]),
      '',
      '| aim | figure | met |',
      '| --- | --- | --- |',
      `| block propagation p95 < ${PROPAGATION_AIM_MS} ms (idle chain) | p95 ${ms(idle.all.p95)} ms (p50 ${ms(idle.all.p50)}, max ${ms(idle.all.max)})${pairs.map((p) => `; ${during(p.kind)} ${ms(p.blocks!.all.p95)} ms`).join('')} | ${propagationMet ? 'yes' : 'no'} |`,
      ...pairs.map((p) => gossipRow(p.paced, p.fast, s.rate)),
    ];
    process.stdout.write(summary.join('\n') + '\n');
    const gossipResult = (r: GossipRun, aim?: boolean): BenchResult => ({
      name: `tx gossip to the farthest node, ${r.label}`,
      value: r.farthestRate,
      unit: 'tx/s',
      note: `drops ${r.drops}${aim === undefined ? '' : `; aim ${GOSSIP_AIM_TPS} tx/s without drops: ${aim ? 'met' : 'missed'}`}`,
    });
    return [
      { name: 'block propagation p50 (idle)', value: idle.all.p50, unit: 'ms' },
      { name: 'block propagation p95 (idle)', value: idle.all.p95, unit: 'ms', note: `aim under ${PROPAGATION_AIM_MS} ms: ${propagationMet ? 'met' : 'missed'}` },
      { name: 'block propagation max (idle)', value: idle.all.max, unit: 'ms' },
      ...pairs.flatMap((p) => [
        { name: `block propagation p95 (${p.kind} runs)`, value: p.blocks!.all.p95, unit: 'ms' },
        gossipResult(p.paced),
        gossipResult(p.fast, gossipAim(p.paced, p.fast)),
      ]),
    ];
  });
}
