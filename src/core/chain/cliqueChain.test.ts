// A clique proof-of-authority chain end to end: blocks built with the real BlockBuilder, prepared and sealed by
// each signer's own engine, imported into a Blockchain that verifies them with another engine instance.
import { describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, hexToBytes, type Bytes } from '../../common/bytes.js';
import { CliqueEngine } from '../../consensus/clique/clique.js';
import { cliqueExtraData, EXTRA_VANITY } from '../../consensus/clique/extraData.js';
import { cliqueSealHash, privateKeySignFn, withSeal } from '../../consensus/clique/seal.js';
import { ConsensusError } from '../../consensus/errors.js';
import { privateKeyToAddress, sign, signatureToBytes } from '../../crypto/secp256k1.js';
import { MemoryStore } from '../../db/memoryStore.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { configForFork } from '../../params/forks.js';
import { Block } from '../types/block.js';
import type { Header } from '../types/header.js';
import type { Transaction } from '../types/transaction.js';
import { buildBlock } from './blockBuilder.js';
import { Blockchain } from './blockchain.js';
import { InvalidBlockError } from './errors.js';
import { GWEI, SILENT_LOG, TEST_CHAIN_ID, TEST_KEYS, testGenesis, transfer } from './testChain.js';

// Every fork through Cancun at genesis, without a merge: a PoA devnet's chain.
const CONFIG: ChainConfig = {
  ...configForFork('Cancun', TEST_CHAIN_ID),
  terminalTotalDifficulty: undefined,
  clique: { period: 1, epoch: 4 },
};
/** Signers without funds, so that their balances show exactly the fees they earned. */
const SIGNER_KEYS: readonly Bytes[] = [1n, 2n, 3n, 4n].map((k) => bigintToFixedBytes(0x5150n + k, 32));
const [A, B, C, D] = SIGNER_KEYS.map(privateKeyToAddress) as [Bytes, Bytes, Bytes, Bytes];
const RECIPIENT = bigintToFixedBytes(0xbeefn, 20);
const hex = bytesToHex;

interface Network {
  chain: Blockchain;
  /** The engine the chain verifies with. */
  verifier: CliqueEngine;
  /** Each signer's own engine, by address. */
  sealers: Map<string, CliqueEngine>;
  /** The clock (seconds) every engine reads. */
  clock: { now: bigint };
}

async function network(): Promise<Network> {
  const clock = { now: 0n };
  const now = () => clock.now;
  const verifier = new CliqueEngine(CONFIG.clique!, { now });
  const genesis = { ...testGenesis(CONFIG), extraData: cliqueExtraData([A, B, C]) };
  const chain = await Blockchain.open(new MemoryStore(), { engine: verifier, genesis, log: SILENT_LOG });
  const sealers = new Map<string, CliqueEngine>();
  for (const key of SIGNER_KEYS) {
    const engine = new CliqueEngine(CONFIG.clique!, { now, random: () => 0 });
    engine.authorize(privateKeyToAddress(key), privateKeySignFn(key));
    sealers.set(hex(privateKeyToAddress(key)), engine);
  }
  return { chain, verifier, sealers, clock };
}

/** A block on `parent` built, prepared and sealed by `signer`'s engine, one period later. */
async function sealBlock(net: Network, parent: Header, signer: Bytes, txs: Transaction[] = []): Promise<Block> {
  const engine = net.sealers.get(hex(signer))!;
  net.clock.now = parent.timestamp + 1n;
  const state = net.chain.stateAt(parent.stateRoot);
  const attrs = { timestamp: parent.timestamp + 1n, coinbase: signer };
  return engine.seal(net.chain, buildBlock(net.chain, engine, parent, state, attrs, txs).block);
}

/** The signer whose turn the child of `parent` is. */
function inTurnSigner(net: Network, parent: Header): Bytes {
  const snap = net.verifier.snapshot(net.chain, parent.number, parent.hash);
  return snap.signers.find((s) => snap.inTurn(parent.number + 1n, s))!;
}

/** A signer other than the in-turn one that may sign the child of `parent`. */
function outOfTurnSigner(net: Network, parent: Header): Bytes {
  const snap = net.verifier.snapshot(net.chain, parent.number, parent.hash);
  const inTurn = hex(inTurnSigner(net, parent));
  return snap.signers.find((s) => hex(s) !== inTurn && !snap.recentlySigned(s, parent.number + 1n))!;
}

