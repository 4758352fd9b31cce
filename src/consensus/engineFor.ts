// The engine a chain's configuration calls for (geth's CreateConsensusEngine): clique for a proof-of-authority
// chain (wrapped by the beacon engine when such a chain is to merge), the beacon engine for every other.
import type { ChainConfig } from '../params/chainConfig.js';
import { BeaconEngine } from './beacon/beacon.js';
import { CliqueEngine } from './clique/clique.js';
import type { Engine } from './engine.js';

export function engineFor(config: ChainConfig): Engine {
  if (config.clique === undefined) return new BeaconEngine();
  const clique = new CliqueEngine(config.clique);
  return config.terminalTotalDifficulty === undefined ? clique : new BeaconEngine(clique);
}
