// Where a node keeps its data, laid out like geth's: DATADIR/geth/chaindata holds the LevelDB chain database,
// DATADIR/keystore the key files, DATADIR/LOCK marks the datadir as in use. The default is ~/.tsgeth.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatadirLock } from '../db/datadirLock.js';
import { LevelStore } from '../db/levelStore.js';

export const DEFAULT_DATADIR = join(homedir(), '.tsgeth');

export function chaindataPath(datadir: string): string {
  return join(resolve(datadir), 'geth', 'chaindata');
}

export function keystorePath(datadir: string): string {
  return join(resolve(datadir), 'keystore');
}

export function hasChaindata(datadir: string): boolean {
  return existsSync(chaindataPath(datadir));
}

export interface Chaindata {
  store: LevelStore;
  /** Closes the database, then gives the datadir lock back. */
  close(): Promise<void>;
}

/** Takes the datadir lock and opens (creating if needed) the chain database. */
export async function openChaindata(datadir: string): Promise<Chaindata> {
  const lock = DatadirLock.acquire(datadir);
  let store: LevelStore;
  try {
    store = await LevelStore.open(chaindataPath(datadir));
  } catch (e) {
    lock.release();
    throw e;
  }
  return {
    store,
    close: async () => {
      try {
        await store.close();
      } finally {
        lock.release();
      }
    },
  };
}
