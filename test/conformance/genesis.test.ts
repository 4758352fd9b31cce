import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSuite } from './runner.js';
import { genesisSuite } from './suites/genesis.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/GenesisTests', import.meta.url));

describe('genesis conformance (fixture copy of GenesisTests)', () => {
  it('builds every genesis block byte for byte', async () => {
    const summary = await runSuite(genesisSuite, FIXTURES);
    expect(summary.failures).toEqual([]);
    expect(summary.passed).toBe(3);
  });

  it('fails a case whose alloc was changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgeth-genesis-'));
    try {
      const text = readFileSync(join(FIXTURES, 'basic_genesis_tests.json'), 'utf8');
      writeFileSync(join(dir, 'basic_genesis_tests.json'), text.replace('"0x03": "0x07"', '"0x03": "0x08"'));
      const summary = await runSuite(genesisSuite, dir);
      expect(summary.failures.map((f) => f.name)).toEqual(['test1']);
      expect(summary.failures[0]!.error).toMatch(/^genesis block rlp 0x/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
