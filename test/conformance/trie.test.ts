import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSuite } from './runner.js';
import { trieSuite } from './suites/trie.js';

describe('trie conformance (fixture copy of TrieTests)', () => {
  it('passes every root and next/previous-key case', async () => {
    const dir = fileURLToPath(new URL('../fixtures/TrieTests', import.meta.url));
    const summary = await runSuite(trieSuite, dir);
    expect(summary.failures).toEqual([]);
    expect(summary.skippedFiles).toEqual([]);
    expect(summary.passed).toBeGreaterThan(30);
  });
});