describe('a clique chain in a Blockchain', () => {
  it('imports sealed blocks, pays the fees to the signers, votes a signer in and lists it at the checkpoint', async () => {
    const net = await network();
    const { chain, verifier } = net;
    let nonce = 0n;
    const pay = () => [transfer(TEST_KEYS[0]!, nonce++, RECIPIENT, 1n)];
    const earned = new Map<string, bigint>();
    const credit = (signer: Bytes) => earned.set(hex(signer), (earned.get(hex(signer)) ?? 0n) + 21_000n * GWEI);

    // Blocks 1 and 2: two of the three signers vote D in.
    for (const sealer of net.sealers.values()) sealer.propose(D, true);
    for (let i = 0; i < 2; i++) {
      const signer = inTurnSigner(net, chain.currentHeader);
      const block = await sealBlock(net, chain.currentHeader, signer, pay());
      expect(block.header.difficulty).toBe(2n);
      expect(hex(block.header.coinbase)).toBe(hex(D));
      expect(hex(block.header.nonce)).toBe('0xffffffffffffffff');
      expect(hex(verifier.author(block.header))).toBe(hex(signer));
      expect(await chain.insertChain([block])).toBe(1);
      credit(signer);
    }
    expect(verifier.snapshot(chain, 2n, chain.currentHeader.hash).signers.map(hex)).toEqual([A, B, C, D].map(hex).sort());

    // Block 3 by D, block 4 a checkpoint listing all four signers.
    for (const sealer of net.sealers.values()) sealer.discard(D);
    const b3 = await sealBlock(net, chain.currentHeader, D, pay());
    await chain.insertChain([b3]);
    credit(D);
    const b4 = await sealBlock(net, b3.header, inTurnSigner(net, b3.header));
    const listed = b4.header.extraData.subarray(EXTRA_VANITY, EXTRA_VANITY + 80);
    expect(hex(listed)).toBe(hex(cliqueExtraData([A, B, C, D]).subarray(EXTRA_VANITY, EXTRA_VANITY + 80)));
    await chain.insertChain([b4]);

    expect(chain.currentBlock.number).toBe(4n);
    // Cancun runs on this clique chain: its headers carry the Shanghai and Cancun fields.
    expect(chain.currentHeader.withdrawalsRoot).toBeDefined();
    expect(chain.currentHeader.excessBlobGas).toBe(0n);
    expect(chain.currentHeader.parentBeaconBlockRoot).toBeDefined();
    expect(chain.currentTd).toBe(1n + 2n + 2n + b3.header.difficulty + 2n);
    const state = chain.stateAt(chain.currentHeader.stateRoot);
    expect(state.getBalance(RECIPIENT)).toBe(3n);
    for (const [signer, fees] of earned) expect(state.getBalance(hexToBytes(signer))).toBe(fees);
    // A fresh engine rebuilds the same signers from the stored headers.
    const cold = new CliqueEngine(CONFIG.clique!, { now: () => net.clock.now });
    expect(cold.snapshot(chain, 4n, b4.hash).signers.map(hex)).toEqual([A, B, C, D].map(hex).sort());
  });

  it('chooses the heavier branch: an in-turn block beats an out-of-turn sibling in either order', async () => {
    const net = await network();
    const { chain } = net;
    const b1 = await sealBlock(net, chain.genesis.header, inTurnSigner(net, chain.genesis.header));
    await chain.insertChain([b1]);
    const heavy = await sealBlock(net, b1.header, inTurnSigner(net, b1.header));
    const light = await sealBlock(net, b1.header, outOfTurnSigner(net, b1.header));
    expect([heavy.header.difficulty, light.header.difficulty]).toEqual([2n, 1n]);

    await chain.insertChain([light]);
    expect(hex(chain.currentBlock.hash)).toBe(hex(light.hash));
    await chain.insertChain([heavy]);
    expect(hex(chain.currentBlock.hash)).toBe(hex(heavy.hash));
    expect(chain.currentTd).toBe(1n + 2n + 2n);

    const other = await network();
    other.clock.now = net.clock.now;
    await other.chain.insertChain([b1, heavy]);
    await other.chain.insertChain([light]);
    expect(hex(other.chain.currentBlock.hash)).toBe(hex(heavy.hash));
  });

  it('refuses to seal for an unauthorized or recent signer, and refuses such a block on import', async () => {
    const net = await network();
    const { chain } = net;
    await expect(sealBlock(net, chain.genesis.header, D)).rejects.toThrow(`unauthorized signer ${hex(D)}`);

    const signer = inTurnSigner(net, chain.genesis.header);
    const b1 = await sealBlock(net, chain.genesis.header, signer);
    await chain.insertChain([b1]);
    await expect(sealBlock(net, b1.header, signer)).rejects.toThrow(/^recently signed/);
    // A block the recent signer signs anyway, bypassing its engine.
    const honest = await sealBlock(net, b1.header, outOfTurnSigner(net, b1.header));
    const key = SIGNER_KEYS.find((k) => hex(privateKeyToAddress(k)) === hex(signer))!;
    const resealed = withSeal(honest.header, signatureToBytes(sign(cliqueSealHash(honest.header), key)));
    const err = await chain.insertChain([new Block(resealed, honest.body)]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidBlockError);
    expect((err as InvalidBlockError).reason).toBeInstanceOf(ConsensusError);
    expect((err as InvalidBlockError).reason.message).toMatch(/^recently signed/);
    expect(chain.currentBlock.number).toBe(1n);
  });
});
