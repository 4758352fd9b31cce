// `geth init --datadir D genesis.json`: writes the genesis block and state into D's chain database. Running it
// again with the same genesis is fine; a database with another genesis is refused.
import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { log } from '../../common/log.js';
import { GenesisFormatError, parseGenesis, type Genesis } from '../../core/genesis/genesis.js';
import { setupGenesis } from '../../core/genesis/setupGenesis.js';
import { datadirOption, openChaindata } from '../datadir.js';

interface InitArgs {
  datadir: string;
  genesis: string;
}

function readGenesisFile(path: string): Genesis {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`failed to read genesis file: ${(e as Error).message}`);
  }
  try {
    return parseGenesis(text);
  } catch (e) {
    if (e instanceof GenesisFormatError) throw new Error(`invalid genesis file ${path}: ${e.message}`);
    throw e;
  }
}

export const initCommand: CommandModule<object, InitArgs> = {
  command: 'init <genesis>',
  describe: 'Bootstrap and initialize a new genesis block',
  builder: (y) =>
    y
      .positional('genesis', { type: 'string', demandOption: true, describe: 'Path to the genesis.json file' })
      .option('datadir', datadirOption),
  handler: async (args) => {
    const genesis = readGenesisFile(args.genesis);
    const db = await openChaindata(args.datadir);
    try {
      const { header, written } = await setupGenesis(db.store, genesis);
      if (!written) log.info('Database already contains this genesis');
      log.info('Successfully wrote genesis state', { database: 'chaindata', hash: header.hash });
    } finally {
      await db.close();
    }
  },
};
