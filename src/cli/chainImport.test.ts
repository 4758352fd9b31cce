import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex } from '../common/bytes.js';
import { Logger, type LogFields, type LogLevel } from '../common/log.js';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { Blockchain } from '../core/chain/blockchain.js';
import { generateBlocks, SILENT_LOG, testGenesis, transferSpecs } from '../core/chain/testChain.js';
import type { Genesis } from '../core/genesis/genesis.js';
import { genesisBlock } from '../core/genesis/genesisBlock.js';
import { Block, encodeBlock } from '../core/types/block.js';
import { Header } from '../core/types/header.js';
import { MemoryStore } from '../db/memoryStore.js';
import { importChainFile, ImportInterruptedError } from './chainImport.js';

class CapturingLogger extends Logger {
  readonly lines: { msg: string; fields: LogFields }[] = [];
  override log(_level: LogLevel, msg: string, fields: LogFields = {}): void {
    this.lines.push({ msg, fields });
  }
  messages(): string[] {
    return this.lines.map((l) => l.msg);
  }
}

const COUNT = 12;
let dir: string;
let genesis: Genesis;
let blocks: Block[]; // genesis first
let chain: Blockchain;
let log: CapturingLogger;

function writeBlocks(name: string, list: readonly Block[], gzip = false): string {
  const path = join(dir, name);
  const bytes = Buffer.concat(list.map(encodeBlock));
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-chain-import-'));
  genesis = testGenesis();
  const generated = await generateBlocks({ genesis }, transferSpecs(COUNT, bigintToFixedBytes(0xbeefn, 20)));
  blocks = [genesisBlock(genesis), ...generated];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  chain = await Blockchain.open(new MemoryStore(), { engine: new BeaconEngine(), genesis, log: SILENT_LOG });
  log = new CapturingLogger();
});

