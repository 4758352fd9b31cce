// The devnet launcher's process handling (scripts/devnet): start order and bootnodes, logs, pids in devnet.json,
// stopping, crashing and restarting one node, and the failures of a node that exits, hangs, stays silent or has no
// p2p address. The nodes are fakeDevnetNode.ts processes, so this runs without p2p or sealing; the real multi-node
// network is tested where those are.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createDevnet,
  devnetStatus,
  readDevnetState,
  ROOT,
  runningNodes,
  startDevnet,
  startNode,
  stopDevnet,
  stopNode,
  type DevnetPlan,
  type RunningNode,
} from '../../scripts/devnet/devnet.js';

const FAKE_NODE = [process.execPath, '--import', 'tsx', join(ROOT, 'test', 'e2e', 'fakeDevnetNode.ts')];
const MARKERS = ['fail', 'mute', 'noaddr', 'stubborn', 'impostor'];

let tmp: string;
let plan: DevnetPlan;
const started: RunningNode[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tsgeth-devnet-launcher-'));
  plan = await createDevnet({ dir: join(tmp, 'net'), signers: 2, nodes: 1, command: FAKE_NODE });
}, 60_000);
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => stopNode(n, 'SIGKILL')));
  for (const n of plan.nodes) for (const m of MARKERS) rmSync(join(n.datadir, m), { force: true });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const mark = (index: number, marker: string) => writeFileSync(join(plan.nodes[index]!.datadir, marker), '');
/** The error `p` rejects with; a promise that resolves fails the test. */
const failure = (p: Promise<unknown>): Promise<Error> =>
  p.then(
    () => Promise.reject(new Error('expected a failure')),
    (e: unknown) => e as Error,
  );
const logOf = (index: number) => readFileSync(plan.nodes[index]!.log, 'utf8');

