// The built-in networks, whose genesis files ship in the package's genesis/ folder. This module sits three levels
// below the package root both as source (src/core/genesis) and built (dist/core/genesis), so one relative URL
// finds the files from tsx, vitest and the built CLI alike.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGenesis, type Genesis } from './genesis.js';

export const BUILT_IN_NETWORKS = ['mainnet', 'sepolia', 'dev'] as const;
export type NetworkName = (typeof BUILT_IN_NETWORKS)[number];

export function builtInGenesisPath(name: NetworkName): string {
  return fileURLToPath(new URL(`../../../genesis/${name}.json`, import.meta.url));
}

/** Reads and parses a built-in network's genesis (a fresh object on every call: callers may change it). */
export function builtInGenesis(name: NetworkName): Genesis {
  return parseGenesis(readFileSync(builtInGenesisPath(name), 'utf8'));
}
