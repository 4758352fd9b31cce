// Importing a file of concatenated block RLP, as `geth export` writes it (geth's utils.ImportChain). The file is
// streamed, never held whole; blocks go to the chain in batches, a batch of blocks the chain already has is
// skipped, and the interrupt signal is obeyed between batches. Whatever goes wrong (an invalid block, a malformed
// or truncated item, a gap), every valid block before it is stored first, then the error names the culprit.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { bytesEqual, bytesToHex } from '../common/bytes.js';
import { log as rootLog, type Logger } from '../common/log.js';
import type { Blockchain } from '../core/chain/blockchain.js';
import { decodeBlock, type Block } from '../core/types/block.js';
import { readRlpItems, type StreamItem } from '../rlp/rlpStream.js';

/** geth's importBatchSize. */
export const IMPORT_BATCH_BLOCKS = 2500;
/**
 * A batch also ends at this much gas: a few seconds of execution, which bounds how long an interrupt waits and
 * how much a batch holds in memory (calldata costs gas, so gas bounds size).
 */
export const IMPORT_BATCH_GAS = 100_000_000n;

export interface ImportOptions {
  /** Checked before the file and after each batch: once aborted, the import stops with ImportInterruptedError. */
  signal?: AbortSignal;
  log?: Logger;
  /** Batch limits; default IMPORT_BATCH_BLOCKS and IMPORT_BATCH_GAS. */
  batchBlocks?: number;
  batchGas?: bigint;
}

export interface ImportStats {
  /** Blocks newly stored. */
  imported: number;
  /** Blocks the chain already had (the genesis block not counted). */
  skipped: number;
  /** Transactions and gas of the blocks newly stored. */
  txs: number;
  gas: bigint;
}

export class ImportInterruptedError extends Error {
  constructor(head: Block) {
    super(
      `import interrupted: the chain keeps every block up to #${head.number} [${bytesToHex(head.hash)}]; ` +
        'run the import again to continue',
    );
    this.name = 'ImportInterruptedError';
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The file's bytes, gunzipped when its name ends in .gz (as geth does). */
function openSource(path: string): AsyncIterable<Uint8Array> {
  const file = createReadStream(path);
  if (!path.endsWith('.gz')) return file;
  const gunzip = createGunzip();
  // pipe() does not forward errors: a read failure must end the gunzip stream the import reads.
  file.on('error', (e) => gunzip.destroy(e));
  return file.pipe(gunzip);
}

function blockName(block: Block): string {
  return `#${block.number} [${bytesToHex(block.hash)}]`;
}

/** Imports one file into `chain`; throws (after storing every valid block before the problem) an Error naming it. */
export async function importChainFile(chain: Blockchain, path: string, options: ImportOptions = {}): Promise<ImportStats> {
  const log = options.log ?? rootLog;
  const batchBlocks = options.batchBlocks ?? IMPORT_BATCH_BLOCKS;
  const batchGasLimit = options.batchGas ?? IMPORT_BATCH_GAS;
  const stats: ImportStats = { imported: 0, skipped: 0, txs: 0, gas: 0n };
  const fail = (what: string, cause?: unknown): Error =>
    new Error(`${path}: ${what}${cause === undefined ? '' : `: ${messageOf(cause)}`}`, { cause });
  let batch: Block[] = [];
  let batchGas = 0n;
  let batchCount = 0;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const blocks = batch;
    batch = [];
    batchGas = 0n;
    const number = batchCount++;
    // geth's missingBlocks: a file is imported front to back, so the known blocks are a prefix.
    const firstMissing = blocks.findIndex((b) => !chain.hasBlock(b.hash, b.number));
    if (firstMissing < 0) {
      log.info('Skipping batch as all blocks present', {
        batch: number,
        first: blocks[0]!.hash,
        last: blocks[blocks.length - 1]!.hash,
      });
      stats.skipped += blocks.length;
      return;
    }
    const missing = blocks.slice(firstMissing);
    stats.skipped += firstMissing;
    try {
      stats.imported += await chain.insertChain(missing);
    } catch (e) {
      throw fail('import failed', e);
    }
    for (const b of missing) {
      stats.txs += b.transactions.length;
      stats.gas += b.header.gasUsed;
    }
  };

  if (options.signal?.aborted) throw new ImportInterruptedError(chain.currentBlock);
  log.info('Importing blockchain', { file: path });
  const items = readRlpItems(openSource(path))[Symbol.asyncIterator]();
  let previous: Block | undefined;
  try {
    for (let index = 0; ; index++) {
      let next: IteratorResult<StreamItem>;
      try {
        next = await items.next();
      } catch (e) {
        await flush();
        throw fail(`cannot read block ${index}`, e);
      }
      if (next.done) break;
      let block: Block;
      try {
        block = decodeBlock(next.value.bytes);
      } catch (e) {
        await flush();
        throw fail(`item ${index} at byte ${next.value.offset} is not a block`, e);
      }
      if (block.number === 0n) {
        // geth does not import the genesis block; a different one means a file of another chain.
        if (!bytesEqual(block.hash, chain.genesis.hash)) {
          await flush();
          throw fail(`the file's genesis block ${bytesToHex(block.hash)} is not this chain's genesis ${bytesToHex(chain.genesis.hash)}`);
        }
        previous = block;
        continue;
      }
      if (previous !== undefined && (block.number !== previous.number + 1n || !bytesEqual(block.header.parentHash, previous.hash))) {
        await flush();
        throw fail(`item ${index} at byte ${next.value.offset}: block ${blockName(block)} does not follow block ${blockName(previous)}`);
      }
      previous = block;
      batch.push(block);
      batchGas += block.header.gasUsed;
      if (batch.length >= batchBlocks || batchGas >= batchGasLimit) {
        await flush();
        if (options.signal?.aborted) throw new ImportInterruptedError(chain.currentBlock);
      }
    }
    await flush();
  } finally {
    // Closes the file when the import stops early.
    await items.return?.(undefined);
  }
  return stats;
}
