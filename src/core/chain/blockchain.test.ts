import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex } from '../../common/bytes.js';
import { BeaconEngine } from '../../consensus/beacon/beacon.js';
import type { Engine } from '../../consensus/engine.js';
import type { KeyValueStore, WriteBatch } from '../../db/keyValueStore.js';
import { LevelStore } from '../../db/levelStore.js';
import { MemoryStore } from '../../db/memoryStore.js';
import { headerTdKey } from '../../db/schema.js';
import { configForFork } from '../../params/forks.js';
import { orderedTrieRoot } from '../../trie/orderedTrieRoot.js';
import { GenesisMismatchError } from '../genesis/setupGenesis.js';
import { DatabaseCorruptionError } from '../rawdb/corruption.js';
import { readTxLookup } from '../rawdb/txLookup.js';
import { Block } from '../types/block.js';
import { Header } from '../types/header.js';
import { encodeTransaction } from '../types/transaction.js';
import { Blockchain } from './blockchain.js';
import type { ReorgEvent } from './chainEvents.js';
import { InvalidBlockError, UnknownAncestorError } from './errors.js';
import {
  generateBlocks,
  GWEI,
  SILENT_LOG,
  TEST_ADDRESSES,
  TEST_FUNDS,
  TEST_KEYS,
  testGenesis,
  transfer,
  transferSpecs,
  type BlockSpec,
} from './testChain.js';
import { FakePowEngine } from './testEngine.js';

const RECIPIENT = bigintToFixedBytes(0xbeefn, 20);
const SIDE_COINBASE = bigintToFixedBytes(0x51den, 20);
const hex = bytesToHex;

async function openChain(
  genesis = testGenesis(),
  engine: Engine = new BeaconEngine(),
  store: KeyValueStore = new MemoryStore(),
): Promise<Blockchain> {
  return Blockchain.open(store, { engine, genesis, log: SILENT_LOG });
}

/** A MemoryStore whose next batch can be made to fail as a full disk would, writing nothing. */
class FailingStore extends MemoryStore {
  failNext = false;
  batchesWritten = 0;

  override batch(): WriteBatch {
    const inner = super.batch();
    return {
      put: (key, value) => inner.put(key, value),
      delete: (key) => inner.delete(key),
      get size() {
        return inner.size;
      },
      write: async () => {
        if (this.failNext) {
          this.failNext = false;
          throw new Error('disk full');
        }
        this.batchesWritten++;
        await inner.write();
      },
    };
  }
}

/** Records every event the chain fires, as short strings. */
function record(chain: Blockchain): { events: string[]; reorgs: ReorgEvent[] } {
  const events: string[] = [];
  const reorgs: ReorgEvent[] = [];
  chain.events.on('chainHead', (b) => events.push(`head ${b.number}`));
  chain.events.on('chainSideHead', (b) => events.push(`side ${b.number}`));
  chain.events.on('reorg', (r) => {
    reorgs.push(r);
    events.push(`reorg ${r.oldHead.number}->${r.newHead.number}`);
  });
  return { events, reorgs };
}

async function rejection(promise: Promise<unknown>): Promise<InvalidBlockError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InvalidBlockError);
  return err as InvalidBlockError;
}

/** The transaction is not in the canonical chain, and no lookup entry for it is left in the store. */
function expectNoLookup(chain: Blockchain, txHash: Uint8Array): void {
  expect(chain.getTransactionLookup(txHash)).toBeUndefined();
  expect(readTxLookup(chain.store, txHash)).toBeUndefined();
}

/** The block with some header fields changed (its hash changes with them). */
function withHeader(block: Block, changes: Partial<Header>): Block {
  return new Block(new Header({ ...block.header, ...changes }), block.body);
}

