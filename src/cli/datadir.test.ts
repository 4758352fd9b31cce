import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../common/bytes.js';
import { chaindataPath, DEFAULT_DATADIR, hasChaindata, openChaindata } from './datadir.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-datadir-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('datadir layout', () => {
  it("keeps the chain database in DATADIR/geth/chaindata, like geth, and defaults to ~/.tsgeth", () => {
    expect(DEFAULT_DATADIR).toBe(join(homedir(), '.tsgeth'));
    expect(chaindataPath('/x/y')).toBe('/x/y/geth/chaindata');
    expect(chaindataPath('rel')).toBe(join(process.cwd(), 'rel', 'geth', 'chaindata'));
  });

  it('opens the database under the datadir lock and gives the lock back on close', async () => {
    expect(hasChaindata(dir)).toBe(false);
    const db = await openChaindata(dir);
    expect(hasChaindata(dir)).toBe(true);
    expect(existsSync(join(dir, 'LOCK'))).toBe(true);
    await expect(openChaindata(dir)).rejects.toThrow(`datadir ${dir} is already in use`);
    const batch = db.store.batch();
    batch.put(utf8ToBytes('k'), utf8ToBytes('v'));
    await batch.write();
    await db.close();
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
    const again = await openChaindata(dir);
    expect(again.store.get(utf8ToBytes('k'))).toEqual(utf8ToBytes('v'));
    await again.close();
  });

  it('gives the lock back when the database cannot be opened', async () => {
    mkdirSync(join(dir, 'geth'), { recursive: true });
    writeFileSync(join(dir, 'geth', 'chaindata'), 'not a directory');
    await expect(openChaindata(dir)).rejects.toThrow(/cannot open database/);
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
  });
});
