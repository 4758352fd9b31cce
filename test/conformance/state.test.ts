import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSuite } from './runner.js';
import { stateSuite } from './suites/state.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/GeneralStateTests', import.meta.url));

type Json = Record<string, any>;

/** A fixture test, parsed afresh so each check can change it. */
function fixture(path: string): Json {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as Json;
}

async function run(content: unknown) {
  const results = await stateSuite.runFile('x.json', content);
  if (results === undefined) throw new Error('the suite did not recognise the file');
  return results;
}

const LOG_TEST = 'stLogTests/log1_Caller.json';

describe('state conformance (fixture copy of GeneralStateTests)', () => {
  it('passes every Cancun case of the fixtures', async () => {
    const summary = await runSuite(stateSuite, FIXTURES);
    expect(summary.failures).toEqual([]);
    expect(summary.skippedFiles).toEqual([]);
    // value transfer 1, call with storage and logs 1, legacy/access-list calls 3, value overflow 1,
    // blob count 2, transient storage (EIP-155 legacy) 1.
    expect(summary.passed).toBe(9);
  });

  it('names cases by test, fork and indexes', async () => {
    const results = await run(fixture('stEIP2930/coinbaseT01.json'));
    expect(results.map((r) => r.name)).toEqual([
      'coinbaseT01/Cancun/d1g0v0',
      'coinbaseT01/Cancun/d0g0v0',
      'coinbaseT01/Cancun/d2g0v0',
    ]);
  });

  it('fails a wrong state root, naming both roots and the gas used', async () => {
    const doc = fixture(LOG_TEST);
    doc.log1_Caller.post.Cancun[0].hash = '0x' + '11'.repeat(32);
    const [r] = await run(doc);
    expect(r?.ok).toBe(false);
    expect(r?.error).toMatch(/^state root 0x[0-9a-f]{64}, expected 0x1111.* \(gas used \d+\)$/);
  });

  it('fails a wrong logs hash', async () => {
    const doc = fixture(LOG_TEST);
    doc.log1_Caller.post.Cancun[0].logs = '0x' + '22'.repeat(32);
    const [r] = await run(doc);
    expect(r?.error).toMatch(/^logs hash 0x[0-9a-f]{64}, expected 0x2222/);
  });

  it('fails when the fields do not sign to txbytes', async () => {
    const doc = fixture(LOG_TEST);
    doc.log1_Caller.transaction.gasLimit[0] = '0x061a81';
    const [r] = await run(doc);
    expect(r?.error).toMatch(/^signed transaction \(\d+ bytes\) differs from txbytes \(\d+ bytes\) from byte \d+$/);
  });

  it('fails txbytes that do not decode while the fields make a transaction', async () => {
    const doc = fixture(LOG_TEST);
    doc.log1_Caller.post.Cancun[0].txbytes = '0xc0';
    const [r] = await run(doc);
    expect(r?.error).toMatch(/^txbytes do not decode \(.+\), but the fields make a valid transaction$/);
  });

  it('fails when the secret key does not belong to the sender', async () => {
    const doc = fixture(LOG_TEST);
    doc.log1_Caller.transaction.sender = '0x' + '33'.repeat(20);
    const [r] = await run(doc);
    expect(r?.error).toMatch(/^cannot build the transaction from its fields: secretKey belongs to 0xa94f/);
  });

  it('fails a valid transaction expected to be rejected', async () => {
    const doc = fixture(LOG_TEST);
    doc.log1_Caller.post.Cancun[0].expectException = 'TransactionException.INTRINSIC_GAS_TOO_LOW';
    const [r] = await run(doc);
    expect(r?.error).toMatch(/^accepted a transaction expected to fail with .*INTRINSIC_GAS_TOO_LOW \(gas used \d+\)$/);
  });

  it('fails a rejection for another reason than the expected one', async () => {
    const doc = fixture('eip4844_blobs/invalid_tx_blob_count.json');
    for (const test of Object.values(doc)) {
      test.post.Cancun[0].expectException = 'TransactionException.INSUFFICIENT_ACCOUNT_FUNDS';
    }
    const results = await run(doc);
    expect(results.map((r) => r.error)).toEqual([
      expect.stringMatching(/^expected .*INSUFFICIENT_ACCOUNT_FUNDS, rejected for another reason: blob.* missing/),
      expect.stringMatching(/^expected .*INSUFFICIENT_ACCOUNT_FUNDS, rejected for another reason: blob gas 917504 /),
    ]);
  });

  it('accepts any of the alternatives of "A|B" and any rejection for an unknown name', async () => {
    const doc = fixture('eip4844_blobs/invalid_tx_blob_count.json');
    const [few, many] = Object.values(doc);
    few!.post.Cancun[0].expectException =
      'TransactionException.INTRINSIC_GAS_TOO_LOW|TransactionException.TYPE_3_TX_ZERO_BLOBS';
    many!.post.Cancun[0].expectException = 'TransactionException.SOMETHING_NEW';
    expect((await run(doc)).map((r) => r.ok)).toEqual([true, true]);
  });

  it('fails an unexpected rejection with its reason', async () => {
    const doc = fixture(LOG_TEST);
    const test = doc.log1_Caller;
    test.pre['0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b'].balance = '0x01';
    const [r] = await run(doc);
    expect(r?.error).toMatch(/^transaction rejected \(insufficientFunds\): insufficient funds for gas \* price/);
  });

  it('fails a rejected transaction whose expected root is not the pre-state root', async () => {
    const doc = fixture('stTransactionTest/ValueOverflowParis.json');
    doc.ValueOverflowParis.post.Cancun[0].hash = '0x' + '44'.repeat(32);
    const [r] = await run(doc);
    expect(r?.error).toMatch(/^state root 0x[0-9a-f]{64}, expected 0x4444/);
  });

  it('fails every case of a test whose pre-state or env is malformed, naming the field', async () => {
    const badPre = fixture('stEIP2930/coinbaseT01.json');
    badPre.coinbaseT01.pre['0x000000000000000000000000000000000000c0de'].balance = '-1';
    const preResults = await run(badPre);
    expect(preResults).toHaveLength(3);
    for (const r of preResults) expect(r.error).toMatch(/^pre: alloc\.0x0{36}c0de\.balance: /);

    const badEnv = fixture(LOG_TEST);
    delete badEnv.log1_Caller.env.currentRandom;
    const [r] = await run(badEnv);
    expect(r?.error).toBe('env.currentRandom: expected a string, got nothing');
  });

  it('fails an entry with bad indexes without crashing', async () => {
    const doc = fixture(LOG_TEST);
    doc.log1_Caller.post.Cancun[0].indexes.data = 5;
    doc.log1_Caller.post.Cancun.push({ indexes: 'none' });
    const results = await run(doc);
    expect(results.map((r) => r.name)).toEqual(['log1_Caller/Cancun/d5g0v0', 'log1_Caller/Cancun/#1']);
    expect(results[0]?.error).toMatch(/transaction\.data: index 5 out of 1 entries/);
    expect(results[1]?.error).toMatch(/^indexes: expected an object/);
  });

  it('gives no cases for a test without Cancun expectations, and leaves other formats to the runner', async () => {
    const doc = fixture(LOG_TEST);
    doc.log1_Caller.post = { Shanghai: doc.log1_Caller.post.Cancun };
    expect(await stateSuite.runFile('x.json', doc)).toEqual([]);
    expect(await stateSuite.runFile('x.json', { a: { in: 1, out: '0x01' } })).toBeUndefined();
    expect(await stateSuite.runFile('x.json', [1, 2])).toBeUndefined();
  });
});
