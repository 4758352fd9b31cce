// The --datadir flag. The layout itself (chain database, keystore, lock) belongs to the node, which opens it too;
// it is re-exported here for the commands that work on a datadir without running a node.
import { DEFAULT_DATADIR } from '../node/datadir.js';

export { chaindataPath, DEFAULT_DATADIR, hasChaindata, keystorePath, openChaindata, type Chaindata } from '../node/datadir.js';

export const datadirOption = {
  type: 'string',
  default: DEFAULT_DATADIR,
  describe: 'Data directory for the databases and keystore',
} as const;
