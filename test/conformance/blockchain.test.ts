import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSuite } from './runner.js';
import { blockchainSuite } from './suites/blockchain.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/BlockchainTests', import.meta.url));

function fixture(name: string): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(`${FIXTURES}/${name}.json`, 'utf8')) as Record<string, Record<string, unknown>>;
}

describe('blockchain conformance (fixture copy of BlockchainTests)', () => {
  it('imports every chain to the expected head and post state, and rejects the invalid block', async () => {
    const summary = await runSuite(blockchainSuite, FIXTURES);
    expect(summary.failures).toEqual([]);
    expect(summary.skippedFiles).toEqual([]);
    expect(summary.passed).toBe(7);
  });

  it('fails a wrong post state, a wrong head and an invalid block that was expected to be valid', async () => {
    const simple = fixture('SimpleTx');
    const test = simple.SimpleTx_Cancun!;
    const post = test.postState as Record<string, { balance: string }>;
    post['0x095e7baea6a6c7c4c2dfeb977efac326af552d87']!.balance = '0x0b';
    const wrongHead = { ...test, postState: undefined, lastblockhash: '0x' + '00'.repeat(32) };
    const extraAccount = {
      ...test,
      postState: { ...(fixture('SimpleTx').SimpleTx_Cancun!.postState as object) },
    };
    delete (extraAccount.postState as Record<string, unknown>)['0x095e7baea6a6c7c4c2dfeb977efac326af552d87'];
    const invalid = fixture('invalidTr').invalidTr_d0g0v0_Cancun!;
    const blocks = invalid.blocks as Array<{ expectException?: string }>;
    const acceptedInvalid = { ...invalid, blocks: blocks.map(({ expectException: _, ...b }) => b) };

    const results = await blockchainSuite.runFile('x.json', {
      balance: test,
      head: wrongHead,
      extra: extraAccount,
      invalid: acceptedInvalid,
      otherNetwork: { ...test, network: 'ShanghaiToCancunAtTime15k' },
    });

    expect(results?.map((r) => [r.name, r.ok])).toEqual([
      ['balance', false],
      ['head', false],
      ['extra', false],
      ['invalid', false],
    ]);
    expect(results?.[0]?.error).toBe('post state: 0x095e7baea6a6c7c4c2dfeb977efac326af552d87: balance 10, want 11');
    expect(results?.[1]?.error).toMatch(/^head #1 0x2eea30bb.*, want 0x0{64}$/);
    expect(results?.[2]?.error).toMatch(/^post state: state root 0xc38d8812.*: accounts or slots beyond postState$/);
    expect(results?.[3]?.error).toMatch(/^block 0: invalid block #1 \[0x4687d535.*\]: transaction root hash mismatch/);
  });

  it('does not take a file of another kind', async () => {
    expect(await blockchainSuite.runFile('x.json', { t: { txbytes: '0x' } })).toBeUndefined();
    expect(await blockchainSuite.runFile('x.json', [])).toBeUndefined();
  });
});
