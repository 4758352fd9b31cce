// npm run conformance -- SUITE DIR [--filter TEXT]
// Runs every official test file under DIR for SUITE, prints each failure with its file and test name, and ends
// with `conformance: N passed, M failed`. Exits non-zero when anything failed.
import { runSuite } from '../test/conformance/runner.js';
import { SUITES } from '../test/conformance/suites/index.js';

async function main(argv: string[]): Promise<number> {
  const filterAt = argv.indexOf('--filter');
  const filter = filterAt >= 0 ? argv[filterAt + 1] : undefined;
  const positional = filterAt >= 0 ? argv.filter((_, i) => i !== filterAt && i !== filterAt + 1) : argv;
  const [suiteName, dir] = positional;
  const suite = suiteName ? SUITES[suiteName] : undefined;
  if (!suite || !dir) {
    process.stderr.write(`usage: npm run conformance -- SUITE DIR [--filter TEXT]\n  SUITE: ${Object.keys(SUITES).join(', ')}\n`);
    return 2;
  }
  const started = Date.now();
  const summary = await runSuite(suite, dir, {
    filter,
    onFailure: (f) => process.stdout.write(`FAIL ${f.file} ${f.name}: ${f.error}\n`),
  });
  for (const f of summary.skippedFiles) process.stdout.write(`skipped ${f} (not a ${suite.name} test file)\n`);
  process.stdout.write(`time: ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  process.stdout.write(`conformance: ${summary.passed} passed, ${summary.failed} failed\n`);
  return summary.failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`conformance: ${(e as Error).message}\n`);
    process.exit(2);
  },
);
