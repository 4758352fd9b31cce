import { afterEach, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, type Bytes } from '../common/bytes.js';
import { CliqueEngine } from '../consensus/clique/clique.js';
import { cliqueExtraData } from '../consensus/clique/extraData.js';
import { privateKeySignFn } from '../consensus/clique/seal.js';
import { Blockchain } from '../core/chain/blockchain.js';
import { SILENT_LOG, TEST_CHAIN_ID, TEST_KEYS, testGenesis, transfer } from '../core/chain/testChain.js';
import { privateKeyToAddress } from '../crypto/secp256k1.js';
import { MemoryStore } from '../db/memoryStore.js';
import type { ChainConfig } from '../params/chainConfig.js';
import { configForFork } from '../params/forks.js';
import { TxPool } from '../txpool/txPool.js';
import { SealingMiner } from './sealingMiner.js';

const SIGNER_KEY = bigintToFixedBytes(0x5151n, 32);
const SIGNER = privateKeyToAddress(SIGNER_KEY);
const OTHER_SIGNER = bigintToFixedBytes(0x5152n, 20);
const RECIPIENT = bigintToFixedBytes(0xbeefn, 20);

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function setup(period: number, signers: Bytes[] = [SIGNER]) {
  const config: ChainConfig = { ...configForFork('Cancun', TEST_CHAIN_ID), terminalTotalDifficulty: undefined, clique: { period, epoch: 30_000 } };
  const engine = new CliqueEngine(config.clique!);
  engine.authorize(SIGNER, privateKeySignFn(SIGNER_KEY));
  const genesis = { ...testGenesis(config), timestamp: BigInt(Math.floor(Date.now() / 1000)) - 10n, extraData: cliqueExtraData(signers) };
  const chain = await Blockchain.open(new MemoryStore(), { engine, genesis, log: SILENT_LOG });
  const pool = new TxPool({ chain, log: SILENT_LOG });
  await pool.start();
  const miner = new SealingMiner({ chain, pool, engine, period, gasLimit: 30_000_000n, minTip: 1n, log: SILENT_LOG });
  const sealed: bigint[] = [];
  miner.events.on('sealed', (b) => sealed.push(b.number));
  await miner.start();
  stops.push(() => pool.stop(), () => miner.stop());
  return { chain, pool, miner, engine, sealed };
}

async function waitFor(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SealingMiner (clique)', () => {
  it('seals a block every period, empty or not, signed by its signer and paid to it', async () => {
    const { chain, pool, engine, sealed } = await setup(1);
    expect(pool.add([transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 5n)])[0]!.ok).toBe(true);
    await waitFor('two blocks', () => chain.currentHeader.number >= 2n);
    const [b1, b2] = [chain.getBlockByNumber(1n)!, chain.getBlockByNumber(2n)!];
    expect(b1.transactions.length + b2.transactions.length).toBe(1);
    for (const b of [b1, b2]) {
      expect(bytesToHex(engine.author(b.header))).toBe(bytesToHex(SIGNER));
      expect(b.header.difficulty).toBe(2n); // the only signer is always in turn
      expect(b.header.parentBeaconBlockRoot).toBeDefined();
    }
    // One period apart at least (the first may catch up with a genesis in the past).
    expect(b2.header.timestamp - b1.header.timestamp).toBeGreaterThanOrEqual(1n);
    expect(chain.stateAtHeader(chain.currentHeader).getBalance(SIGNER)).toBeGreaterThan(0n);
    expect(sealed.slice(0, 2)).toEqual([1n, 2n]);
  });

  it('with period 0 seals only when transactions are pending', async () => {
    const { chain, pool } = await setup(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(chain.currentHeader.number).toBe(0n);
    expect(pool.add([transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 5n)])[0]!.ok).toBe(true);
    await waitFor('a block with the transaction', () => chain.currentHeader.number === 1n);
    expect(chain.currentBlock.transactions).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(chain.currentHeader.number).toBe(1n);
  });

  it('does not seal twice in a row when another signer must sign in between', async () => {
    // Two signers: this one may sign one block of every two (floor(2/2)+1 = 2).
    const { chain, sealed } = await setup(1, [SIGNER, OTHER_SIGNER]);
    await waitFor('one block', () => chain.currentHeader.number === 1n);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(chain.currentHeader.number).toBe(1n);
    expect(sealed).toEqual([1n]);
  });
});
