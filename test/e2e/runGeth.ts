// Running the CLI as a user does, from the TypeScript sources (gethFromSource.ts): one process per command, judged
// by its exit code, stdout and stderr.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('./gethFromSource.ts', import.meta.url));

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningGeth {
  child: ChildProcessWithoutNullStreams;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves when stderr first contains `text`; rejects if the process ends before. */
  waitFor(text: string): Promise<void>;
  done: Promise<Run>;
}

export function startGeth(...args: string[]): RunningGeth {
  // cwd at the package root so that `--import tsx` resolves from its node_modules.
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  const watchers: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const w of watchers.splice(0)) {
      if (stderr.includes(w.text)) w.resolve();
      else watchers.push(w);
    }
  });
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    stderr: () => stderr,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        if (stderr.includes(text)) return resolve();
        watchers.push({ text, resolve });
        void done.then(() => reject(new Error(`geth ended before logging "${text}":\n${stderr}`)));
      }),
    done,
  };
}

export function geth(...args: string[]): Promise<Run> {
  return startGeth(...args).done;
}

/** The run failed with exit code 1 and a last line `Fatal: ...` holding `message`, with no stack trace. */
export function expectFatal(run: Run, message: string | RegExp): string {
  expect(run.code, run.stderr).toBe(1);
  const lines = run.stderr.trimEnd().split('\n');
  const last = lines[lines.length - 1]!;
  expect(last).toMatch(/^Fatal: /);
  if (typeof message === 'string') expect(last).toContain(message);
  else expect(last).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return last;
}

/** The run succeeded; returns its stderr (where the logs go). */
export function expectSuccess(run: Run): string {
  expect(run.code, run.stderr).toBe(0);
  return run.stderr;
}
