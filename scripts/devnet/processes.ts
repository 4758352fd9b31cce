// Processes named by a pid in devnet.json. A pid outlives its process and is handed out again, so before a pid is
// signalled or reported as running it is checked to still be a node of this devnet: a process whose command line
// gives --datadir with that node's datadir. Anything else is left alone.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The arguments of process `pid`, or undefined when there is no such (live) process. */
function commandLine(pid: number): string[] | undefined {
  try {
    // A zombie's cmdline is empty: it counts as gone.
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw === '' ? undefined : raw.replace(/\0$/, '').split('\0');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  // No /proc (macOS, BSD): ask ps, whose answer is one line with the arguments joined by spaces.
  if (process.platform === 'linux') return undefined;
  try {
    const line = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return line.trim() === '' ? undefined : line.trim().split(/\s+/);
  } catch {
    return undefined;
  }
}

/** Whether `pid` is alive and runs the node of `datadir`. */
export function isNodeProcess(pid: number, datadir: string): boolean {
  const args = commandLine(pid);
  if (args === undefined) return false;
  return args.some((a, i) => (a === '--datadir' && args[i + 1] === datadir) || a === `--datadir=${datadir}`);
}

/** Sends `signal`; false when the process was already gone. */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `gone()` holds or `ms` have passed; true when it holds. */
export async function waitUntil(gone: () => boolean, ms: number, stepMs = 100): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (gone()) return true;
    if (Date.now() >= end) return false;
    await sleep(Math.min(stepMs, Math.max(0, end - Date.now())));
  }
}
