// Genesis figures: parsing mainnet's genesis.json, its state root (8893 accounts; aim < 1 s) and a full init
// (parse, build, write into a fresh LevelDB in a temporary directory).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGenesis } from '../../src/core/genesis/genesis.js';
import { buildGenesisState } from '../../src/core/genesis/genesisState.js';
import { builtInGenesisPath } from '../../src/core/genesis/networks.js';
import { setupGenesis } from '../../src/core/genesis/setupGenesis.js';
import { LevelStore } from '../../src/db/levelStore.js';
import { timeMs, type BenchResult } from './measure.js';

/** The median of `runs` timings, which is steadier than one run on a shared machine. */
async function medianMs(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeMs(fn));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function bench(): Promise<BenchResult[]> {
  const text = readFileSync(builtInGenesisPath('mainnet'), 'utf8');
  const genesis = parseGenesis(text);
  const accounts = `${genesis.alloc.size} accounts`;
  const parse = await medianMs(5, () => parseGenesis(text));
  const stateRoot = await medianMs(5, () => buildGenesisState(genesis.alloc));
  const init = await medianMs(3, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgeth-bench-'));
    try {
      const store = await LevelStore.open(join(dir, 'chaindata'));
      await setupGenesis(store, parseGenesis(text));
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return [
    { name: 'mainnet genesis.json parse', value: parse, unit: 'ms', note: `${(text.length / 1e6).toFixed(2)} MB` },
    { name: 'mainnet genesis state root', value: stateRoot, unit: 'ms', note: accounts },
    { name: 'mainnet init (parse+build+LevelDB write)', value: init, unit: 'ms', note: accounts },
  ];
}
