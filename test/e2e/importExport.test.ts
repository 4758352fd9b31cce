// `geth import` and `geth export` as a user runs them: separate processes on temporary datadirs, a chain of 60
// blocks with transfers made by scripts/makeChain.ts, and files damaged in the ways a real file can be.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestChain, writeBlocksFile, writeChainFiles, type ChainFiles, type TestChain } from '../../scripts/makeChain.js';
import { bytesToHex } from '../../src/common/bytes.js';
import { genesisBlock } from '../../src/core/genesis/genesisBlock.js';
import { Block, decodeBlock, encodeBlock } from '../../src/core/types/block.js';
import { Header } from '../../src/core/types/header.js';
import { keccak256 } from '../../src/crypto/keccak.js';
import { encodeRlp } from '../../src/rlp/rlp.js';
import { readRlpItems } from '../../src/rlp/rlpStream.js';
import { expectFatal, expectSuccess, geth, ROOT } from './runGeth.js';
import { inspectChain } from './storedChain.js';

const BLOCKS = 60;
const TXS = 5;
const TIMEOUT = 90_000;

let tmp: string;
let chain: TestChain;
let files: ChainFiles;
let allBlocks: Block[]; // genesis first
const hashOf = (n: number) => bytesToHex(allBlocks[n]!.hash);
const file = (name: string) => join(tmp, name);

/** A fresh datadir initialised with the test chain's genesis. */
async function initialised(name: string): Promise<string> {
  const dir = join(tmp, name);
  expectSuccess(await geth('init', '--datadir', dir, files.genesisPath));
  return dir;
}

/** The blocks a file holds, in order (gunzipped for a .gz name). */
async function blocksIn(path: string): Promise<Block[]> {
  const bytes = readFileSync(path);
  const raw = path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
  const out: Block[] = [];
  for await (const item of readRlpItems((async function* () { yield raw; })())) out.push(decodeBlock(item.bytes));
  return out;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tsgeth-e2e-import-'));
  chain = await makeTestChain({ blocks: BLOCKS, txs: TXS });
  files = writeChainFiles(join(tmp, 'chain'), chain);
  allBlocks = [genesisBlock(chain.genesis), ...chain.blocks];
}, TIMEOUT);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('geth import', () => {
  it('imports a chain into an initialised datadir, logging progress and a summary, and skips it the second time', async () => {
    const dir = await initialised('plain');
    const logs = expectSuccess(await geth('import', '--datadir', dir, files.blocksPath));
    const segment = logs.split('\n').find((l) => l.includes('Imported new chain segment'));
    expect(segment).toMatch(
      new RegExp(
        `number=${BLOCKS} hash=${hashOf(BLOCKS)} blocks=${BLOCKS} txs=${BLOCKS * TXS} mgas=6\\.300 elapsed=\\S+ mgasps=[\\d.]+$`,
      ),
    );
    expect(logs).toMatch(new RegExp(`Import done .*blocks=${BLOCKS} skipped=0 txs=${BLOCKS * TXS} .*number=${BLOCKS} hash=${hashOf(BLOCKS)}`));
    const head = await inspectChain(dir, BigInt(BLOCKS));
    expect(head).toEqual({ number: BigInt(BLOCKS), hash: hashOf(BLOCKS), stateRoot: bytesToHex(allBlocks[BLOCKS]!.header.stateRoot) });
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);

    const again = expectSuccess(await geth('import', '--datadir', dir, files.blocksPath));
    expect(again).toContain('Skipping batch as all blocks present');
    expect(again).not.toContain('Imported new chain segment');
    expect(again).toMatch(new RegExp(`Import done .*blocks=0 skipped=${BLOCKS} .*number=${BLOCKS}`));
  }, TIMEOUT);

  it('stops at an invalid block, naming it and the reason, and keeps the blocks before it', async () => {
    const good = allBlocks[31]!;
    const badRoot = keccak256(new TextEncoder().encode('not the state root'));
    const bad = new Block(new Header({ ...good.header, stateRoot: badRoot }), good.body);
    const path = file('bad-state-root.rlp');
    writeBlocksFile(path, [...allBlocks.slice(0, 31), bad, ...allBlocks.slice(32)]);
    const dir = await initialised('bad-block');
    const run = await geth('import', '--datadir', dir, path);
    expectFatal(
      run,
      `${path}: import failed: invalid block #31 [${bytesToHex(bad.hash)}]: invalid merkle root (remote: ${bytesToHex(badRoot)} local: ${bytesToHex(good.header.stateRoot)})`,
    );
    expect(run.stderr).toMatch(/WARN .*Invalid block +number=31 /);
    expect(await inspectChain(dir, BigInt(BLOCKS))).toMatchObject({ number: 30n, hash: hashOf(30) });
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
  }, TIMEOUT);

  it('stops at a truncated file or a malformed item, keeping the blocks before it', async () => {
    const whole = readFileSync(files.blocksPath);
    const upTo = (n: number) => allBlocks.slice(0, n + 1).reduce((size, b) => size + encodeBlock(b).length, 0);
    const truncated = file('truncated.rlp');
    writeFileSync(truncated, whole.subarray(0, upTo(40) + 100));
    const dir = await initialised('truncated');
    expectFatal(
      await geth('import', '--datadir', dir, truncated),
      `${truncated}: cannot read block 41: rlp: truncated input: the item at byte ${upTo(40)} has 100 bytes, want ${encodeBlock(allBlocks[41]!).length} bytes`,
    );
    expect(await inspectChain(dir, BigInt(BLOCKS))).toMatchObject({ number: 40n, hash: hashOf(40) });

    const malformed = file('malformed.rlp');
    writeFileSync(malformed, Buffer.concat([whole.subarray(0, upTo(45)), encodeRlp([1, 2]), whole.subarray(upTo(45))]));
    expectFatal(
      await geth('import', '--datadir', dir, malformed),
      `${malformed}: item 46 at byte ${upTo(45)} is not a block: rlp: block: expected 3 or 4 elements, got 2`,
    );
    expect(await inspectChain(dir, BigInt(BLOCKS))).toMatchObject({ number: 45n, hash: hashOf(45) });

    const gap = file('gap.rlp');
    writeBlocksFile(gap, [...allBlocks.slice(0, 51), ...allBlocks.slice(52)]);
    expectFatal(
      await geth('import', '--datadir', dir, gap),
      `${gap}: item 51 at byte ${upTo(50)}: block #52 [${hashOf(52)}] does not follow block #50 [${hashOf(50)}]`,
    );
    expect(await inspectChain(dir, BigInt(BLOCKS))).toMatchObject({ number: 50n, hash: hashOf(50) });
  }, TIMEOUT);

  it('refuses an uninitialised datadir, a missing file and a file of another chain', async () => {
    const empty = join(tmp, 'never-initialised');
    expectFatal(
      await geth('import', '--datadir', empty, files.blocksPath),
      `datadir ${empty} holds no chain: initialise it first with \`geth init --datadir ${empty} <genesis.json>\``,
    );
    expect(existsSync(empty)).toBe(false);

    const dir = await initialised('refusals');
    expectFatal(await geth('import', '--datadir', dir, file('absent.rlp')), `cannot read ${file('absent.rlp')}: ENOENT`);
    expectFatal(await geth('import', '--datadir', dir), 'Not enough non-option arguments');

    const other = await makeTestChain({ blocks: 1, txs: 0 });
    const otherFiles = writeChainFiles(join(tmp, 'other'), other);
    const otherGenesis = genesisBlock(other.genesis).hash;
    expectFatal(
      await geth('import', '--datadir', dir, otherFiles.blocksPath),
      `the file's genesis block ${bytesToHex(otherGenesis)} is not this chain's genesis ${hashOf(0)}`,
    );
    expect(await inspectChain(dir, BigInt(BLOCKS))).toMatchObject({ number: 0n });

    // A chain with proof-of-work history: the missing pre-merge engine is announced before anything is imported.
    const sepolia = join(tmp, 'sepolia');
    expectSuccess(await geth('init', '--datadir', sepolia, join(ROOT, 'genesis', 'sepolia.json')));
    const run = await geth('import', '--datadir', sepolia, files.blocksPath);
    expect(run.stderr).toMatch(/WARN .*This chain has proof-of-work history and no pre-merge engine is available/);
    expectFatal(run, "is not this chain's genesis");
  }, TIMEOUT);
});

