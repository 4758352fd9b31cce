// txpool_* over a real pool on a real chain (pending and queued transactions, a contract creation), and the
// dev-account methods: eth_accounts and eth_sendTransaction, whose transactions the pool admits and a block mines.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bytesToBigint, bytesToHex, concatBytes, hexToBytes, toQuantity, utf8ToBytes } from '../../src/common/bytes.js';
import { GWEI, SILENT_LOG, TEST_CHAIN_ID } from '../../src/core/chain/testChain.js';
import { decodeTransaction, type Transaction } from '../../src/core/types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE, LEGACY_TX_TYPE } from '../../src/core/types/txData.js';
import { signTransaction } from '../../src/core/types/txSigner.js';
import { keccak256 } from '../../src/crypto/keccak.js';
import { recoverAddress } from '../../src/crypto/secp256k1.js';
import { nodeRpcBackend } from '../../src/node/rpcBackend.js';
import { createRegistry } from '../../src/rpc/apis.js';
import type { AccountBackend } from '../../src/rpc/backend.js';
import { checksumAddress } from '../../src/rpc/checksumAddress.js';
import { HttpRpcServer } from '../../src/rpc/httpServer.js';
import { formatTransaction } from '../../src/rpc/rpcTransaction.js';
import { createTxpoolModule } from '../../src/rpc/txpool.js';
import { unlockedKeys } from '../../src/rpc/unlockedKeys.js';
import { dynTx, legacyTx, openPool, RECIPIENT, testAccounts, type PoolSetup, type TestAccount } from '../../src/txpool/testPool.js';
import { rpc, rpcResult } from './rpcFixture.js';

const [a0, a1, a2, stranger] = testAccounts(4) as [TestAccount, TestAccount, TestAccount, TestAccount];
const hex = bytesToHex;

/** The execution-apis schemas, to check the txpool results' shapes (the spec has none for txpool_inspect). */
const SCHEMA_DIR = fileURLToPath(new URL('../fixtures/execution-apis/schemas/', import.meta.url));
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({
  $id: 'spec',
  components: {
    schemas: Object.assign(
      {},
      ...readdirSync(SCHEMA_DIR)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => parse(readFileSync(SCHEMA_DIR + f, 'utf8')) as object),
    ) as object,
  },
});

