// The chain stored in a datadir, for the commands that work on it (import, export): the datadir must have been
// set up by `geth init`; a missing chain database is reported rather than silently created.
//
// Engine: the one the stored chain config calls for (engineFor): clique for a proof-of-authority chain, the
// post-merge BeaconEngine otherwise. There is no proof-of-work engine: a pre-merge block of such a chain is
// refused with a reason that says so, rather than accepted unchecked.
import { resolve } from 'node:path';
import type { Logger } from '../common/log.js';
import { engineFor } from '../consensus/engineFor.js';
import { Blockchain } from '../core/chain/blockchain.js';
import { readStoredChainConfig } from '../core/rawdb/chainConfig.js';
import { hasChaindata, openChaindata } from './datadir.js';

export interface OpenChain {
  chain: Blockchain;
  /** Closes the database and gives the datadir lock back. */
  close(): Promise<void>;
}

export class NotInitialisedError extends Error {
  constructor(datadir: string) {
    super(`datadir ${resolve(datadir)} holds no chain: initialise it first with \`geth init --datadir ${datadir} <genesis.json>\``);
    this.name = 'NotInitialisedError';
  }
}

/** Takes the datadir lock and opens its chain; throws NotInitialisedError when `geth init` has not run there. */
export async function openChain(datadir: string, log?: Logger): Promise<OpenChain> {
  // Checked before the lock, which would create the datadir.
  if (!hasChaindata(datadir)) throw new NotInitialisedError(datadir);
  const db = await openChaindata(datadir);
  try {
    // A chain database without a genesis (an init that never finished) is as good as none.
    const config = readStoredChainConfig(db.store);
    if (config === undefined) throw new NotInitialisedError(datadir);
    const chain = await Blockchain.open(db.store, { engine: engineFor(config), log });
    return { chain, close: db.close };
  } catch (e) {
    await db.close();
    throw e;
  }
}
