// Test support for the request handlers: a real chain on a MemoryStore with a canonical branch of 12 blocks (one
// transfer each) and a stored side branch of 3 blocks forking after block 5, which lost the head to the main one.
import { BeaconEngine } from '../../consensus/beacon/beacon.js';
import { Blockchain } from '../../core/chain/blockchain.js';
import { generateBlocks, SILENT_LOG, testGenesis, transferSpecs } from '../../core/chain/testChain.js';
import type { Block } from '../../core/types/block.js';
import { MemoryStore } from '../../db/memoryStore.js';

export interface ServingChain {
  chain: Blockchain;
  /** Blocks 1..12 of the canonical chain (main[i] has number i + 1). */
  main: Block[];
  /** Blocks 6..8 of the side branch (side[i] has number i + 6). */
  side: Block[];
}

export const RECIPIENT = new Uint8Array(20).fill(0x77);

export async function servingChain(): Promise<ServingChain> {
  const genesis = testGenesis();
  const main = await generateBlocks({ genesis }, transferSpecs(12, RECIPIENT));
  const side = await generateBlocks(
    { genesis, prefix: main.slice(0, 5) },
    transferSpecs(3, RECIPIENT, 2n, { coinbase: new Uint8Array(20).fill(0x51) }),
  );
  const chain = await Blockchain.open(new MemoryStore(), { engine: new BeaconEngine(), genesis, log: SILENT_LOG });
  // After the merge every imported block becomes the head: import the side branch first so the main one wins.
  await chain.insertChain([...main.slice(0, 5), ...side]);
  await chain.insertChain(main.slice(5));
  return { chain, main, side };
}
