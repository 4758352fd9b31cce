// Reading a datadir's chain after the CLI process has ended, and checking that it is whole: the head block with
// its header, body, receipts and state, a canonical index that links every block to its parent from genesis to
// the head, and nothing canonical above the head.
import { expect } from 'vitest';
import { bytesEqual, bytesToHex, type Bytes } from '../../src/common/bytes.js';
import { chaindataPath } from '../../src/cli/datadir.js';
import { BeaconEngine } from '../../src/consensus/beacon/beacon.js';
import { Blockchain } from '../../src/core/chain/blockchain.js';
import { SILENT_LOG } from '../../src/core/chain/testChain.js';
import { txSender } from '../../src/core/types/txSigner.js';
import { LevelStore } from '../../src/db/levelStore.js';

export interface StoredHead {
  number: bigint;
  hash: string;
  stateRoot: string;
}

/**
 * Opens the chain database directly, without the datadir lock (a killed process's lock file stays for the next
 * CLI run to take over), checks it up to `maxNumber` and returns the head.
 */
export async function inspectChain(datadir: string, maxNumber: bigint): Promise<StoredHead> {
  const store = await LevelStore.open(chaindataPath(datadir), { createIfMissing: false });
  try {
    const chain = await Blockchain.open(store, { engine: new BeaconEngine(), log: SILENT_LOG });
    const head = chain.currentBlock;
    const where = `head #${head.number} ${bytesToHex(head.hash)}`;
    expect(chain.getBlock(head.hash, head.number), `${where}: header and body`).toBeDefined();
    expect(chain.getReceipts(head.hash)?.length, `${where}: receipts`).toBe(head.transactions.length);
    expect(chain.hasState(head.header.stateRoot), `${where}: state root node`).toBe(true);
    // Reading accounts walks the state trie down to them: every node on the way must be stored.
    const state = chain.stateAt(head.header.stateRoot);
    const lastTx = head.transactions[head.transactions.length - 1];
    if (lastTx !== undefined) {
      expect(state.getNonce(txSender(lastTx)), `${where}: sender nonce`).toBe(lastTx.nonce + 1n);
      expect(state.getBalance(lastTx.to!), `${where}: recipient balance`).toBe(lastTx.value);
      expect(chain.getTransactionLookup(lastTx.hash)?.blockNumber, `${where}: transaction lookup`).toBe(head.number);
    }
    let hash: Bytes = head.hash;
    for (let n = head.number; n > 0n; n--) {
      const canonical = chain.getCanonicalHash(n);
      expect(canonical && bytesToHex(canonical), `canonical hash #${n}`).toBe(bytesToHex(hash));
      const header = chain.getHeader(hash, n);
      expect(header, `header #${n}`).toBeDefined();
      hash = header!.parentHash;
    }
    expect(bytesEqual(hash, chain.genesis.hash), 'the canonical chain ends at genesis').toBe(true);
    for (let n = head.number + 1n; n <= maxNumber; n++) {
      expect(chain.getCanonicalHash(n), `canonical hash #${n} above the head`).toBeUndefined();
    }
    return { number: head.number, hash: bytesToHex(head.hash), stateRoot: bytesToHex(head.header.stateRoot) };
  } finally {
    await store.close();
  }
}
