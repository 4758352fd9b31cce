import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { testGenesis } from '../core/chain/testChain.js';
import { genesisBlock } from '../core/genesis/genesisBlock.js';
import { setupGenesis } from '../core/genesis/setupGenesis.js';
import { openChain, NotInitialisedError } from './chain.js';
import { openChaindata } from './datadir.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-open-chain-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openChain', () => {
  it('refuses a datadir without a chain database, creating nothing', async () => {
    const datadir = join(dir, 'absent');
    await expect(openChain(datadir)).rejects.toThrow(
      `datadir ${datadir} holds no chain: initialise it first with \`geth init --datadir ${datadir} <genesis.json>\``,
    );
    expect(existsSync(datadir)).toBe(false);
  });

  it('refuses a chain database without a genesis, and gives the lock back', async () => {
    await (await openChaindata(dir)).close();
    await expect(openChain(dir)).rejects.toBeInstanceOf(NotInitialisedError);
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
  });

  it('opens an initialised datadir under its lock with the post-merge engine', async () => {
    const genesis = testGenesis();
    const db = await openChaindata(dir);
    await setupGenesis(db.store, genesis);
    await db.close();

    const { chain, close } = await openChain(dir);
    try {
      expect(chain.currentBlock.hash).toEqual(genesisBlock(genesis).hash);
      expect(chain.engine).toBeInstanceOf(BeaconEngine);
      await expect(openChain(dir)).rejects.toThrow('is already in use by this process');
    } finally {
      await close();
    }
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
  });
});
