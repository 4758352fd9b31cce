// Walks a folder of official test files and runs one suite over them.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Suite } from './suite.js';

export interface Failure {
  file: string;
  name: string;
  error: string;
}

export interface RunSummary {
  passed: number;
  failed: number;
  failures: Failure[];
  skippedFiles: string[];
}

async function listJsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listJsonFiles(p)));
    else if (e.isFile() && e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

export interface RunOptions {
  /** Called for every failure as it happens, so a long run shows progress. */
  onFailure?: (f: Failure) => void;
  /** Only files whose path contains this string. */
  filter?: string;
}

export async function runSuite(suite: Suite, dir: string, opts: RunOptions = {}): Promise<RunSummary> {
  const summary: RunSummary = { passed: 0, failed: 0, failures: [], skippedFiles: [] };
  for (const path of await listJsonFiles(dir)) {
    const file = relative(dir, path) || path;
    if (opts.filter && !path.includes(opts.filter)) continue;
    let content: unknown;
    try {
      content = JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      const f = { file, name: '(file)', error: `cannot parse JSON: ${(e as Error).message}` };
      summary.failed++;
      summary.failures.push(f);
      opts.onFailure?.(f);
      continue;
    }
    let results;
    try {
      results = await suite.runFile(path, content);
    } catch (e) {
      results = [{ name: '(file)', ok: false, error: (e as Error).message }];
    }
    if (results === undefined) {
      summary.skippedFiles.push(file);
      continue;
    }
    for (const r of results) {
      if (r.ok) {
        summary.passed++;
      } else {
        const f = { file, name: r.name, error: r.error ?? 'failed' };
        summary.failed++;
        summary.failures.push(f);
        opts.onFailure?.(f);
      }
    }
  }
  return summary;
}