function expectSchema(name: string, value: unknown): void {
  const validate = ajv.getSchema(`spec#/components/schemas/${name}`)!;
  expect(validate(value), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

let setup: PoolSetup;
const servers: HttpRpcServer[] = [];

async function serve(apis: string[], accounts: AccountBackend | undefined): Promise<string> {
  const backend = nodeRpcBackend({
    chain: setup.chain,
    txPool: setup.pool,
    networkId: TEST_CHAIN_ID,
    clientVersion: 'tsgeth/test',
    dev: true,
    accounts,
  });
  const registry = createRegistry(backend, { log: SILENT_LOG });
  registry.register(createTxpoolModule(setup.pool));
  const server = new HttpRpcServer(registry, { port: 0, apis, log: SILENT_LOG });
  await server.start();
  servers.push(server);
  return server.endpoint()!;
}

let url: string;
let plainUrl: string;
let noAccountsUrl: string;

beforeAll(async () => {
  setup = await openPool({ accounts: [a0, a1, a2, stranger] });
  url = await serve(['eth', 'txpool'], unlockedKeys([{ address: a0.address, privateKey: a0.key }]));
  plainUrl = await serve(['eth'], unlockedKeys([{ address: a0.address, privateKey: a0.key }]));
  noAccountsUrl = await serve(['eth'], undefined);
});

afterAll(async () => {
  for (const server of servers) await server.stop();
  await setup.pool.stop();
});

async function errorOf(at: string, method: string, params: unknown[]): Promise<{ code: number; message: string }> {
  const reply = await rpc(at, method, params);
  if (reply.error === undefined) throw new Error(`${method} succeeded: ${JSON.stringify(reply.result)}`);
  return reply.error;
}

function added(txs: Transaction[]): void {
  for (const result of setup.pool.add(txs, { local: true })) if (!result.ok) throw result.error;
}

describe('txpool namespace', () => {
  let creation: Transaction;
  let pending: Transaction[];
  let queued: Transaction;

  beforeAll(() => {
    creation = signTransaction(
      {
        type: LEGACY_TX_TYPE,
        chainId: TEST_CHAIN_ID,
        nonce: 0n,
        gasPrice: 3n * GWEI,
        gasLimit: 100_000n,
        to: undefined,
        value: 0n,
        data: new Uint8Array([0x60, 0x00]),
      },
      a2.key,
    );
    pending = [dynTx(a0, 0n), dynTx(a0, 1n, { value: 7n }), legacyTx(a1, 0n, 2n * GWEI), creation];
    queued = dynTx(a1, 2n);
    added([...pending, queued]);
  });

  afterAll(async () => {
    // Mine what the pool holds so the account tests below start from a pool without a0's transactions.
    await setup.mine(pending);
  });

  it('txpool_status counts pending and queued transactions', async () => {
    const status = await rpcResult(url, 'txpool_status');
    expect(status).toEqual({ pending: '0x4', queued: '0x1' });
    expectSchema('TxpoolStatus', status);
  });

  it('txpool_content groups full transactions by EIP-55 sender and decimal nonce', async () => {
    const content = (await rpcResult(url, 'txpool_content')) as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    expectSchema('TxpoolContent', content);
    // The schema check itself bites: a transaction without its hash is refused.
    const broken = structuredClone(content);
    delete broken.pending![checksumAddress(a0.address)]!['0']!.hash;
    expect(ajv.getSchema('spec#/components/schemas/TxpoolContent')!(broken)).toBe(false);
    const [t0, t1, t2, t3] = pending as [Transaction, Transaction, Transaction, Transaction];
    expect(content).toEqual({
      pending: {
        [checksumAddress(a0.address)]: { '0': formatTransaction(t0, undefined), '1': formatTransaction(t1, undefined) },
        [checksumAddress(a1.address)]: { '0': formatTransaction(t2, undefined) },
        [checksumAddress(a2.address)]: { '0': formatTransaction(t3, undefined) },
      },
      queued: { [checksumAddress(a1.address)]: { '2': formatTransaction(queued, undefined) } },
    });
    const entry = content.pending![checksumAddress(a0.address)]!['1'] as Record<string, unknown>;
    expect(entry.blockHash).toBeNull();
    expect(entry.blockNumber).toBeNull();
    expect(entry.transactionIndex).toBeNull();
    expect(entry.value).toBe('0x7');
    // Keys are mixed case where the address has letters (as geth's common.Address.Hex()).
    expect(Object.keys(content.pending!).some((k) => k !== k.toLowerCase())).toBe(true);
  });

  it('txpool_contentFrom gives one sender by nonce, and nothing for an unknown one', async () => {
    const from = await rpcResult(url, 'txpool_contentFrom', [hex(a1.address)]);
    expectSchema('TxpoolContentFromResult', from);
    expect(from).toEqual({
      pending: { '0': formatTransaction(pending[2]!, undefined) },
      queued: { '2': formatTransaction(queued, undefined) },
    });
    expect(await rpcResult(url, 'txpool_contentFrom', [hex(stranger.address)])).toEqual({ pending: {}, queued: {} });
    const bad = await errorOf(url, 'txpool_contentFrom', ['0x1234']);
    expect(bad.code).toBe(-32602);
    expect(bad.message).toContain('invalid argument 0 (address)');
    expect((await errorOf(url, 'txpool_contentFrom', [])).code).toBe(-32602);
  });

  it("txpool_inspect summarises each transaction in geth's words", async () => {
    const to = checksumAddress(RECIPIENT);
    expect(await rpcResult(url, 'txpool_inspect')).toEqual({
      pending: {
        [checksumAddress(a0.address)]: {
          '0': `${to}: 1 wei + 21000 gas × 100000000000 wei`,
          '1': `${to}: 7 wei + 21000 gas × 100000000000 wei`,
        },
        [checksumAddress(a1.address)]: { '0': `${to}: 1 wei + 21000 gas × 2000000000 wei` },
        [checksumAddress(a2.address)]: { '0': 'contract creation: 0 wei + 100000 gas × 3000000000 wei' },
      },
      queued: { [checksumAddress(a1.address)]: { '2': `${to}: 1 wei + 21000 gas × 100000000000 wei` } },
    });
  });

  it('is served only where txpool is listed', async () => {
    expect((await errorOf(plainUrl, 'txpool_status', [])).code).toBe(-32601);
    expect((await errorOf(url, 'txpool_status', [1])).code).toBe(-32602);
  });
});

describe('eth_accounts and eth_sendTransaction', () => {
  it('eth_accounts lists the unlocked accounts, and none without any', async () => {
    expect(await rpcResult(url, 'eth_accounts')).toEqual([hex(a0.address)]);
    expect(await rpcResult(noAccountsUrl, 'eth_accounts')).toEqual([]);
  });

  it('fills nonce, gas, EIP-1559 fees and chain id, signs, and the pool admits it; a block mines it', async () => {
    const nonceBefore = setup.chain.stateAt(setup.chain.currentHeader.stateRoot).getNonce(a0.address);
    const hash = (await rpcResult(url, 'eth_sendTransaction', [{ from: hex(a0.address), to: hex(RECIPIENT), value: '0x5' }])) as string;
    const tx = setup.pool.get(hexToBytes(hash))!;
    expect(tx).toBeDefined();
    expect(hex(tx.hash)).toBe(hash);
    expect(tx.type).toBe(DYNAMIC_FEE_TX_TYPE);
    expect(tx.chainId).toBe(TEST_CHAIN_ID);
    expect(tx.nonce).toBe(nonceBefore);
    expect(tx.gasLimit).toBe(21_000n);
    expect(tx.value).toBe(5n);
    const tip = BigInt((await rpcResult(url, 'eth_maxPriorityFeePerGas')) as string);
    expect(tx.gasTipCap).toBe(tip);
    expect(tx.gasFeeCap).toBe(tip + 2n * setup.chain.currentHeader.baseFeePerGas!);
    expect(hex(setup.pool.contentFrom(a0.address).pending[0]!.hash)).toBe(hash);

    // A second one while the first is pending takes the next nonce; a legacy price makes a legacy transaction.
    const hash2 = (await rpcResult(url, 'eth_sendTransaction', [
      { from: hex(a0.address), to: hex(RECIPIENT), gasPrice: toQuantity(5n * GWEI), gas: '0x6000' },
    ])) as string;
    const tx2 = setup.pool.get(hexToBytes(hash2))!;
    expect(tx2.type).toBe(LEGACY_TX_TYPE);
    expect(tx2.nonce).toBe(nonceBefore + 1n);
    expect(tx2.gasPrice).toBe(5n * GWEI);
    expect(tx2.gasLimit).toBe(0x6000n);
    expect(tx2.isProtected).toBe(true);

    const block = await setup.mine([tx, tx2]);
    const receipt = (await rpcResult(url, 'eth_getTransactionReceipt', [hash])) as Record<string, unknown>;
    expect(receipt.status).toBe('0x1');
    expect(receipt.blockHash).toBe(hex(block.hash));
    expect(setup.chain.stateAt(setup.chain.currentHeader.stateRoot).getNonce(a0.address)).toBe(nonceBefore + 2n);
  });

  it('calls in flight together take successive nonces', async () => {
    const next = setup.pool.nonce(a0.address);
    const send = (value: string) => rpcResult(url, 'eth_sendTransaction', [{ from: hex(a0.address), to: hex(RECIPIENT), value }]);
    const hashes = (await Promise.all(['0x1', '0x2', '0x3'].map(send))) as string[];
    const nonces = hashes.map((h) => setup.pool.get(hexToBytes(h))!.nonce).sort((x, y) => Number(x - y));
    expect(nonces).toEqual([next, next + 1n, next + 2n]);
    await setup.mine(setup.pool.contentFrom(a0.address).pending);
  });

  it('eth_sign signs the EIP-191 personal digest with v 27/28, for an unlocked account only', async () => {
    const data = utf8ToBytes('hello tsgeth');
    const signed = hexToBytes((await rpcResult(url, 'eth_sign', [hex(a0.address), hex(data)])) as string);
    expect(signed).toHaveLength(65);
    expect([27, 28]).toContain(signed[64]);
    const digest = keccak256(concatBytes(utf8ToBytes(`\x19Ethereum Signed Message:\n${data.length}`), data));
    const signature = { r: bytesToBigint(signed.slice(0, 32)), s: bytesToBigint(signed.slice(32, 64)), yParity: signed[64]! - 27 };
    expect(hex(recoverAddress(digest, signature))).toBe(hex(a0.address));
    expect(await errorOf(url, 'eth_sign', [hex(a1.address), '0x00'])).toEqual({ code: -32000, message: 'unknown account' });
    expect(await errorOf(noAccountsUrl, 'eth_sign', [hex(a0.address), '0x00'])).toEqual({ code: -32000, message: 'unknown account' });
    expect((await errorOf(url, 'eth_sign', [hex(a0.address), '0x0'])).code).toBe(-32602);
    expect((await errorOf(url, 'eth_sign', [hex(a0.address)])).code).toBe(-32602);
  });

  it('eth_signTransaction signs fully specified transactions without sending them', async () => {
    const from = hex(a0.address);
    const to = hex(RECIPIENT);
    const nonce = toQuantity(setup.pool.nonce(a0.address));
    const before = setup.pool.status();
    const result = (await rpcResult(url, 'eth_signTransaction', [
      { from, to, gas: '0x5208', maxFeePerGas: toQuantity(50n * GWEI), maxPriorityFeePerGas: toQuantity(GWEI), nonce, value: '0x9' },
    ])) as { raw: string; tx: Record<string, unknown> };
    const tx = decodeTransaction(hexToBytes(result.raw));
    expect(result.tx).toEqual(formatTransaction(tx, undefined));
    expect(result.tx.from).toBe(from);
    expect(tx.type).toBe(DYNAMIC_FEE_TX_TYPE);
    expect([tx.gasLimit, tx.gasFeeCap, tx.gasTipCap, tx.value]).toEqual([21_000n, 50n * GWEI, GWEI, 9n]);
    expect(setup.pool.status()).toEqual(before);
    const fees = { maxFeePerGas: '0x2', maxPriorityFeePerGas: '0x1' };
    expect((await errorOf(url, 'eth_signTransaction', [{ from, to, ...fees, nonce }])).message).toBe('gas not specified');
    expect((await errorOf(url, 'eth_signTransaction', [{ from, to, gas: '0x5208', maxFeePerGas: '0x2', nonce }])).message).toBe(
      'missing gasPrice or maxFeePerGas/maxPriorityFeePerGas',
    );
    expect((await errorOf(url, 'eth_signTransaction', [{ from, to, gas: '0x5208', ...fees }])).message).toBe('nonce not specified');
    expect((await errorOf(url, 'eth_signTransaction', [{ from: hex(a1.address), to, gas: '0x5208', ...fees, nonce }])).message).toBe(
      'unknown account',
    );
    expect((await errorOf(url, 'eth_signTransaction', [{ from, to, gas: '0x5208', gasPrice: toQuantity(10n ** 18n), nonce }])).message).toMatch(
      /^tx fee \(21000\.00 ether\) exceeds the configured cap/,
    );
  });

  it('refuses an account that is not unlocked, or no sender', async () => {
    for (const [at, from] of [
      [url, hex(a1.address)],
      [noAccountsUrl, hex(a0.address)],
    ] as const) {
      expect(await errorOf(at, 'eth_sendTransaction', [{ from, to: hex(RECIPIENT) }])).toEqual({ code: -32000, message: 'unknown account' });
    }
    expect(await errorOf(url, 'eth_sendTransaction', [{ to: hex(RECIPIENT) }])).toEqual({ code: -32000, message: 'unknown account' });
  });

  it('honours --rpc.txfeecap and leaves the pool untouched', async () => {
    const before = setup.pool.status();
    const error = await errorOf(url, 'eth_sendTransaction', [
      { from: hex(a0.address), to: hex(RECIPIENT), gas: '0x5208', gasPrice: toQuantity(100_000n * GWEI) },
    ]);
    expect(error).toEqual({ code: -32000, message: 'tx fee (2.10 ether) exceeds the configured cap (1.00 ether)' });
    expect(setup.pool.status()).toEqual(before);
  });

  it('refuses inconsistent or incomplete arguments', async () => {
    const from = hex(a0.address);
    const to = hex(RECIPIENT);
    expect((await errorOf(url, 'eth_sendTransaction', [{ from, to, maxFeePerGas: '0x1', maxPriorityFeePerGas: '0x2' }])).message).toBe(
      'maxFeePerGas (1) < maxPriorityFeePerGas (2)',
    );
    expect((await errorOf(url, 'eth_sendTransaction', [{ from, to, chainId: '0x1' }])).message).toBe(
      `chainId does not match node's (have=1, want=${TEST_CHAIN_ID})`,
    );
    expect((await errorOf(url, 'eth_sendTransaction', [{ from }])).message).toBe('contract creation without any data provided');
    expect((await errorOf(url, 'eth_sendTransaction', [{ from, to, gasPrice: '0x1', maxFeePerGas: '0x1' }])).code).toBe(-32602);
    expect((await errorOf(url, 'eth_sendTransaction', [])).code).toBe(-32602);
    expect((await errorOf(url, 'eth_sendTransaction', ['0x00'])).code).toBe(-32602);
    // A nonce the chain has already used is the pool's refusal, passed on.
    expect((await errorOf(url, 'eth_sendTransaction', [{ from, to, nonce: '0x0' }])).message).toContain('nonce too low');
  });
});
