import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigintToFixedBytes } from '../common/bytes.js';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { Blockchain } from '../core/chain/blockchain.js';
import { generateBlocks, SILENT_LOG, testGenesis, transferSpecs } from '../core/chain/testChain.js';
import { genesisBlock } from '../core/genesis/genesisBlock.js';
import { encodeBlock, type Block } from '../core/types/block.js';
import { bodyKey } from '../db/schema.js';
import { MemoryStore } from '../db/memoryStore.js';
import { exportChainFile } from './chainExport.js';

const COUNT = 8;
let dir: string;
let blocks: Block[]; // genesis first
let store: MemoryStore;
let chain: Blockchain;

const rlpOf = (list: Block[]) => Buffer.concat(list.map(encodeBlock));
const leftovers = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-chain-export-'));
  const genesis = testGenesis();
  const generated = await generateBlocks({ genesis }, transferSpecs(COUNT, bigintToFixedBytes(0xbeefn, 20)));
  blocks = [genesisBlock(genesis), ...generated];
  store = new MemoryStore();
  chain = await Blockchain.open(store, { engine: new BeaconEngine(), genesis, log: SILENT_LOG });
  await chain.insertChain(generated);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exportChainFile', () => {
  it('writes genesis to head by default, as concatenated block RLP', async () => {
    const path = join(dir, 'all.rlp');
    const stats = await exportChainFile(chain, path, undefined, undefined, SILENT_LOG);
    const expected = rlpOf(blocks);
    expect(stats).toEqual({ blocks: COUNT + 1, bytes: expected.length });
    expect(readFileSync(path).equals(expected)).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('writes an inclusive range, gzipped for a .gz name, replacing an existing file', async () => {
    const path = join(dir, 'range.rlp.gz');
    writeFileSync(path, 'old content');
    expect((await exportChainFile(chain, path, 2n, 5n, SILENT_LOG)).blocks).toBe(4);
    expect(gunzipSync(readFileSync(path)).equals(rlpOf(blocks.slice(2, 6)))).toBe(true);
    await exportChainFile(chain, join(dir, 'one.rlp'), 8n, 8n, SILENT_LOG);
    expect(readFileSync(join(dir, 'one.rlp')).equals(rlpOf([blocks[8]!]))).toBe(true);
  });

  it('refuses ranges outside the chain and writes nothing', async () => {
    const path = join(dir, 'refused.rlp');
    await expect(exportChainFile(chain, path, 5n, 4n, SILENT_LOG)).rejects.toThrow('export: first block 5 is after last block 4');
    await expect(exportChainFile(chain, path, 0n, 9n, SILENT_LOG)).rejects.toThrow('export: last block 9 is beyond the head block 8');
    await expect(exportChainFile(chain, path, -1n, 3n, SILENT_LOG)).rejects.toThrow('block numbers must not be negative');
    expect(existsSync(path)).toBe(false);
  });

  it('leaves an existing file as it was when the export fails midway, and no temporary file', async () => {
    const path = join(dir, 'kept.rlp');
    writeFileSync(path, 'previous export');
    const damaged = new MemoryStore();
    const copy = await Blockchain.open(damaged, { engine: new BeaconEngine(), genesis: testGenesis(), log: SILENT_LOG });
    await copy.insertChain(blocks.slice(1));
    const batch = damaged.batch();
    batch.delete(bodyKey(5n, blocks[5]!.hash));
    await batch.write();
    await expect(exportChainFile(copy, path, undefined, undefined, SILENT_LOG)).rejects.toThrow(
      `export to ${path} failed: database: corrupt canonical block 5: not stored`,
    );
    expect(readFileSync(path, 'utf8')).toBe('previous export');
    expect(leftovers()).toEqual([]);
    const nowhere = join(dir, 'no-such-dir', 'x.rlp');
    await expect(exportChainFile(chain, nowhere, undefined, undefined, SILENT_LOG)).rejects.toThrow(`export to ${nowhere} failed: ENOENT`);
  });
});
