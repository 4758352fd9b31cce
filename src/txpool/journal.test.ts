import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Logger, type LogFields, type LogLevel } from '../common/log.js';
import type { Transaction } from '../core/types/transaction.js';
import { TxJournal } from './journal.js';
import { dynTx, legacyTx, testAccounts, type TestAccount } from './testPool.js';

class CapturingLogger extends Logger {
  readonly lines: string[] = [];
  override log(level: LogLevel, msg: string, fields?: LogFields): void {
    this.lines.push(`${level} ${msg}${fields?.err instanceof Error ? `: ${fields.err.message}` : ''}`);
  }
}

const [alice] = testAccounts(1) as [TestAccount];
const txs = [dynTx(alice, 0n), legacyTx(alice, 1n, 7n), dynTx(alice, 2n)];

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'txjournal-'));
  path = join(dir, 'transactions.rlp');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Loaded {
  loaded: Transaction[];
  total: number;
  dropped: number;
}

async function load(journal: TxJournal, refuse = 0): Promise<Loaded> {
  const loaded: Transaction[] = [];
  const { total, dropped } = await journal.load((batch) => {
    loaded.push(...batch);
    return Math.min(refuse, batch.length);
  });
  return { loaded, total, dropped };
}

describe('TxJournal', () => {
  it('loads nothing from a missing file', async () => {
    expect(await load(new TxJournal(path, new CapturingLogger()))).toEqual({ loaded: [], total: 0, dropped: 0 });
  });

  it('rotates to exactly the given transactions, then appends (not before a first rotation)', async () => {
    const journal = new TxJournal(path, new CapturingLogger());
    journal.insert(txs[0]!);
    expect(existsSync(path)).toBe(false);
    journal.rotate([txs[0]!, txs[1]!]);
    journal.insert(txs[2]!);
    journal.close();
    const { loaded, total, dropped } = await load(new TxJournal(path, new CapturingLogger()), 1);
    expect(loaded.map((t) => t.hash)).toEqual(txs.map((t) => t.hash));
    expect({ total, dropped }).toEqual({ total: 3, dropped: 1 });

    journal.rotate([txs[2]!]);
    journal.close();
    expect((await load(new TxJournal(path, new CapturingLogger()))).loaded.map((t) => t.hash)).toEqual([txs[2]!.hash]);
    expect(existsSync(`${path}.new`)).toBe(false);
  });

  it('reads a damaged file up to the damage and says so', async () => {
    const journal = new TxJournal(path, new CapturingLogger());
    journal.rotate(txs.slice(0, 2));
    journal.close();
    appendFileSync(path, Uint8Array.of(0xc3, 0x01));
    const log = new CapturingLogger();
    const { loaded } = await load(new TxJournal(path, log));
    expect(loaded.map((t) => t.hash)).toEqual(txs.slice(0, 2).map((t) => t.hash));
    expect(log.lines.some((l) => l.startsWith('error Failed to load transaction journal: '))).toBe(true);
  });

  it('logs a rotation it cannot write instead of throwing', () => {
    const log = new CapturingLogger();
    const journal = new TxJournal(join(dir, 'missing', 'transactions.rlp'), log);
    journal.rotate(txs);
    journal.insert(txs[0]!);
    expect(log.lines.some((l) => l.startsWith('warn Failed to rotate local transaction journal: '))).toBe(true);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