describe('Blockchain on a MemoryStore (merged at genesis)', () => {
  it('opens on a new genesis with the genesis as head', async () => {
    const chain = await openChain();
    expect(chain.currentBlock.number).toBe(0n);
    expect(hex(chain.currentHeader.hash)).toBe(hex(chain.genesis.hash));
    expect(chain.getCanonicalHash(0n)).toEqual(chain.genesis.hash);
    expect(chain.getTd(chain.genesis.hash, 0n)).toBe(0n);
    expect(chain.currentTd).toBe(0n);
    expect(chain.stateAt(chain.genesis.header.stateRoot).getBalance(TEST_ADDRESSES[0]!)).toBe(TEST_FUNDS);
    expect(chain.getHeaderByNumber(1n)).toBeUndefined();
    expect(chain.getBlockByHash(new Uint8Array(32))).toBeUndefined();
    expect(chain.getReceipts(new Uint8Array(32))).toBeUndefined();
    expect(chain.getTransactionLookup(new Uint8Array(32))).toBeUndefined();
  });

  it('refuses a store without a chain, and a genesis other than the stored one', async () => {
    await expect(Blockchain.open(new MemoryStore(), { engine: new BeaconEngine(), log: SILENT_LOG })).rejects.toThrow(
      /no genesis block/,
    );
    const store = new MemoryStore();
    await openChain(testGenesis(), new BeaconEngine(), store);
    const other = { ...testGenesis(), timestamp: 5n };
    await expect(openChain(other, new BeaconEngine(), store)).rejects.toBeInstanceOf(GenesisMismatchError);
  });

  it('imports a chain of transfers: head, canonical index, receipts, lookups, state, events', async () => {
    const genesis = testGenesis();
    const blocks = await generateBlocks({ genesis }, transferSpecs(5, RECIPIENT, 7n));
    const chain = await openChain(genesis);
    const { events } = record(chain);

    expect(await chain.insertChain(blocks)).toBe(5);

    expect(chain.currentBlock.hash).toEqual(blocks[4]!.hash);
    expect(events).toEqual(['head 1', 'head 2', 'head 3', 'head 4', 'head 5']);
    for (const b of blocks) {
      expect(chain.getCanonicalHash(b.number)).toEqual(b.hash);
      expect(chain.getHeaderByNumber(b.number)?.hash).toEqual(b.hash);
      expect(chain.getBlockByNumber(b.number)?.transactions.map((t) => hex(t.hash))).toEqual(
        b.transactions.map((t) => hex(t.hash)),
      );
      expect(chain.getTd(b.hash, b.number)).toBe(0n);
      const receipts = chain.getReceipts(b.hash)!;
      expect(receipts).toHaveLength(1);
      expect(receipts[0]!.status).toBe(1);
      expect(receipts[0]!.cumulativeGasUsed).toBe(21_000n);
      const tx = b.transactions[0]!;
      expect(chain.getTransactionLookup(tx.hash)).toEqual({
        transaction: tx,
        blockHash: b.hash,
        blockNumber: b.number,
        index: 0,
      });
    }
    const state = chain.stateAt(chain.currentHeader.stateRoot);
    expect(state.getBalance(RECIPIENT)).toBe(35n);
    expect(state.getNonce(TEST_ADDRESSES[0]!)).toBe(5n);
  });

  it('skips blocks it already has without firing events', async () => {
    const genesis = testGenesis();
    const blocks = await generateBlocks({ genesis }, transferSpecs(3, RECIPIENT));
    const chain = await openChain(genesis);
    await chain.insertChain(blocks.slice(0, 2));
    const { events } = record(chain);
    expect(await chain.insertChain(blocks.slice(0, 2))).toBe(0);
    expect(events).toEqual([]);
    // A batch may start with known blocks and go on with new ones.
    expect(await chain.insertChain(blocks)).toBe(1);
    expect(events).toEqual(['head 3']);
    expect(chain.currentBlock.number).toBe(3n);
  });

  it('rejects a block whose parent is unknown, naming the block', async () => {
    const genesis = testGenesis();
    const blocks = await generateBlocks({ genesis }, transferSpecs(2, RECIPIENT));
    const chain = await openChain(genesis);
    const err = await rejection(chain.insertChain([blocks[1]!]));
    expect(err.index).toBe(0);
    expect(err.reason).toBeInstanceOf(UnknownAncestorError);
    expect(err.number).toBe(2n);
    expect(err.hash).toEqual(blocks[1]!.hash);
    expect(err.message).toBe(
      `invalid block #2 [${hex(blocks[1]!.hash)}]: unknown ancestor ${hex(blocks[0]!.hash)}`,
    );
    expect(chain.currentBlock.number).toBe(0n);
    expect(chain.hasBlock(blocks[1]!.hash, 2n)).toBe(false);
  });

  it('keeps the valid blocks before an invalid one in a batch and stops there', async () => {
    const genesis = testGenesis();
    const blocks = await generateBlocks({ genesis }, transferSpecs(4, RECIPIENT));
    const bad = withHeader(blocks[2]!, { stateRoot: new Uint8Array(32).fill(9) });
    // A child of the bad block: never looked at, since the import stops at its parent.
    const after = withHeader(blocks[3]!, { parentHash: bad.hash });
    const chain = await openChain(genesis);
    const { events } = record(chain);

    const err = await rejection(chain.insertChain([blocks[0]!, blocks[1]!, bad, after]));

    expect(err.index).toBe(2);
    expect(err.number).toBe(3n);
    expect(err.message).toBe(
      `invalid block #3 [${hex(bad.hash)}]: invalid merkle root (remote: ${hex(bad.header.stateRoot)} ` +
        `local: ${hex(blocks[2]!.header.stateRoot)})`,
    );
    expect(chain.currentBlock.hash).toEqual(blocks[1]!.hash);
    expect(events).toEqual(['head 1', 'head 2']);
    expect(chain.hasBlock(bad.hash, 3n)).toBe(false);
    expect(chain.getCanonicalHash(3n)).toBeUndefined();
    // The chain goes on from where it stopped.
    expect(await chain.insertChain(blocks.slice(2))).toBe(2);
    expect(chain.currentBlock.hash).toEqual(blocks[3]!.hash);
  });

  it('names the transaction that makes a block invalid', async () => {
    const genesis = testGenesis();
    const [b1, b2] = await generateBlocks({ genesis }, transferSpecs(2, RECIPIENT));
    // Block 2 replaying block 1's transaction: its nonce is used up.
    const replayed = b1!.transactions[0]!;
    const header = new Header({
      ...b2!.header,
      transactionsRoot: orderedTrieRoot([encodeTransaction(replayed)]),
    });
    const bad = new Block(header, { ...b2!.body, transactions: [replayed] });
    const chain = await openChain(genesis);
    await chain.insertChain([b1!]);
    const err = await rejection(chain.insertChain([bad]));
    expect(err.message).toBe(
      `invalid block #2 [${hex(bad.hash)}]: could not apply tx 0 [${hex(replayed.hash)}]: ` +
        `nonce too low: address ${hex(TEST_ADDRESSES[0]!)}, tx: 0 state: 1`,
    );
    expect(chain.currentBlock.hash).toEqual(b1!.hash);
  });

  it('rejects a header the engine refuses and a body that does not match the header', async () => {
    const genesis = testGenesis();
    const [b1] = await generateBlocks({ genesis }, transferSpecs(1, RECIPIENT));
    const chain = await openChain(genesis);
    const badTime = withHeader(b1!, { timestamp: 0n });
    expect((await rejection(chain.insertChain([badTime]))).message).toMatch(/invalid timestamp: have 0, parent 0$/);
    const noTxs = new Block(b1!.header, { ...b1!.body, transactions: [] });
    expect((await rejection(chain.insertChain([noTxs]))).message).toMatch(/transaction root hash mismatch/);
    const wrongGas = withHeader(b1!, { gasUsed: 21_001n });
    expect((await rejection(chain.insertChain([wrongGas]))).message).toMatch(
      /invalid gas used \(remote: 21001 local: 21000\)$/,
    );
    expect(chain.currentBlock.number).toBe(0n);
  });

  it('reports a damaged database as such, not as an invalid block', async () => {
    const genesis = testGenesis();
    const [b1] = await generateBlocks({ genesis }, transferSpecs(1, RECIPIENT));
    const store = new MemoryStore();
    const chain = await openChain(genesis, new BeaconEngine(), store);
    store.put(headerTdKey(0n, chain.genesis.hash), Uint8Array.of(0xc0));
    const err = await chain.insertChain([b1!]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseCorruptionError);
    expect((err as Error).message).toMatch(/^database: corrupt total difficulty of 0 0x/);
  });

  it('refuses a batch that is not a contiguous chain before importing anything', async () => {
    const genesis = testGenesis();
    const blocks = await generateBlocks({ genesis }, transferSpecs(3, RECIPIENT));
    const chain = await openChain(genesis);
    await expect(chain.insertChain([blocks[0]!, blocks[2]!])).rejects.toThrow(
      /^non contiguous insert: item 0 is #1 \[0x[0-9a-f]{64}\], item 1 is #3/,
    );
    expect(chain.currentBlock.number).toBe(0n);
  });

  it('makes every imported block the head after the merge, reorganising the canonical index', async () => {
    const genesis = testGenesis();
    const main = await generateBlocks({ genesis }, transferSpecs(3, RECIPIENT));
    // A side chain from block 1: other recipients and coinbase, so other transactions and hashes.
    const sideSpecs: BlockSpec[] = [1, 2].map((i) => ({
      coinbase: SIDE_COINBASE,
      txs: (nonce) => [transfer(TEST_KEYS[1]!, nonce(TEST_KEYS[1]!), bigintToFixedBytes(BigInt(i), 20), 5n)],
    }));
    const side = await generateBlocks({ genesis, prefix: main.slice(0, 1) }, sideSpecs);
    const chain = await openChain(genesis);
    await chain.insertChain(main);
    const { events, reorgs } = record(chain);

    await chain.insertChain(side.slice(0, 1));

    // Lower than the old head, yet the head: the consensus layer chose it.
    expect(chain.currentBlock.hash).toEqual(side[0]!.hash);
    expect(events).toEqual(['reorg 3->2', 'head 2']);
    const r = reorgs[0]!;
    expect(r.ancestor.hash).toEqual(main[0]!.hash);
    expect(r.removed.map((b) => b.number)).toEqual([3n, 2n]);
    expect(r.added.map((b) => hex(b.hash))).toEqual([hex(side[0]!.hash)]);
    expect(chain.getCanonicalHash(2n)).toEqual(side[0]!.hash);
    expect(chain.getCanonicalHash(3n)).toBeUndefined();
    expectNoLookup(chain, main[1]!.transactions[0]!.hash);
    expectNoLookup(chain, main[2]!.transactions[0]!.hash);
    expect(chain.getTransactionLookup(main[0]!.transactions[0]!.hash)?.blockNumber).toBe(1n);
    expect(chain.getTransactionLookup(side[0]!.transactions[0]!.hash)?.blockHash).toEqual(side[0]!.hash);
    // The old branch stays stored, with its receipts.
    expect(chain.hasBlock(main[2]!.hash, 3n)).toBe(true);
    expect(chain.getReceipts(main[2]!.hash)).toHaveLength(1);

    // Handing in a known block of the old branch makes it the head again, without executing it again.
    await chain.insertChain(main.slice(1, 3));
    expect(chain.currentBlock.hash).toEqual(main[2]!.hash);
    expect(chain.getCanonicalHash(2n)).toEqual(main[1]!.hash);
    expectNoLookup(chain, side[0]!.transactions[0]!.hash);
    expect(chain.getTransactionLookup(main[2]!.transactions[0]!.hash)?.blockNumber).toBe(3n);
    expect(events.slice(2)).toEqual(['reorg 2->2', 'head 2', 'head 3']);
  });

  it('credits withdrawals in gwei', async () => {
    const genesis = testGenesis();
    const withdrawals = [
      { index: 0n, validatorIndex: 5n, address: RECIPIENT, amount: 3n },
      { index: 1n, validatorIndex: 6n, address: RECIPIENT, amount: 4n },
    ];
    const [b1] = await generateBlocks({ genesis }, [{ withdrawals }]);
    const chain = await openChain(genesis);
    await chain.insertChain([b1!]);
    expect(chain.stateAt(chain.currentHeader.stateRoot).getBalance(RECIPIENT)).toBe(7n * GWEI);
    expect(chain.currentBlock.withdrawals).toEqual(withdrawals);
  });

  it('writes each block in one batch: a failed write leaves the old head, in memory and on disk', async () => {
    const genesis = testGenesis();
    const blocks = await generateBlocks({ genesis }, transferSpecs(2, RECIPIENT));
    const store = new FailingStore();
    const chain = await openChain(genesis, new BeaconEngine(), store);
    await chain.insertChain(blocks.slice(0, 1));
    const writes = store.batchesWritten;
    store.failNext = true;
    await expect(chain.insertChain(blocks.slice(1))).rejects.toThrow('disk full');
    expect(store.batchesWritten).toBe(writes);
    expect(chain.currentBlock.hash).toEqual(blocks[0]!.hash);
    const reopened = await Blockchain.open(store, { engine: new BeaconEngine(), log: SILENT_LOG });
    expect(reopened.currentBlock.hash).toEqual(blocks[0]!.hash);
    expect(reopened.hasBlock(blocks[1]!.hash, 2n)).toBe(false);
    expect(reopened.getHeaderByHash(blocks[1]!.hash)).toBeUndefined();
    // Nothing half-written stands in the way of importing it again.
    expect(await chain.insertChain(blocks.slice(1))).toBe(1);
    expect(store.batchesWritten).toBe(writes + 1);
  });

  it('keeps importing when an event listener throws', async () => {
    const genesis = testGenesis();
    const blocks = await generateBlocks({ genesis }, transferSpecs(2, RECIPIENT));
    const chain = await openChain(genesis);
    chain.events.on('chainHead', () => {
      throw new Error('listener bug');
    });
    expect(await chain.insertChain(blocks)).toBe(2);
  });

  it('rewinds with setHead: later blocks, their indexes and side blocks above are gone', async () => {
    const genesis = testGenesis();
    const main = await generateBlocks({ genesis }, transferSpecs(4, RECIPIENT));
    const side = await generateBlocks({ genesis, prefix: main.slice(0, 2) }, transferSpecs(1, RECIPIENT, 2n));
    const chain = await openChain(genesis);
    await chain.insertChain(main);
    await chain.insertChain(side);
    expect(chain.currentBlock.hash).toEqual(side[0]!.hash);
    const { events } = record(chain);
    // Read once before, so that the header, block and receipt caches hold them.
    for (const b of [main[2]!, main[3]!, side[0]!]) {
      expect(chain.getBlock(b.hash, b.number)?.hash).toEqual(b.hash);
      expect(chain.getReceipts(b.hash)).toHaveLength(1);
    }

    await chain.setHead(2n);

    expect(chain.currentBlock.hash).toEqual(main[1]!.hash);
    expect(events).toEqual(['head 2']);
    for (const b of [main[2]!, main[3]!, side[0]!]) {
      expect(chain.hasBlock(b.hash, b.number)).toBe(false);
      expect(chain.getBlockByHash(b.hash)).toBeUndefined();
      expect(chain.getBlock(b.hash, b.number)).toBeUndefined();
      expect(chain.getHeader(b.hash, b.number)).toBeUndefined();
      expect(chain.getReceipts(b.hash)).toBeUndefined();
      expect(chain.getHeaderByHash(b.hash)).toBeUndefined();
      expect(chain.getTd(b.hash, b.number)).toBeUndefined();
      expect(chain.getCanonicalHash(b.number)).toBeUndefined();
      expectNoLookup(chain, b.transactions[0]!.hash);
    }
    expect(chain.getTransactionLookup(main[1]!.transactions[0]!.hash)?.blockNumber).toBe(2n);
    await expect(chain.setHead(3n)).rejects.toThrow('cannot set head to 3: the head is at 2');
    // The removed blocks import again.
    expect(await chain.insertChain(main.slice(2))).toBe(2);
    expect(chain.currentBlock.hash).toEqual(main[3]!.hash);
  });
});

