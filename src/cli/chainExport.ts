// Exporting canonical blocks as concatenated block RLP (geth's utils.ExportChain/ExportN): one block at a time
// from the database to the file, gzipped when the name ends in .gz. The file appears only when complete: the
// blocks go to FILE.tmp, which is flushed and then renamed over FILE.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { log as rootLog, type Logger } from '../common/log.js';
import { prettyDuration } from '../common/prettyDuration.js';
import type { Blockchain } from '../core/chain/blockchain.js';
import { corrupt } from '../core/rawdb/corruption.js';
import { encodeBlock } from '../core/types/block.js';

/** geth's statsReportLimit: progress is logged at most this often. */
const REPORT_INTERVAL_MS = 8000;

export interface ExportStats {
  blocks: number;
  /** Uncompressed RLP bytes. */
  bytes: number;
}

/** Writes canonical blocks `first`..`last` (inclusive; default genesis to head) to `path`. */
export async function exportChainFile(
  chain: Blockchain,
  path: string,
  first = 0n,
  last = chain.currentBlock.number,
  log: Logger = rootLog,
): Promise<ExportStats> {
  const head = chain.currentBlock.number;
  if (first < 0n || last < 0n) throw new Error(`export: block numbers must not be negative (first ${first}, last ${last})`);
  if (first > last) throw new Error(`export: first block ${first} is after last block ${last}`);
  if (last > head) throw new Error(`export: last block ${last} is beyond the head block ${head}`);
  log.info('Exporting blockchain', { file: path, first, last });
  const stats: ExportStats = { blocks: 0, bytes: 0 };
  const started = performance.now();
  let reported = started;
  async function* blocks(): AsyncGenerator<Uint8Array> {
    for (let n = first; n <= last; n++) {
      const block = chain.getBlockByNumber(n);
      if (block === undefined) throw corrupt(`canonical block ${n}`, 'not stored');
      const rlp = encodeBlock(block);
      stats.blocks++;
      stats.bytes += rlp.length;
      yield rlp;
      const now = performance.now();
      if (now - reported >= REPORT_INTERVAL_MS) {
        log.info('Exporting blocks', { exported: stats.blocks, number: n, elapsed: prettyDuration(now - started) });
        reported = now;
      }
    }
  }
  const temp = `${path}.tmp`;
  try {
    // flush: the data is on disk before the rename makes it the file.
    const out = createWriteStream(temp, { flush: true });
    if (path.endsWith('.gz')) await pipeline(Readable.from(blocks()), createGzip(), out);
    else await pipeline(Readable.from(blocks()), out);
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw new Error(`export to ${path} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  log.info('Exported blockchain', {
    file: path,
    blocks: stats.blocks,
    first,
    last,
    size: stats.bytes,
    elapsed: prettyDuration(performance.now() - started),
  });
  return stats;
}
