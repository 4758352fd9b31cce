// `geth export --datadir D FILE [FIRST LAST]`: writes the canonical chain, genesis to head by default or blocks
// FIRST..LAST inclusive, as concatenated block RLP (gzipped when FILE ends in .gz). Unlike geth, which appends to
// FILE when given a range, FILE is always replaced, and only once it is complete.
import type { CommandModule } from 'yargs';
import { openChain } from '../chain.js';
import { exportChainFile } from '../chainExport.js';
import { datadirOption } from '../datadir.js';

interface ExportArgs {
  datadir: string;
  file: string;
  first?: string;
  last?: string;
}

function blockNumber(value: string, what: string): bigint {
  if (!/^\d+$/.test(value)) throw new Error(`export: ${what} block number must be a non-negative integer, got "${value}"`);
  return BigInt(value);
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <file> [first] [last]',
  describe: 'Export blockchain into file',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'Output file (gzipped when it ends in .gz)' })
      // Strings, parsed here: yargs would turn numbers past 2^53 into floats.
      .positional('first', { type: 'string', describe: 'First block to export (default genesis)' })
      .positional('last', { type: 'string', describe: 'Last block to export (default the head)' })
      .option('datadir', datadirOption),
  handler: async (args) => {
    if ((args.first === undefined) !== (args.last === undefined)) {
      throw new Error('export: give both the first and the last block number, or neither');
    }
    const first = args.first === undefined ? undefined : blockNumber(String(args.first), 'first');
    const last = args.last === undefined ? undefined : blockNumber(String(args.last), 'last');
    const { chain, close } = await openChain(args.datadir);
    try {
      await exportChainFile(chain, args.file, first, last);
    } finally {
      await close();
    }
  },
};
