// Every result the API gives, for every method the execution-apis OpenRPC spec defines, validated against the
// spec's own result schema (with its $refs resolved by ajv), on a chain that holds all four transaction types.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bytesToHex } from '../../src/common/bytes.js';
import { GWEI, TEST_ADDRESSES, TEST_CHAIN_ID, TEST_KEYS } from '../../src/core/chain/testChain.js';
import { encodeTransaction } from '../../src/core/types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE } from '../../src/core/types/txData.js';
import { signTransaction } from '../../src/core/types/txSigner.js';
import { standardModules } from '../../src/rpc/apis.js';
import type { HttpRpcServer } from '../../src/rpc/httpServer.js';
import { unlockedKeys } from '../../src/rpc/unlockedKeys.js';
import { buildFixture, COUNTER, RECIPIENT, REVERT_REASON, rpcResult, startHttp, type RpcFixture } from './rpcFixture.js';

const SPEC_DIR = fileURLToPath(new URL('../fixtures/execution-apis/', import.meta.url));

interface SpecMethod {
  name: string;
  result: { schema: unknown };
}

function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8')) as unknown;
}

function loadSpec(): { schemas: Record<string, unknown>; methods: Map<string, SpecMethod> } {
  const schemas: Record<string, unknown> = {};
  for (const file of readdirSync(join(SPEC_DIR, 'schemas')).filter((f) => f.endsWith('.yaml'))) {
    Object.assign(schemas, readYaml(join(SPEC_DIR, 'schemas', file)));
  }
  const methods = new Map<string, SpecMethod>();
  for (const file of readdirSync(join(SPEC_DIR, 'eth')).filter((f) => f.endsWith('.yaml'))) {
    for (const m of readYaml(join(SPEC_DIR, 'eth', file)) as SpecMethod[]) methods.set(m.name, m);
  }
  return { schemas, methods };
}

const spec = loadSpec();
/** The spec has no header method: a header is checked as a block that lacks the body fields. */
const BODY_FIELDS = ['size', 'transactions', 'uncles'];
const blockSchema = spec.schemas.Block as { required: string[] };
const headerSchema = { ...blockSchema, required: blockSchema.required.filter((f) => !BODY_FIELDS.includes(f)) };

const ajv = new Ajv({ strict: false, allErrors: true });
const results: Record<string, unknown> = Object.fromEntries([...spec.methods].map(([name, m]) => [name, m.result.schema]));
// One document, so that the spec's "#/components/schemas/..." references resolve in every result schema.
ajv.addSchema({ $id: 'openrpc', components: { schemas: spec.schemas }, results, header: headerSchema });

function compiled(pointer: string): ValidateFunction {
  const validate = ajv.getSchema(`openrpc#/${pointer}`);
  if (validate === undefined) throw new Error(`no schema at ${pointer}`);
  return validate;
}

function resultValidator(method: string): ValidateFunction {
  return compiled(`results/${method}`);
}

let fixture: RpcFixture;
let server: HttpRpcServer;
let url: string;

beforeAll(async () => {
  fixture = await buildFixture();
  ({ server, url } = await startHttp(fixture));
});

afterAll(async () => {
  await server.stop();
});

function expectValid(validate: ValidateFunction, value: unknown, what: string): void {
  const ok = validate(value);
  expect(ok, `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`).toBe(true);
}