describe('importChainFile', () => {
  it('imports a file in batches of the given size and counts blocks, transactions and gas', async () => {
    const path = writeBlocks('all.rlp', blocks);
    const heads: bigint[] = [];
    chain.events.on('chainHead', (b) => heads.push(b.number));
    const stats = await importChainFile(chain, path, { log, batchBlocks: 5 });
    expect(stats).toEqual({ imported: COUNT, skipped: 0, txs: COUNT, gas: 21_000n * BigInt(COUNT) });
    expect(chain.currentBlock.hash).toEqual(blocks[COUNT]!.hash);
    expect(heads).toHaveLength(COUNT);
    expect(log.messages()).toEqual(['Importing blockchain']);
  });

  it('ends a batch at the gas limit too, and stops after a batch once interrupted', async () => {
    const path = writeBlocks('all.rlp', blocks);
    const interrupt = new AbortController();
    // Three blocks of 21,000 gas reach 60,000: the first batch is blocks 1-3.
    chain.events.on('chainHead', (b) => b.number === 2n && interrupt.abort());
    const run = importChainFile(chain, path, { log, batchGas: 60_000n, signal: interrupt.signal });
    await expect(run).rejects.toBeInstanceOf(ImportInterruptedError);
    await expect(run).rejects.toThrow(`import interrupted: the chain keeps every block up to #3 [${bytesToHex(blocks[3]!.hash)}]`);
    expect(chain.currentBlock.number).toBe(3n);
    // Already aborted: nothing is read.
    await expect(importChainFile(chain, path, { log, signal: interrupt.signal })).rejects.toBeInstanceOf(ImportInterruptedError);
    expect(chain.currentBlock.number).toBe(3n);
  });

  it('skips blocks the chain has: whole batches with a log line, and the known start of a batch', async () => {
    await importChainFile(chain, writeBlocks('first.rlp', blocks.slice(0, 7)), { log });
    const stats = await importChainFile(chain, writeBlocks('all.rlp', blocks), { log, batchBlocks: 4 });
    expect(stats).toEqual({ imported: 6, skipped: 6, txs: 6, gas: 6n * 21_000n });
    const skipped = log.lines.filter((l) => l.msg === 'Skipping batch as all blocks present');
    expect(skipped).toEqual([{ msg: 'Skipping batch as all blocks present', fields: { batch: 0, first: blocks[1]!.hash, last: blocks[4]!.hash } }]);
    expect(chain.currentBlock.number).toBe(BigInt(COUNT));
  });

  it('reads gzipped files and files without the genesis block (a range export)', async () => {
    await importChainFile(chain, writeBlocks('low.rlp.gz', blocks.slice(0, 6), true), { log });
    await importChainFile(chain, writeBlocks('high.rlp', blocks.slice(6)), { log });
    expect(chain.currentBlock.hash).toEqual(blocks[COUNT]!.hash);
  });

  it('keeps the valid blocks before an invalid one and names it with the reason', async () => {
    const good = blocks[7]!;
    const bad = new Block(new Header({ ...good.header, gasUsed: good.header.gasUsed + 1n }), good.body);
    const path = writeBlocks('bad.rlp', [...blocks.slice(0, 7), bad, ...blocks.slice(8)]);
    await expect(importChainFile(chain, path, { log })).rejects.toThrow(
      `${path}: import failed: invalid block #7 [${bytesToHex(bad.hash)}]: invalid gas used (remote: 21001 local: 21000)`,
    );
    expect(chain.currentBlock.hash).toEqual(blocks[6]!.hash);
  });

  it('refuses a block whose parent the chain does not have', async () => {
    const path = writeBlocks('orphan.rlp', blocks.slice(5));
    await expect(importChainFile(chain, path, { log })).rejects.toThrow(
      `${path}: import failed: invalid block #5 [${bytesToHex(blocks[5]!.hash)}]: unknown ancestor ${bytesToHex(blocks[4]!.hash)}`,
    );
    expect(chain.currentBlock.number).toBe(0n);
  });

  it('keeps the blocks before a truncated or malformed item, a gap, or a broken gzip stream', async () => {
    const whole = Buffer.concat(blocks.map(encodeBlock));
    const upTo = (n: number) => blocks.slice(0, n + 1).reduce((size, b) => size + encodeBlock(b).length, 0);

    const truncated = join(dir, 'truncated.rlp');
    writeFileSync(truncated, whole.subarray(0, upTo(3) + 10));
    await expect(importChainFile(chain, truncated, { log })).rejects.toThrow(
      `${truncated}: cannot read block 4: rlp: truncated input: the item at byte ${upTo(3)} has 10 bytes`,
    );
    expect(chain.currentBlock.number).toBe(3n);

    const garbage = join(dir, 'garbage.rlp');
    writeFileSync(garbage, Buffer.concat([whole.subarray(0, upTo(5)), Buffer.from([0xc1, 0x80]), whole.subarray(upTo(5))]));
    await expect(importChainFile(chain, garbage, { log })).rejects.toThrow(
      `${garbage}: item 6 at byte ${upTo(5)} is not a block: rlp: block: expected 3 or 4 elements, got 1`,
    );
    expect(chain.currentBlock.number).toBe(5n);

    const gap = writeBlocks('gap.rlp', [...blocks.slice(0, 8), ...blocks.slice(9)]);
    await expect(importChainFile(chain, gap, { log })).rejects.toThrow(
      `item 8 at byte ${upTo(7)}: block #9 [${bytesToHex(blocks[9]!.hash)}] does not follow block #7 [${bytesToHex(blocks[7]!.hash)}]`,
    );
    expect(chain.currentBlock.number).toBe(7n);

    const brokenGzip = join(dir, 'broken.rlp.gz');
    const zipped = gzipSync(whole);
    writeFileSync(brokenGzip, zipped.subarray(0, zipped.length - 20));
    await expect(importChainFile(chain, brokenGzip, { log })).rejects.toThrow(`${brokenGzip}: cannot read block`);
    expect(chain.currentBlock.number).toBeGreaterThanOrEqual(7n);
  });

  it("refuses another chain's file and a missing file", async () => {
    const other: Genesis = { ...genesis, timestamp: 1n };
    const path = writeBlocks('other.rlp', [genesisBlock(other), ...blocks.slice(1)]);
    await expect(importChainFile(chain, path, { log })).rejects.toThrow(
      `the file's genesis block ${bytesToHex(genesisBlock(other).hash)} is not this chain's genesis ${bytesToHex(blocks[0]!.hash)}`,
    );
    const absent = join(dir, 'absent.rlp');
    await expect(importChainFile(chain, absent, { log })).rejects.toThrow(`${absent}: cannot read block 0: ENOENT`);
    expect(chain.currentBlock.number).toBe(0n);
  });
});
