import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSuite } from './runner.js';
import { txSuite } from './suites/tx.js';

describe('tx conformance (fixture copy of TransactionTests)', () => {
  it('passes every valid and invalid case for every fork listed', async () => {
    const dir = fileURLToPath(new URL('../fixtures/TransactionTests', import.meta.url));
    const summary = await runSuite(txSuite, dir);
    expect(summary.failures).toEqual([]);
    expect(summary.skippedFiles).toEqual([]);
    // 10 files, 13 forks each.
    expect(summary.passed).toBe(130);
  });

  it('reports a wrong expectation as a failure', async () => {
    const results = await txSuite.runFile('x.json', {
      wrongHash: {
        txbytes:
          '0xf85f800182520894095e7baea6a6c7c4c2dfeb977efac326af552d870a801ba048b55bfa915ac795c431978d8a6a992b628d557da5ff759b307d495a36649353a01fffd310ac743f371de3b9f7f9cb56c0b28ad43601b4ab949f53faa07bd2c804',
        result: {
          Cancun: { hash: '0x00', sender: '0x00', intrinsicGas: '0x5208' },
          London: { exception: 'TransactionException.INTRINSIC_GAS_TOO_LOW' },
        },
      },
    });
    expect(results?.map((r) => r.ok)).toEqual([false, false]);
    expect(results?.[0]?.error).toMatch(/^hash 0x/);
    expect(results?.[1]?.error).toMatch(/accepted a transaction expected to fail/);
  });

  it('leaves files of another format to the runner as skipped', async () => {
    expect(await txSuite.runFile('x.json', { a: { in: 1, out: '0x01' } })).toBeUndefined();
  });
});