describe('results match the OpenRPC schemas', () => {
  const hex = bytesToHex;
  const checked = new Set<string>();

  async function check(method: string, params: unknown[]): Promise<unknown> {
    const result = await rpcResult(url, method, params);
    expectValid(resultValidator(method), result, `${method}(${JSON.stringify(params)})`);
    checked.add(method);
    return result;
  }

  it('client and state methods', async () => {
    const sender = hex(TEST_ADDRESSES[0]!);
    await check('eth_chainId', []);
    await check('eth_blockNumber', []);
    await check('eth_syncing', []);
    await check('net_version', []);
    await check('eth_getBalance', [sender, 'latest']);
    await check('eth_getTransactionCount', [sender, 'pending']);
    await check('eth_getCode', [hex(COUNTER), '0x1']);
    await check('eth_getStorageAt', [hex(COUNTER), '0x0', 'latest']);
    await check('eth_getProof', [hex(COUNTER), ['0x0', '0x' + '00'.repeat(31) + '05'], 'latest']);
    await check('eth_getProof', ['0x' + '99'.repeat(20), ['0x1'], 'latest']);
  });

  it('blocks, with hashes and with full transactions of all four types', async () => {
    for (const number of ['0x0', '0x1', '0x2', '0x3', 'latest', '0x63']) {
      for (const full of [false, true]) await check('eth_getBlockByNumber', [number, full]);
    }
    for (const block of fixture.blocks) {
      await check('eth_getBlockByHash', [hex(block.hash), true]);
      await check('eth_getBlockTransactionCountByHash', [hex(block.hash)]);
      await check('eth_getBlockReceipts', [hex(block.hash)]);
    }
    await check('eth_getBlockTransactionCountByNumber', ['0x2']);
    await check('eth_getBlockReceipts', ['0x63']);
    for (const number of ['0x0', '0x1', '0x2']) {
      expectValid(compiled('header'), await rpcResult(url, 'eth_getHeaderByNumber', [number]), `header ${number}`);
    }
  });

  it('transactions and receipts of every type, mined and pending', async () => {
    for (const tx of Object.values(fixture.txs)) {
      await check('eth_getTransactionByHash', [hex(tx.hash)]);
      await check('eth_getTransactionReceipt', [hex(tx.hash)]);
    }
    await check('eth_getTransactionByBlockHashAndIndex', [hex(fixture.blocks[1]!.hash), '0x1']);
    await check('eth_getTransactionByBlockNumberAndIndex', ['0x1', '0x1']);
    const pending = signTransaction(
      {
        type: DYNAMIC_FEE_TX_TYPE,
        chainId: TEST_CHAIN_ID,
        nonce: 2n,
        maxPriorityFeePerGas: GWEI,
        maxFeePerGas: 10n * GWEI,
        gasLimit: 21_000n,
        to: RECIPIENT,
        value: 1n,
        data: new Uint8Array(0),
        accessList: [],
      },
      TEST_KEYS[0]!,
    );
    try {
      await check('eth_sendRawTransaction', [hex(encodeTransaction(pending))]);
    } finally {
      fixture.pool.txs.clear();
    }
  });

  it('execution and fees', async () => {
    await check('eth_call', [{ to: hex(COUNTER) }, 'latest']);
    await check('eth_estimateGas', [{ to: hex(COUNTER) }, 'latest']);
    await check('eth_createAccessList', [{ to: hex(COUNTER) }, 'latest']);
    await check('eth_createAccessList', [{ to: hex(REVERT_REASON) }, 'latest']);
    await check('eth_gasPrice', []);
    await check('eth_maxPriorityFeePerGas', []);
    await check('eth_blobBaseFee', []);
    await check('eth_baseFee', []);
    await check('eth_feeHistory', ['0x4', 'latest', [10, 50, 90]]);
    await check('eth_feeHistory', ['0x1', '0x0', []]);
  });

  it("the node's own accounts: none here, one unlocked key on a second server", async () => {
    await check('eth_accounts', []);
    const accounts = unlockedKeys([{ address: TEST_ADDRESSES[0]!, privateKey: TEST_KEYS[0]! }]);
    const withKeys = await startHttp({ ...fixture, backend: { ...fixture.backend, accounts } });
    try {
      const sent = await rpcResult(withKeys.url, 'eth_sendTransaction', [{ from: hex(TEST_ADDRESSES[0]!), to: hex(RECIPIENT) }]);
      expectValid(resultValidator('eth_sendTransaction'), sent, 'eth_sendTransaction');
      checked.add('eth_sendTransaction');
    } finally {
      fixture.pool.txs.clear();
      await withKeys.server.stop();
    }
  });

  it('covers every method the API shares with the spec', () => {
    const served = standardModules(fixture.backend).flatMap((m) => Object.keys(m.methods));
    const inSpec = served.filter((name) => spec.methods.has(name)).sort();
    expect([...checked].sort()).toEqual(inSpec);
  });
});

describe('the schema check itself', () => {
  it('rejects results that break the spec', () => {
    expect(resultValidator('eth_blockNumber')('0x01')).toBe(false);
    expect(resultValidator('eth_getBalance')(1)).toBe(false);
    expect(resultValidator('eth_getTransactionReceipt')({ blockHash: '0x12' })).toBe(false);
    expect(resultValidator('eth_getBlockByNumber')({ number: '0x1' })).toBe(false);
    expect(resultValidator('eth_getBlockByNumber')(null)).toBe(true);
    expect(compiled('header')({ number: '0x1' })).toBe(false);
  });

  it('looks inside: a bad transaction in a block, an unknown receipt field', async () => {
    const block = (await rpcResult(url, 'eth_getBlockByNumber', ['0x2', true])) as { transactions: Record<string, unknown>[] };
    expect(resultValidator('eth_getBlockByNumber')(block)).toBe(true);
    block.transactions[1]!.from = '0x12';
    expect(resultValidator('eth_getBlockByNumber')(block)).toBe(false);
    const receipt = (await rpcResult(url, 'eth_getTransactionReceipt', [bytesToHex(fixture.txs.blob.hash)])) as Record<string, unknown>;
    expect(resultValidator('eth_getTransactionReceipt')(receipt)).toBe(true);
    expect(resultValidator('eth_getTransactionReceipt')({ ...receipt, extra: '0x1' })).toBe(false);
    const { blockTimestamp: _t, ...withoutTime } = (await rpcResult(url, 'eth_getTransactionByHash', [
      bytesToHex(fixture.txs.legacy.hash),
    ])) as Record<string, unknown>;
    expect(resultValidator('eth_getTransactionByHash')(withoutTime)).toBe(false);
  });
});