describe('geth export', () => {
  let source: string;
  beforeAll(async () => {
    source = await initialised('export-source');
    expectSuccess(await geth('import', '--datadir', source, files.blocksPath));
  }, TIMEOUT);

  it('writes genesis to head as the imported file was, which imports into a fresh datadir as the same chain', async () => {
    const out = file('exported.rlp');
    const logs = expectSuccess(await geth('export', '--datadir', source, out));
    expect(logs).toMatch(new RegExp(`Exported blockchain .*blocks=${BLOCKS + 1} first=0 last=${BLOCKS}`));
    expect(readFileSync(out).equals(readFileSync(files.blocksPath))).toBe(true);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const copy = await initialised('export-copy');
    expectSuccess(await geth('import', '--datadir', copy, out));
    expect(await inspectChain(copy, BigInt(BLOCKS))).toEqual(await inspectChain(source, BigInt(BLOCKS)));
  }, TIMEOUT);

  it('writes a range, gzipped for a .gz name, and imports ranges from several files in order', async () => {
    const low = file('low.rlp.gz');
    const high = file('high.rlp');
    expectSuccess(await geth('export', '--datadir', source, low, '0', '30'));
    expectSuccess(await geth('export', '--datadir', source, high, '31', String(BLOCKS)));
    const hashes = (blocks: Block[]) => blocks.map((b) => bytesToHex(b.hash));
    expect(readFileSync(low).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(hashes(await blocksIn(low))).toEqual(hashes(allBlocks.slice(0, 31)));
    expect(hashes(await blocksIn(high))).toEqual(hashes(allBlocks.slice(31)));

    const copy = await initialised('export-ranges');
    expectSuccess(await geth('import', '--datadir', copy, low, high));
    expect(await inspectChain(copy, BigInt(BLOCKS))).toMatchObject({ number: BigInt(BLOCKS), hash: hashOf(BLOCKS) });
  }, TIMEOUT);

  it('refuses bad ranges and an uninitialised datadir, leaving no file behind', async () => {
    const out = file('refused.rlp');
    expectFatal(await geth('export', '--datadir', source, out, '5'), 'give both the first and the last block number, or neither');
    expectFatal(await geth('export', '--datadir', source, out, '9', '3'), 'export: first block 9 is after last block 3');
    expectFatal(await geth('export', '--datadir', source, out, '0', '61'), `export: last block 61 is beyond the head block ${BLOCKS}`);
    expectFatal(await geth('export', '--datadir', source, out, '0', '-1'), 'last block number must be a non-negative integer');
    expectFatal(await geth('export', '--datadir', join(tmp, 'no-chain'), out), 'holds no chain');
    expectFatal(await geth('export', '--datadir', source, join(tmp, 'no-such-dir', 'x.rlp')), 'export to');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, TIMEOUT);
});
