import { beforeAll, describe, expect, it } from 'vitest';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { Blockchain } from '../core/chain/blockchain.js';
import { generateBlocks, GWEI, SILENT_LOG, TEST_ADDRESSES, TEST_KEYS, testGenesis, transfer } from '../core/chain/testChain.js';
import { MemoryStore } from '../db/memoryStore.js';
import { GasPriceOracle } from './gasPriceOracle.js';

const [k0, k1] = TEST_KEYS as [Uint8Array, Uint8Array];
const to = new Uint8Array(20).fill(7);
let chain: Blockchain;

beforeAll(async () => {
  const genesis = testGenesis();
  const tipped = (key: Uint8Array, nonce: bigint, tip: bigint) => transfer(key, nonce, to, 1n, { maxPriorityFeePerGas: tip });
  const blocks = await generateBlocks({ genesis }, [
    // The producer's own transaction and a dust tip: nothing to sample.
    { coinbase: TEST_ADDRESSES[0], txs: (n) => [tipped(k0, n(k0), 50n * GWEI), tipped(k1, n(k1), 1n)] },
    // Four tips: the three lowest count.
    { txs: (n) => [8n, 5n, 7n, 6n].map((t) => tipped(k1, n(k1), t * GWEI)) },
    { txs: (n) => [tipped(k1, n(k1), 9n * GWEI)] },
  ]);
  chain = await Blockchain.open(new MemoryStore(), { engine: new BeaconEngine(), genesis, log: SILENT_LOG });
  await chain.insertChain(blocks);
});

describe('gas price oracle', () => {
  it('takes the percentile of the lowest tips, counting empty blocks as the last suggestion', () => {
    // Samples: 9 (block 3), 5, 6, 7 (block 2), the 1 gwei default (block 1): sorted 1 5 6 7 9, the 60th is 6.
    expect(new GasPriceOracle(chain, { defaultTip: GWEI }).suggestTipCap()).toBe(6n * GWEI);
    expect(new GasPriceOracle(chain, { defaultTip: GWEI, percentile: 0 }).suggestTipCap()).toBe(GWEI);
    expect(new GasPriceOracle(chain, { defaultTip: GWEI, percentile: 100 }).suggestTipCap()).toBe(9n * GWEI);
  });

  it('caps the suggestion at the maximum price', () => {
    expect(new GasPriceOracle(chain, { maxPrice: 4n * GWEI }).suggestTipCap()).toBe(4n * GWEI);
  });

  it('looks one block further back when a block says little', () => {
    // One block asked for, but block 3 gives a single tip: block 2 is read as well, and as it gives three, no more.
    expect(new GasPriceOracle(chain, { blocks: 1, percentile: 100, defaultTip: GWEI }).suggestTipCap()).toBe(9n * GWEI);
    expect(new GasPriceOracle(chain, { blocks: 1, percentile: 0, defaultTip: GWEI }).suggestTipCap()).toBe(5n * GWEI);
  });

  it('keeps its answer until the head changes', () => {
    let reads = 0;
    const counting = {
      get currentHeader() {
        return chain.currentHeader;
      },
      getBlockByNumber: (n: bigint) => {
        reads++;
        return chain.getBlockByNumber(n);
      },
    };
    const oracle = new GasPriceOracle(counting);
    const first = oracle.suggestTipCap();
    const afterFirst = reads;
    expect(oracle.suggestTipCap()).toBe(first);
    expect(reads).toBe(afterFirst);
  });

  it('refuses a configuration it cannot use', () => {
    expect(() => new GasPriceOracle(chain, { blocks: 0 })).toThrow(/blocks must be at least 1/);
    expect(() => new GasPriceOracle(chain, { percentile: 101 })).toThrow(/percentile must be within 0..100/);
  });
});