describe('Blockchain before the merge (total difficulty fork choice)', () => {
  const config = configForFork('London', 1337n);

  it('stores a lighter side chain and reorganises once it is heavier', async () => {
    const genesis = testGenesis(config);
    const pow = new BeaconEngine(new FakePowEngine(1000n));
    const main = await generateBlocks({ genesis, engine: pow }, transferSpecs(3, RECIPIENT));
    const sideSpecs: BlockSpec[] = [1, 2, 3, 4].map((i) => ({
      coinbase: SIDE_COINBASE,
      txs: (nonce) => [transfer(TEST_KEYS[1]!, nonce(TEST_KEYS[1]!), bigintToFixedBytes(BigInt(i), 20), 5n)],
    }));
    const side = await generateBlocks({ genesis, engine: pow }, sideSpecs);
    const chain = await openChain(genesis, pow);
    await chain.insertChain(main);
    expect(chain.currentTd).toBe(3001n);
    const { events, reorgs } = record(chain);

    // Two lighter blocks, then one of equal weight: the head stays.
    await chain.insertChain(side.slice(0, 3));
    expect(events).toEqual(['side 1', 'side 2', 'side 3']);
    expect(chain.currentBlock.hash).toEqual(main[2]!.hash);
    expect(chain.getTd(side[2]!.hash, 3n)).toBe(3001n);
    expect(chain.getCanonicalHash(1n)).toEqual(main[0]!.hash);
    expectNoLookup(chain, side[0]!.transactions[0]!.hash);
    expect(chain.getReceipts(side[0]!.hash)).toHaveLength(1);

    // The fourth outweighs the main chain.
    await chain.insertChain(side.slice(3));
    expect(events.slice(3)).toEqual(['reorg 3->4', 'head 4']);
    expect(chain.currentBlock.hash).toEqual(side[3]!.hash);
    expect(chain.currentTd).toBe(4001n);
    const r = reorgs[0]!;
    expect(r.ancestor.number).toBe(0n);
    expect(r.removed.map((b) => hex(b.hash))).toEqual([main[2]!, main[1]!, main[0]!].map((b) => hex(b.hash)));
    expect(r.added.map((b) => hex(b.hash))).toEqual(side.map((b) => hex(b.hash)));
    for (const b of side) {
      expect(chain.getCanonicalHash(b.number)).toEqual(b.hash);
      expect(chain.getTransactionLookup(b.transactions[0]!.hash)?.blockHash).toEqual(b.hash);
    }
    for (const b of main) expectNoLookup(chain, b.transactions[0]!.hash);
    const state = chain.stateAt(chain.currentHeader.stateRoot);
    expect(state.getBalance(RECIPIENT)).toBe(0n);
    expect(state.getNonce(TEST_ADDRESSES[1]!)).toBe(4n);
  });

  it('reorganises to a shorter chain that is heavier, dropping the heights above it', async () => {
    const genesis = testGenesis(config);
    const light = new BeaconEngine(new FakePowEngine(1000n));
    const heavy = new BeaconEngine(new FakePowEngine(5000n));
    const main = await generateBlocks({ genesis, engine: light }, transferSpecs(3, RECIPIENT));
    const heavySpecs = transferSpecs(1, RECIPIENT, 9n, { coinbase: SIDE_COINBASE });
    const [h1] = await generateBlocks({ genesis, engine: heavy }, heavySpecs);
    const chain = await openChain(genesis, light);
    await chain.insertChain(main);
    await chain.insertChain([h1!]);
    expect(chain.currentBlock.hash).toEqual(h1!.hash);
    expect(chain.getCanonicalHash(2n)).toBeUndefined();
    expect(chain.getCanonicalHash(3n)).toBeUndefined();
    expect(chain.getHeaderByNumber(1n)?.hash).toEqual(h1!.hash);
  });

  it('follows the merge: a block past the terminal total difficulty becomes the head when inserted', async () => {
    const ttdConfig = { ...config, terminalTotalDifficulty: 2001n };
    const genesis = testGenesis(ttdConfig);
    const pow = new BeaconEngine(new FakePowEngine(1000n));
    // Blocks 1 and 2 are proof-of-work (block 2 reaches the TTD: it is the terminal block), 3 and 4 proof-of-stake.
    const pre = await generateBlocks({ genesis, engine: pow }, transferSpecs(2, RECIPIENT));
    const pos = new BeaconEngine(new FakePowEngine(0n));
    const post = await generateBlocks({ genesis, engine: pos, prefix: pre }, transferSpecs(2, RECIPIENT));
    expect(post.map((b) => b.header.difficulty)).toEqual([0n, 0n]);
    // Another proof-of-stake child of the terminal block.
    const [fork] = await generateBlocks({ genesis, engine: pos, prefix: pre }, [{ coinbase: SIDE_COINBASE }]);

    const chain = await openChain(genesis, pow);
    await chain.insertChain([...pre, ...post]);
    expect(chain.currentBlock.hash).toEqual(post[1]!.hash);
    expect(chain.currentTd).toBe(2001n);

    // Same total difficulty as the head and lower, but past the TTD: the head.
    await chain.insertChain([fork!]);
    expect(chain.currentBlock.hash).toEqual(fork!.hash);
    expect(chain.getCanonicalHash(4n)).toBeUndefined();

    // A proof-of-work block after a proof-of-stake one is refused.
    const powAfter = withHeader(post[1]!, { difficulty: 1000n });
    const err = await rejection(chain.insertChain([powAfter]));
    expect(err.message).toMatch(/invalid terminal block: difficulty 1000 after the merge$/);
  });
});

