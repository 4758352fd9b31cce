// The `pre` allocation of a GeneralStateTests or BlockchainTests test (geth's genesis alloc format: address ->
// balance, nonce, code, storage) written into a fresh in-memory store. Each case opens its own StateDB on the
// root; none of them writes to the store unless it commits, so one pre-state serves every case of a test.
import type { Bytes } from '../../src/common/bytes.js';
import { parseGenesis } from '../../src/core/genesis/genesis.js';
import { buildGenesisState } from '../../src/core/genesis/genesisState.js';
import { StateDatabase } from '../../src/core/state/stateDatabase.js';
import { StateDB } from '../../src/core/state/stateDb.js';
import { MemoryStore } from '../../src/db/memoryStore.js';
import { configForFork } from '../../src/params/forks.js';

export interface PreState {
  readonly db: StateDatabase;
  /** The state root of the allocation. */
  readonly root: Bytes;
}

/** Throws with a message naming the account and field when `pre` is not a valid allocation. */
export function buildPreState(pre: unknown): PreState {
  let alloc;
  try {
    // Only the allocation is read; the genesis parser wants a chain config, which plays no part in it.
    alloc = parseGenesis({ alloc: pre }, { defaultConfig: configForFork('Cancun') }).alloc;
  } catch (e) {
    throw new Error(`pre: ${(e as Error).message}`);
  }
  const store = new MemoryStore();
  const root = buildGenesisState(alloc, store);
  return { db: new StateDatabase(store), root };
}

/** A StateDB over the pre-state, for one case to change as it likes. */
export function openPreState(pre: PreState): StateDB {
  return new StateDB(pre.db, pre.root);
}
