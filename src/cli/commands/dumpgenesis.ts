// `geth dumpgenesis`: prints a genesis as geth's JSON. A network flag picks a built-in network; without one, the
// genesis stored in --datadir is printed if there is one, and mainnet's otherwise (as geth does).
import type { CommandModule } from 'yargs';
import { stringifyJsonLossless } from '../../common/losslessJson.js';
import { genesisToJson, type Genesis } from '../../core/genesis/genesis.js';
import { BUILT_IN_NETWORKS, builtInGenesis, type NetworkName } from '../../core/genesis/networks.js';
import { readStoredGenesis } from '../../core/genesis/setupGenesis.js';
import { datadirOption, hasChaindata, openChaindata } from '../datadir.js';

type DumpArgs = { datadir: string } & Partial<Record<NetworkName, boolean>>;

async function storedGenesis(datadir: string): Promise<Genesis | undefined> {
  if (!hasChaindata(datadir)) return undefined;
  const db = await openChaindata(datadir);
  try {
    return readStoredGenesis(db.store);
  } finally {
    await db.close();
  }
}

export const dumpGenesisCommand: CommandModule<object, DumpArgs> = {
  command: 'dumpgenesis',
  describe: 'Dumps genesis block JSON configuration to stdout',
  builder: (y) => {
    let b = y.option('datadir', datadirOption);
    for (const name of BUILT_IN_NETWORKS) {
      const others = BUILT_IN_NETWORKS.filter((n) => n !== name);
      b = b.option(name, { type: 'boolean', describe: `The ${name} network's genesis`, conflicts: others });
    }
    return b as never;
  },
  handler: async (args) => {
    const network = BUILT_IN_NETWORKS.find((n) => args[n] === true);
    const genesis = network ? builtInGenesis(network) : ((await storedGenesis(args.datadir)) ?? builtInGenesis('mainnet'));
    process.stdout.write(stringifyJsonLossless(genesisToJson(genesis)) + '\n');
  },
};
