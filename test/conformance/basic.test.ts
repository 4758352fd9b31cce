import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSuite } from './runner.js';
import { basicSuite } from './suites/basic.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/BasicTests', import.meta.url));

describe('basic conformance (fixture copy of BasicTests)', () => {
  it('passes keys, hex-prefix, the mainnet genesis and Frontier transactions', async () => {
    const summary = await runSuite(basicSuite, FIXTURES);
    expect(summary.failures).toEqual([]);
    expect(summary.passed).toBe(17);
    expect(summary.skippedFiles).toEqual(['blockgenesistest.json']);
  });

  it('fails cases whose expectations are wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgeth-basic-'));
    try {
      cpSync(FIXTURES, dir, { recursive: true });
      const hexPath = join(dir, 'hexencodetest.json');
      writeFileSync(hexPath, readFileSync(hexPath, 'utf8').replace('"out": "10012345"', '"out": "11012345"'));
      const genesisPath = join(dir, 'genesishashestest.json');
      writeFileSync(genesisPath, readFileSync(genesisPath, 'utf8').replace('"genesis_hash": "d4', '"genesis_hash": "d5'));
      const summary = await runSuite(basicSuite, dir);
      expect(summary.failures.map((f) => `${f.file} ${f.name}`)).toEqual([
        'genesishashestest.json mainnet genesis',
        'hexencodetest.json zz,odd,open',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