/** Live processes (Linux /proc) whose arguments name node `index`'s datadir. */
function processesOf(index: number): number[] {
  const datadir = plan.nodes[index]!.datadir;
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(datadir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('startDevnet', () => {
  it('starts node 0, then the others with node 0 as bootnode, records them, and stops them all', async () => {
    const lines: string[] = [];
    const devnet = await startDevnet(plan, { onLog: (l) => lines.push(l) });
    started.push(...devnet.nodes);
    const [first, second, third] = devnet.nodes;
    expect(devnet.nodes.map((n) => [n.index, n.role])).toEqual([[0, 'signer'], [1, 'signer'], [2, 'node']]);
    devnet.nodes.forEach((n) => expect(n.multiaddr).toBe(`/ip4/127.0.0.1/tcp/${plan.nodes[n.index]!.ports.p2p}/p2p/16Uiu2HAmFake${plan.nodes[n.index]!.ports.p2p}`));
    expect(lines[0]).toBe(`node 0 (signer) up: pid ${first!.pid}, ${first!.httpUrl}, ${first!.multiaddr}`);

    expect(logOf(0)).toContain('bootnodes=-');
    expect(logOf(0)).toMatch(/^# \S+ starting: .* --datadir \S+node-0 /m);
    for (const i of [1, 2]) expect(logOf(i)).toContain(`bootnodes=${first!.multiaddr}\n`);
    expect(logOf(0)).toContain('--mine');
    expect(logOf(2)).not.toContain('--mine');

    const state = readDevnetState(plan.dir);
    expect(state.nodes.map((n) => [n.pid, n.multiaddr])).toEqual(devnet.nodes.map((n) => [n.pid, n.multiaddr]));
    expect(devnet.plan).toEqual(state);
    expect((await devnetStatus(plan.dir)).map((s) => [s.running, s.pid, s.head, s.peers])).toEqual(
      devnet.nodes.map((n) => [true, n.pid, 0n, 0]),
    );
    await expect(startDevnet(plan)).rejects.toThrow(`the devnet in ${plan.dir} is already running (pids ${devnet.nodes.map((n) => n.pid).join(', ')})`);
    await expect(startNode(plan, 1)).rejects.toThrow(`node 1 is already running (pid ${second!.pid})`);

    // A crash and a restart of one node, on the same ports.
    expect(await stopNode(third!, 'SIGKILL')).toEqual({ index: 2, pid: third!.pid, outcome: 'stopped' });
    expect(await third!.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(readDevnetState(plan.dir).nodes[2]!.pid).toBeUndefined();
    expect((await devnetStatus(plan.dir))[2]).toEqual({ index: 2, role: 'node', pid: undefined, running: false, httpUrl: third!.httpUrl });
    const again = await startNode(plan, 2, { bootnodes: [first!.multiaddr] });
    started.push(again);
    expect(again.pid).not.toBe(third!.pid);
    expect(again.httpUrl).toBe(third!.httpUrl);
    expect(readDevnetState(plan.dir).nodes[2]!.pid).toBe(again.pid);

    const reports = await stopDevnet(plan.dir);
    expect(reports).toEqual([
      { index: 0, pid: first!.pid, outcome: 'stopped' },
      { index: 1, pid: second!.pid, outcome: 'stopped' },
      { index: 2, pid: again.pid, outcome: 'stopped' },
    ]);
    for (const n of [first!, second!, again]) expect(await n.exited).toEqual({ code: 0, signal: null });
    expect(logOf(1)).toContain('fake node: stopping');
    expect(runningNodes(readDevnetState(plan.dir))).toEqual([]);
  }, 60_000);

  it('stops the nodes it started when one fails, and shows the end of its log', async () => {
    mark(1, 'fail');
    const error = await failure(startDevnet(plan));
    expect(error.message).toMatch(/^node 1 exited with code 1 before its HTTP server answered; the end of \S+node-1\/node\.log:\n/);
    expect(error.message).toContain('Fatal: boom, the fake node was told to fail');
    expect(readDevnetState(plan.dir).nodes.map((n) => n.pid)).toEqual([undefined, undefined, undefined]);
    expect([0, 1, 2].flatMap(processesOf)).toEqual([]);
  }, 60_000);

  it('SIGKILLs a node that does not stop within the grace time', async () => {
    mark(0, 'stubborn');
    const devnet = await startDevnet(plan);
    started.push(...devnet.nodes);
    const reports = await devnet.stop(500);
    expect(reports.map((r) => r.outcome)).toEqual(['killed', 'stopped', 'stopped']);
    expect(await devnet.nodes[0]!.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(runningNodes(readDevnetState(plan.dir))).toEqual([]);
  }, 60_000);
});

describe('startNode', () => {
  it('gives up on a node that does not answer on HTTP, and kills it', async () => {
    mark(0, 'mute');
    const error = await failure(startNode(plan, 0, { timeoutMs: 2_000 }));
    expect(error.message).toContain(`node 0 did not answer on ${plan.nodes[0]!.httpUrl} within 2000 ms`);
    expect(readDevnetState(plan.dir).nodes[0]!.pid).toBeUndefined();
    expect(processesOf(0)).toEqual([]);
  }, 30_000);

  it('gives up on a node that reports no p2p address', async () => {
    mark(0, 'noaddr');
    await expect(startNode(plan, 0, { timeoutMs: 3_000 })).rejects.toThrow(
      'node 0 reported no p2p address: admin_nodeInfo lists no multiaddrs (is p2p running in this build?)',
    );
    expect(processesOf(0)).toEqual([]);
  }, 30_000);

  it('refuses to take another node on its HTTP port for itself', async () => {
    mark(0, 'impostor');
    await expect(startNode(plan, 0, { timeoutMs: 10_000 })).rejects.toThrow(
      `node 0 found another node on ${plan.nodes[0]!.httpUrl} (admin_datadir "/somewhere/else"): is the port taken?`,
    );
    expect(processesOf(0)).toEqual([]);
  }, 30_000);

  it('refuses a node the devnet does not have', async () => {
    await expect(startNode(plan, 3)).rejects.toThrow('the devnet has no node 3');
    expect(existsSync(join(plan.dir, 'node-3'))).toBe(false);
  });
});
