// `geth import --datadir D FILE...`: imports blocks from files of concatenated block RLP (as `geth export` writes
// them; .gz for gzip) into an initialised datadir. Stops at the first bad block or item with an error naming it,
// keeping every valid block before it. SIGINT/SIGTERM stop it after the current batch, closing the database.
import { statSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { log } from '../../common/log.js';
import { prettyDuration } from '../../common/prettyDuration.js';
import { isMergedAtGenesis } from '../../params/chainConfig.js';
import { openChain } from '../chain.js';
import { importChainFile, type ImportStats } from '../chainImport.js';
import { datadirOption } from '../datadir.js';

interface ImportArgs {
  datadir: string;
  files: string[];
}

/** Refuses missing or unreadable-looking paths before the datadir is touched. */
function checkFile(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (!isFile) throw new Error(`cannot read ${path}: not a file`);
}

export const importCommand: CommandModule<object, ImportArgs> = {
  command: 'import <files..>',
  describe: 'Import a blockchain file',
  builder: (y) =>
    y
      .positional('files', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Files of concatenated block RLP, imported in order (gzipped when the name ends in .gz)',
      })
      .option('datadir', datadirOption),
  handler: async (args) => {
    for (const file of args.files) checkFile(file);
    const { chain, close } = await openChain(args.datadir);
    if (!isMergedAtGenesis(chain.config)) {
      log.warn('This chain has proof-of-work history and no pre-merge engine is available: pre-merge blocks will be refused');
    }
    const interrupt = new AbortController();
    const onSignal = (): void => {
      if (!interrupt.signal.aborted) log.info('Interrupted during import, stopping at next batch');
      interrupt.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const started = performance.now();
    const total: ImportStats = { imported: 0, skipped: 0, txs: 0, gas: 0n };
    try {
      for (const file of args.files) {
        const stats = await importChainFile(chain, file, { signal: interrupt.signal });
        total.imported += stats.imported;
        total.skipped += stats.skipped;
        total.txs += stats.txs;
        total.gas += stats.gas;
      }
      const elapsed = performance.now() - started;
      const mgas = Number(total.gas) / 1e6;
      const head = chain.currentBlock;
      log.info('Import done', {
        blocks: total.imported,
        skipped: total.skipped,
        txs: total.txs,
        mgas: mgas.toFixed(3),
        elapsed: prettyDuration(elapsed),
        mgasps: ((mgas * 1000) / elapsed).toFixed(3),
        number: head.number,
        hash: head.hash,
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await close();
    }
  },
};
