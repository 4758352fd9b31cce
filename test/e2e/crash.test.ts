// Crash safety of `geth import`: the process is SIGKILLed at a random moment of an import, and the datadir must
// hold a whole chain (the head block with its header, body, receipts and state; a canonical index linked from
// genesis to the head and nothing canonical above it), the dead process's lock must be taken over, and importing
// again must finish the chain. Also: SIGINT stops an import cleanly between batches.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestChain, writeChainFiles, type ChainFiles } from '../../scripts/makeChain.js';
import { bytesToHex } from '../../src/common/bytes.js';
import { IMPORT_BATCH_GAS } from '../../src/cli/chainImport.js';
import { genesisBlock } from '../../src/core/genesis/genesisBlock.js';
import type { Block } from '../../src/core/types/block.js';
import { expectFatal, expectSuccess, geth, startGeth } from './runGeth.js';
import { inspectChain } from './storedChain.js';

const BLOCKS = 400;
const TXS = 15;
const TRIALS = 5;
const TIMEOUT = 120_000;

let tmp: string;
let files: ChainFiles;
let blocks: Block[]; // genesis first
/** How long a whole import takes once the CLI has logged that it started. */
let importMs: number;
let killed = 0;

async function initialised(name: string): Promise<string> {
  const dir = join(tmp, name);
  expectSuccess(await geth('init', '--datadir', dir, files.genesisPath));
  return dir;
}

function expectedHash(number: bigint): string {
  return bytesToHex(blocks[Number(number)]!.hash);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tsgeth-e2e-crash-'));
  const chain = await makeTestChain({ blocks: BLOCKS, txs: TXS });
  blocks = [genesisBlock(chain.genesis), ...chain.blocks];
  files = writeChainFiles(join(tmp, 'chain'), chain);
  const dir = await initialised('reference');
  const run = startGeth('import', '--datadir', dir, files.blocksPath);
  await run.waitFor('Importing blockchain');
  const started = performance.now();
  expectSuccess(await run.done);
  importMs = performance.now() - started;
  expect(await inspectChain(dir, BigInt(BLOCKS))).toMatchObject({ number: BigInt(BLOCKS), hash: expectedHash(BigInt(BLOCKS)) });
}, TIMEOUT);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('geth import killed with SIGKILL', () => {
  for (let trial = 0; trial < TRIALS; trial++) {
    it(`trial ${trial + 1}: leaves a consistent chain that a second import completes`, async () => {
      const dir = await initialised(`trial-${trial}`);
      // One random moment in each fifth of the import, so that the trials spread over all of it.
      const delay = (importMs * (trial + Math.random())) / TRIALS;
      const what = `killed ${delay.toFixed(0)}ms into a ${importMs.toFixed(0)}ms import`;
      const run = startGeth('import', '--datadir', dir, files.blocksPath);
      await run.waitFor('Importing blockchain');
      await sleep(delay);
      run.child.kill('SIGKILL');
      const result = await run.done;
      if (result.signal === 'SIGKILL') {
        killed++;
        const lock = join(dir, 'LOCK');
        if (existsSync(lock)) {
          // The lock file outlives its process; the next command must take it over.
          expect(readFileSync(lock, 'utf8').trim(), what).toBe(String(run.child.pid));
        } else {
          // Killed after the import had finished and closed the database (which releases the lock).
          expect(await inspectChain(dir, BigInt(BLOCKS)), what).toMatchObject({ number: BigInt(BLOCKS) });
        }
      } else {
        expectSuccess(result);
      }

      const head = await inspectChain(dir, BigInt(BLOCKS));
      expect(head.hash, what).toBe(expectedHash(head.number));

      const again = expectSuccess(await geth('import', '--datadir', dir, files.blocksPath));
      expect(again, what).toContain(`number=${BLOCKS} hash=${expectedHash(BigInt(BLOCKS))}`);
      expect(await inspectChain(dir, BigInt(BLOCKS)), what).toMatchObject({ number: BigInt(BLOCKS), hash: expectedHash(BigInt(BLOCKS)) });
      expect(existsSync(join(dir, 'LOCK'))).toBe(false);
    }, TIMEOUT);
  }

  it('killed at least one import midway', () => {
    expect(killed).toBeGreaterThan(0);
  });
});

describe('geth import interrupted with SIGINT', () => {
  it('stops after the current batch, closes the database and says where the chain stands', async () => {
    const dir = await initialised('sigint');
    const run = startGeth('import', '--datadir', dir, files.blocksPath);
    await run.waitFor('Importing blockchain');
    run.child.kill('SIGINT');
    const result = await run.done;
    // The first batch ends where its gas reaches IMPORT_BATCH_GAS.
    const gasPerBlock = blocks[1]!.header.gasUsed;
    const firstBatch = (IMPORT_BATCH_GAS + gasPerBlock - 1n) / gasPerBlock;
    expect(firstBatch).toBeLessThan(BigInt(BLOCKS));
    expect(result.stderr).toContain('Interrupted during import, stopping at next batch');
    expectFatal(
      result,
      `import interrupted: the chain keeps every block up to #${firstBatch} [${expectedHash(firstBatch)}]; run the import again to continue`,
    );
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
    expect(await inspectChain(dir, BigInt(BLOCKS))).toMatchObject({ number: firstBatch, hash: expectedHash(firstBatch) });
  }, TIMEOUT);
});
