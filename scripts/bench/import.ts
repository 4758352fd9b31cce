// Block import figures: a chain of 200 blocks x 500 value transfers (100,000 transactions from 100 senders to
// fresh accounts) imported through the CLI's import code (cli/chainImport.ts) into a fresh LevelDB-backed
// Blockchain, in this process. The chain file is generated once and cached under the OS temp dir, keyed by its
// parameters (signing 100k transactions takes a while); the generation time is reported when it happens.
//
// Where the time goes is measured with a CPU profile of a second import (node:inspector, 500 µs sampling): the
// self time of every sampled function, summed by the module it belongs to (see CATEGORIES). Native code
// (libsecp256k1, the keccak addon, LevelDB) is charged to the module of the JS function that called it.
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importChainFile, type ImportStats } from '../../src/cli/chainImport.js';
import { BeaconEngine } from '../../src/consensus/beacon/beacon.js';
import { Blockchain } from '../../src/core/chain/blockchain.js';
import { SILENT_LOG } from '../../src/core/chain/testChain.js';
import { parseGenesis } from '../../src/core/genesis/genesis.js';
import { LevelStore } from '../../src/db/levelStore.js';
import { makeTestChain, writeChainFiles, type ChainFiles } from '../makeChain.js';
import type { BenchResult } from './measure.js';

const BLOCKS = 200;
const TXS = 500;
/** Bump when the generated chain changes shape, so that an old cache is not used. */
const CACHE_VERSION = 1;

/** The cached chain files, generated first when missing; `generatedMs` tells that it happened. */
async function chainFiles(): Promise<{ files: ChainFiles; generatedMs?: number }> {
  const dir = join(tmpdir(), `tsgeth-bench-chain-${BLOCKS}x${TXS}-v${CACHE_VERSION}`);
  const files = { genesisPath: join(dir, 'genesis.json'), blocksPath: join(dir, 'blocks.rlp') };
  if (existsSync(files.genesisPath) && existsSync(files.blocksPath)) return { files };
  const started = performance.now();
  const chain = await makeTestChain({ blocks: BLOCKS, txs: TXS });
  // Written aside and renamed into place: an interrupted run never leaves a half-written cache.
  const temp = mkdtempSync(`${dir}.tmp-`);
  writeChainFiles(temp, chain);
  rmSync(dir, { recursive: true, force: true });
  renameSync(temp, dir);
  return { files, generatedMs: performance.now() - started };
}

interface ImportRun {
  stats: ImportStats;
  ms: number;
}

/** Imports the file into a fresh LevelDB in a temporary directory. */
async function importOnce(files: ChainFiles): Promise<ImportRun> {
  const dir = mkdtempSync(join(tmpdir(), 'tsgeth-bench-import-'));
  try {
    const store = await LevelStore.open(join(dir, 'chaindata'));
    try {
      const genesis = parseGenesis(readFileSync(files.genesisPath, 'utf8'));
      const chain = await Blockchain.open(store, { engine: new BeaconEngine(), genesis, log: SILENT_LOG });
      const started = performance.now();
      const stats = await importChainFile(chain, files.blocksPath, { log: SILENT_LOG });
      const ms = performance.now() - started;
      if (stats.imported !== BLOCKS) throw new Error(`imported ${stats.imported} blocks, want ${BLOCKS}`);
      return { stats, ms };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function profiled<T>(fn: () => Promise<T>): Promise<Profile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
    await fn();
    return ((await session.post('Profiler.stop')) as unknown as { profile: Profile }).profile;
  } finally {
    session.disconnect();
  }
}

/** Where a module's time goes, first match wins; `(idle)` is the main thread waiting, which here is for LevelDB writes. */
const CATEGORIES: [string, RegExp][] = [
  ['sender recovery', /node_modules\/(secp256k1|@noble\/curves)\/|src\/crypto\/secp256k1\.ts|src\/core\/types\/txSigner\.ts/],
  ['keccak', /node_modules\/(keccak|@noble\/hashes)\/|src\/crypto\/keccak\.ts/],
  ['database (+ write waits)', /node_modules\/(classic-level|abstract-level|level-[a-z-]+|module-error)\/|src\/db\/|^\(idle\)$/],
  ['rlp', /node_modules\/@ethereumjs\/rlp\/|src\/rlp\//],
  ['trie', /src\/trie\//],
  ['state', /src\/core\/state\//],
  ['execution', /src\/core\/(vm\/|stateTransition|processor|gasPool|evmContext|systemCalls)/],
  ['GC', /^\(garbage collector\)$/],
];

/**
 * Self time per category in ms. Native functions (no url) are charged to the module of the nearest JS caller, so
 * libsecp256k1 counts as sender recovery and LevelDB's getSync as database.
 */
function timeByCategory(profile: Profile): Map<string, number> {
  const parent = new Map<number, ProfileNode>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node);
  }
  const categoryOf = (node: ProfileNode): string => {
    const name = node.callFrame.functionName;
    let n: ProfileNode | undefined = node;
    if (!(name.startsWith('(') && name.endsWith(')'))) {
      while (n !== undefined && n.callFrame.url === '') n = parent.get(n.id);
    }
    const where = n === undefined ? '' : n.callFrame.url || n.callFrame.functionName;
    return CATEGORIES.find(([, re]) => re.test(where))?.[0] ?? 'other';
  };
  const cache = new Map<number, string>();
  const out = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    let category = cache.get(id);
    if (category === undefined) cache.set(id, (category = categoryOf(byId.get(id)!)));
    out.set(category, (out.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return out;
}

export async function bench(): Promise<BenchResult[]> {
  const { files, generatedMs } = await chainFiles();
  const { stats, ms } = await importOnce(files);
  const seconds = ms / 1000;
  const results: BenchResult[] = [];
  if (generatedMs !== undefined) {
    results.push({ name: 'chain generation (cached for next runs)', value: generatedMs / 1000, unit: 's', note: `${BLOCKS} blocks x ${TXS} transfers` });
  }
  results.push(
    { name: 'import: transactions', value: stats.txs / seconds, unit: 'tx/s', note: `${stats.txs} value transfers, aim 2,000` },
    { name: 'import: gas', value: Number(stats.gas) / 1e6 / seconds, unit: 'Mgas/s' },
    { name: 'import: blocks', value: stats.imported / seconds, unit: 'blocks/s', note: `${seconds.toFixed(1)} s in all` },
  );
  const times = timeByCategory(await profiled(() => importOnce(files)));
  const total = [...times.values()].reduce((a, b) => a + b, 0);
  const order = [...CATEGORIES.map(([name]) => name), 'other'];
  for (const name of order) {
    const ms = times.get(name) ?? 0;
    results.push({ name: `import share: ${name}`, value: (100 * ms) / total, unit: '%', note: `${(ms / 1000).toFixed(1)} s` });
  }
  return results;
}
