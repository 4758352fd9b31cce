import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatadirLock, DatadirLockedError, translateOpenError } from './datadirLock.js';

let root: string;
let datadir: string;
const locks: DatadirLock[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tsgeth-lock-'));
  datadir = join(root, 'data');
});

afterEach(() => {
  for (const l of locks.splice(0)) l.release();
  rmSync(root, { recursive: true, force: true });
});

function acquire(): DatadirLock {
  const l = DatadirLock.acquire(datadir);
  locks.push(l);
  return l;
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

describe('DatadirLock', () => {
  it('creates the datadir and a LOCK file holding our pid, and removes it on release', () => {
    const lock = acquire();
    expect(lock.path).toBe(join(datadir, 'LOCK'));
    expect(readFileSync(lock.path, 'utf8').trim()).toBe(String(process.pid));
    expect(readdirSync(datadir)).toEqual(['LOCK']);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lock.release();
    acquire();
  });

  it('refuses a second acquire while held in this process, however the path is spelled', () => {
    acquire();
    expect(() => DatadirLock.acquire(datadir)).toThrow(DatadirLockedError);
    expect(() => DatadirLock.acquire(join(datadir, '..', 'data', '.'))).toThrow(DatadirLockedError);
    expect(() => DatadirLock.acquire(datadir)).toThrow(`datadir ${datadir} is already in use by this process`);
  });

  it('refuses while another running process holds it, naming the datadir and the pid', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      acquire().release();
      writeFileSync(join(datadir, 'LOCK'), `${child.pid}\n`);
      expect(() => DatadirLock.acquire(datadir)).toThrow(
        `datadir ${datadir} is already in use by another process (pid ${child.pid}`,
      );
      // The holder's lock is left alone.
      expect(readFileSync(join(datadir, 'LOCK'), 'utf8').trim()).toBe(String(child.pid));
    } finally {
      child.kill();
    }
  });

  it('takes over a lock left by a process that is gone', () => {
    acquire().release();
    writeFileSync(join(datadir, 'LOCK'), `${deadPid()}\n`);
    const lock = acquire();
    expect(readFileSync(lock.path, 'utf8').trim()).toBe(String(process.pid));
  });

  it('takes over a lock with our pid that this process does not hold (pid reused after a crash)', () => {
    acquire().release();
    writeFileSync(join(datadir, 'LOCK'), `${process.pid}\n`);
    expect(acquire().path).toBe(join(datadir, 'LOCK'));
  });

  it('takes over an unreadable lock file', () => {
    acquire().release();
    writeFileSync(join(datadir, 'LOCK'), 'garbage');
    expect(readFileSync(acquire().path, 'utf8').trim()).toBe(String(process.pid));
  });

  it('does not remove a lock that another process took after ours was broken', () => {
    const lock = acquire();
    writeFileSync(lock.path, '1\n');
    lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe('1\n');
  });
});

describe('translateOpenError', () => {
  it("turns classic-level's LEVEL_LOCKED into a DatadirLockedError naming the database", () => {
    const e = Object.assign(new Error('Database failed to open'), {
      code: 'LEVEL_DATABASE_NOT_OPEN',
      cause: Object.assign(new Error('IO error: lock /d/LOCK: already held by process'), { code: 'LEVEL_LOCKED' }),
    });
    const t = translateOpenError(e, '/d');
    expect(t).toBeInstanceOf(DatadirLockedError);
    expect(t.message).toBe('database /d is already opened by another process or instance');
  });

  it('keeps the cause of other open failures and passes anything else through', () => {
    const e = Object.assign(new Error('Database failed to open'), { code: 'LEVEL_DATABASE_NOT_OPEN', cause: new Error('IO error: x') });
    expect(translateOpenError(e, '/d').message).toBe('cannot open database /d: IO error: x');
    const other = new Error('boom');
    expect(translateOpenError(other, '/d')).toBe(other);
    expect(translateOpenError('text', '/d').message).toBe('text');
  });
});