describe('Blockchain on a LevelStore', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('finds the same head, blocks, receipts and state after reopening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgeth-chain-'));
    dirs.push(dir);
    const genesis = testGenesis();
    const blocks = await generateBlocks({ genesis }, transferSpecs(3, RECIPIENT, 11n));

    const store = await LevelStore.open(dir);
    const chain = await openChain(genesis, new BeaconEngine(), store);
    await chain.insertChain(blocks);
    await store.close();

    const reopened = await LevelStore.open(dir);
    try {
      // No genesis given: everything comes from the database.
      const again = await Blockchain.open(reopened, { engine: new BeaconEngine(), log: SILENT_LOG });
      expect(again.currentBlock.hash).toEqual(blocks[2]!.hash);
      expect(again.config).toEqual(genesis.config);
      expect(again.genesis.hash).toEqual(chain.genesis.hash);
      expect(again.getReceipts(blocks[1]!.hash)?.[0]?.cumulativeGasUsed).toBe(21_000n);
      expect(again.getTransactionLookup(blocks[0]!.transactions[0]!.hash)?.blockNumber).toBe(1n);
      expect(again.stateAt(again.currentHeader.stateRoot).getBalance(RECIPIENT)).toBe(33n);
      // And it goes on importing.
      const [next] = await generateBlocks({ genesis, prefix: blocks }, transferSpecs(1, RECIPIENT));
      expect(await again.insertChain([next!])).toBe(1);
    } finally {
      await reopened.close();
    }
  });
});
