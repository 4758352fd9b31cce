// One process per datadir. Node has no flock, so the lock is a file holding the owner's pid, created atomically
// (written under a temporary name, then hard-linked into place, which fails if the lock exists). A lock whose
// pid no longer runs was left by a crash and is taken over. LevelDB's own LOCK file stays as a second guard;
// its error is translated here too.
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE_NAME = 'LOCK';

/** Lock paths this process holds: our own pid in a lock file is stale unless it is listed here. */
const held = new Set<string>();

export class DatadirLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatadirLockedError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export class DatadirLock {
  private released = false;

  private constructor(
    readonly datadir: string,
    readonly path: string,
  ) {}

  /** Creates the datadir if needed and takes its lock; throws DatadirLockedError while another process holds it. */
  static acquire(dir: string): DatadirLock {
    // Absolute, so that two spellings of one datadir are one lock.
    const datadir = resolve(dir);
    mkdirSync(datadir, { recursive: true });
    const path = join(datadir, LOCK_FILE_NAME);
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, `${process.pid}\n`);
    try {
      // A stale lock is removed and the link retried; a few rounds cover a racing process doing the same.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          linkSync(temp, path);
          held.add(path);
          return new DatadirLock(datadir, path);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        const holder = readHolder(path);
        if (holder === process.pid && held.has(path)) {
          throw new DatadirLockedError(`datadir ${datadir} is already in use by this process (lock ${path})`);
        }
        if (holder !== undefined && holder !== process.pid && isRunning(holder)) {
          throw new DatadirLockedError(
            `datadir ${datadir} is already in use by another process (pid ${holder}; if no node runs there, remove ${path})`,
          );
        }
        try {
          unlinkSync(path);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
      throw new DatadirLockedError(`datadir ${datadir}: could not take the lock ${path}`);
    } finally {
      unlinkSync(temp);
    }
  }

  /** Removes the lock file if it is still ours; releasing twice is harmless. */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.path);
    if (readHolder(this.path) === process.pid) unlinkSync(this.path);
  }
}

/** classic-level reports a database held by another process as LEVEL_DATABASE_NOT_OPEN caused by LEVEL_LOCKED. */
export function translateOpenError(e: unknown, location: string): Error {
  const err = e as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  if (err?.cause?.code === 'LEVEL_LOCKED' || err?.code === 'LEVEL_LOCKED') {
    return new DatadirLockedError(`database ${location} is already opened by another process or instance`);
  }
  if (err?.code === 'LEVEL_DATABASE_NOT_OPEN' && err.cause?.message) {
    return new Error(`cannot open database ${location}: ${err.cause.message}`);
  }
  return e instanceof Error ? e : new Error(String(e));
}
