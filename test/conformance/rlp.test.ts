import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSuite } from './runner.js';
import { rlpSuite } from './suites/rlp.js';

describe('rlp conformance (fixture copy of RLPTests)', () => {
  it('passes every valid and invalid case', async () => {
    const dir = fileURLToPath(new URL('../fixtures/RLPTests', import.meta.url));
    const summary = await runSuite(rlpSuite, dir);
    expect(summary.failures).toEqual([]);
    expect(summary.passed).toBeGreaterThan(50);
  });
});
