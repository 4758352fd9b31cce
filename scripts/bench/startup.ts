// Start-up figure: the time from spawning the built CLI (`node cmd/geth.js --dev --http --http.port P`) to its
// first answered RPC call (eth_blockNumber, polled every 5 ms), the median of 5 runs. Each run uses --dev without
// --datadir, so the node makes (and removes on exit) a fresh temporary datadir; it is stopped with SIGTERM and
// waited for before the next run. The CLI runs from dist/, so dist is rebuilt first when any source file is newer.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './measure.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = 5;
const POLL_MS = 5;
/** A run that has not answered by then has failed. */
const TIMEOUT_MS = 30_000;
const TARGET_MS = 1000;

/** The newest modification time (ms) of the files under `dir` that `keep` accepts; 0 when there are none. */
function newestMtime(dir: string, keep: (name: string) => boolean): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !keep(entry.name)) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` when dist/ is missing or older than a source file; says whether it did. */
export function ensureBuilt(): boolean {
  const isSource = (name: string): boolean => name.endsWith('.ts') && !name.endsWith('.test.ts');
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist', 'cli', 'main.js')).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built > 0 && newestMtime(join(ROOT, 'dist'), (n) => n.endsWith('.js')) >= newestMtime(join(ROOT, 'src'), isSource)) return false;
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  return true;
}

/** A port that was free a moment ago: bound on :0 and released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}',
    });
    const reply = (await res.json()) as { result?: unknown };
    return typeof reply.result === 'string';
  } catch {
    return false;
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Milliseconds from spawn to the first answered eth_blockNumber. */
async function startupOnce(): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['cmd/geth.js', '--dev', '--http', '--http.port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  try {
    const url = `http://127.0.0.1:${port}`;
    while (!(await answers(url))) {
      if (child.exitCode !== null) throw new Error(`node exited with ${child.exitCode} before answering:\n${stderr}`);
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`no RPC answer within ${TIMEOUT_MS} ms:\n${stderr}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return performance.now() - started;
  } finally {
    await stopProcess(child);
  }
}

export async function bench(): Promise<BenchResult[]> {
  const rebuilt = ensureBuilt();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await startupOnce());
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)]!;
  const runs = times.map((t) => t.toFixed(0)).join(', ');
  return [
    {
      name: 'startup --dev --http to first RPC answer',
      value: median,
      unit: 'ms',
      note: `median of ${RUNS}: ${runs} ms; aim under ${TARGET_MS} ms: ${median < TARGET_MS ? 'met' : 'missed'}${rebuilt ? '; dist rebuilt first' : ''}`,
    },
  ];
}
