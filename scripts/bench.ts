// npm run bench [-- SECTION...]: runs the benchmark sections (all but the opt-in ones by default) and prints one
// line per figure.
import type { BenchResult } from './bench/measure.js';

type Section = () => Promise<BenchResult[]>;

const SECTIONS: Record<string, () => Promise<Section>> = {
  crypto: async () => (await import('./bench/crypto.js')).bench,
  evm: async () => (await import('./bench/evm.js')).bench,
  genesis: async () => (await import('./bench/genesis.js')).bench,
  trie: async () => (await import('./bench/trie.js')).bench,
  import: async () => (await import('./bench/import.js')).bench,
  pool: async () => (await import('./bench/pool.js')).bench,
  startup: async () => (await import('./bench/startup.js')).bench,
  rpc: async () => (await import('./bench/rpc.js')).bench,
  devnet: async () => (await import('./bench/devnet.js')).bench,
};

/** Run only when named: rpc and devnet start node processes and take minutes. */
const OPT_IN = new Set(['rpc', 'devnet']);

function format(r: BenchResult): string {
  const v = r.value >= 100 ? Math.round(r.value).toLocaleString('en-US') : r.value.toFixed(2);
  return `${r.name.padEnd(44)} ${v.padStart(12)} ${r.unit}${r.note ? `  (${r.note})` : ''}`;
}

async function main(argv: string[]): Promise<void> {
  const names = argv.length > 0 ? argv : Object.keys(SECTIONS).filter((n) => !OPT_IN.has(n));
  for (const name of names) {
    const load = SECTIONS[name];
    if (!load) throw new Error(`unknown section ${name}; sections: ${Object.keys(SECTIONS).join(', ')}`);
    process.stdout.write(`== ${name}\n`);
    for (const r of await (await load())()) process.stdout.write(format(r) + '\n');
  }
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(1);
});
