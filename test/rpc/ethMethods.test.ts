// The eth, net and web3 methods over HTTP against a real chain: results, nulls for what does not exist, and the
// errors geth gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, hexToBytes, toQuantity } from '../../src/common/bytes.js';
import { calcBaseFee } from '../../src/consensus/misc/eip1559.js';
import { GWEI, TEST_ADDRESSES, TEST_CHAIN_ID, TEST_KEYS } from '../../src/core/chain/testChain.js';
import { encodeBlock } from '../../src/core/types/block.js';
import { encodeTransaction } from '../../src/core/types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE, LEGACY_TX_TYPE } from '../../src/core/types/txData.js';
import { signTransaction } from '../../src/core/types/txSigner.js';
import { EMPTY_TRIE_ROOT, KECCAK256_EMPTY } from '../../src/crypto/keccak.js';
import type { HttpRpcServer } from '../../src/rpc/httpServer.js';
import { verifySecureProof } from '../../src/trie/proof.js';
import {
  BLOB_HASH,
  buildFixture,
  COUNTER,
  COUNTER_CODE,
  COUNTER_SLOT5,
  COUNTER_TOPIC,
  createdContract,
  RECIPIENT,
  rpc,
  rpcResult,
  startHttp,
  WITHDRAWAL_ADDRESS,
  type RpcFixture,
} from './rpcFixture.js';

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

const hex = bytesToHex;
type Obj = Record<string, unknown>;

async function errorOf(method: string, params: unknown[], at = url): Promise<{ code: number; message: string; data?: unknown }> {
  const reply = await rpc(at, method, params);
  if (reply.error === undefined) throw new Error(`${method} succeeded: ${JSON.stringify(reply.result)}`);
  return reply.error;
}

describe('chain, net and web3', () => {
  it('eth_chainId, eth_blockNumber, eth_syncing', async () => {
    expect(await rpcResult(url, 'eth_chainId')).toBe('0x539');
    expect(await rpcResult(url, 'eth_blockNumber')).toBe('0x3');
    expect(await rpcResult(url, 'eth_syncing')).toBe(false);
  });

  it('eth_syncing reports progress while the backend syncs', async () => {
    const syncing = await startHttp({
      ...fixture,
      backend: { ...fixture.backend, syncProgress: () => ({ startingBlock: 0n, currentBlock: 3n, highestBlock: 100n }) },
    });
    try {
      expect(await rpcResult(syncing.url, 'eth_syncing')).toEqual({ startingBlock: '0x0', currentBlock: '0x3', highestBlock: '0x64' });
    } finally {
      await syncing.server.stop();
    }
  });

  it('net_version, net_listening, net_peerCount, web3_clientVersion, web3_sha3, rpc_modules', async () => {
    expect(await rpcResult(url, 'net_version')).toBe('1337');
    expect(await rpcResult(url, 'net_listening')).toBe(true);
    expect(await rpcResult(url, 'net_peerCount')).toBe('0x0');
    expect(await rpcResult(url, 'web3_clientVersion')).toBe('tsgeth/v0.0.0-test');
    expect(await rpcResult(url, 'web3_sha3', ['0x68656c6c6f20776f726c64'])).toBe(
      '0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad',
    );
    expect(await rpcResult(url, 'web3_sha3', ['0x'])).toBe(hex(KECCAK256_EMPTY));
    expect((await errorOf('web3_sha3', ['hello'])).code).toBe(-32602);
    expect(await rpcResult(url, 'rpc_modules')).toEqual({ eth: '1.0', net: '1.0', web3: '1.0', rpc: '1.0' });
  });
});

describe('account state', () => {
  it('eth_getBalance at numbers, tags and hashes (EIP-1898)', async () => {
    const recipient = hex(RECIPIENT);
    const block1 = hex(fixture.blocks[0]!.hash);
    expect(await rpcResult(url, 'eth_getBalance', [recipient])).toBe('0x3ed');
    expect(await rpcResult(url, 'eth_getBalance', [recipient, 'latest'])).toBe('0x3ed');
    for (const tag of ['pending', 'safe', 'finalized']) expect(await rpcResult(url, 'eth_getBalance', [recipient, tag])).toBe('0x3ed');
    expect(await rpcResult(url, 'eth_getBalance', [recipient, 'earliest'])).toBe('0x0');
    expect(await rpcResult(url, 'eth_getBalance', [recipient, '0x1'])).toBe('0x3e8');
    expect(await rpcResult(url, 'eth_getBalance', [recipient, block1])).toBe('0x3e8');
    expect(await rpcResult(url, 'eth_getBalance', [recipient, { blockHash: block1, requireCanonical: true }])).toBe('0x3e8');
    expect(await rpcResult(url, 'eth_getBalance', [recipient, { blockNumber: '0x1' }])).toBe('0x3e8');
    // Withdrawals are in gwei.
    expect(await rpcResult(url, 'eth_getBalance', [hex(WITHDRAWAL_ADDRESS)])).toBe(toQuantity(1_000_000n * GWEI));
  });

  it('answers "header not found" for unknown blocks and refuses a non-canonical one when asked to', async () => {
    const recipient = hex(RECIPIENT);
    expect(await errorOf('eth_getBalance', [recipient, '0x63'])).toEqual({ code: -32000, message: 'header not found' });
    expect(await errorOf('eth_getBalance', [recipient, '0x' + '12'.repeat(32)])).toEqual({
      code: -32000,
      message: 'header for hash not found',
    });
    const side = hex(fixture.sideBlock.hash);
    expect(await errorOf('eth_getBalance', [recipient, { blockHash: side, requireCanonical: true }])).toEqual({
      code: -32000,
      message: 'hash is not currently canonical',
    });
    // Without requireCanonical a side block's state is served: there the transfers of block 2 did not happen.
    expect(await rpcResult(url, 'eth_getBalance', [recipient, { blockHash: side }])).toBe('0x3e8');
  });

  it('refuses malformed addresses and blocks with -32602', async () => {
    expect(await errorOf('eth_getBalance', ['0x1234'])).toEqual({
      code: -32602,
      message: 'invalid argument 0 (address): hex string has length 4, want 40 for an address',
    });
    expect(await errorOf('eth_getBalance', [hex(RECIPIENT), 'newest'])).toEqual({
      code: -32602,
      message: 'invalid argument 1 (block): hex string without 0x prefix',
    });
    expect(await errorOf('eth_getBalance', [])).toEqual({ code: -32602, message: 'missing value for required argument 0 (address)' });
  });

  it('eth_getTransactionCount, with "pending" counting the pool', async () => {
    const sender = hex(TEST_ADDRESSES[0]!);
    expect(await rpcResult(url, 'eth_getTransactionCount', [sender, 'latest'])).toBe('0x2');
    expect(await rpcResult(url, 'eth_getTransactionCount', [sender, '0x1'])).toBe('0x1');
    const pooled = signTransaction(
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
    fixture.pool.addLocal(pooled);
    try {
      expect(await rpcResult(url, 'eth_getTransactionCount', [sender, 'pending'])).toBe('0x3');
      expect(await rpcResult(url, 'eth_getTransactionCount', [sender])).toBe('0x2');
    } finally {
      fixture.pool.txs.clear();
    }
  });

  it('eth_getCode', async () => {
    expect(await rpcResult(url, 'eth_getCode', [hex(COUNTER)])).toBe(hex(COUNTER_CODE));
    expect(await rpcResult(url, 'eth_getCode', [hex(createdContract(fixture))])).toBe(hex(COUNTER_CODE));
    expect(await rpcResult(url, 'eth_getCode', [hex(createdContract(fixture)), '0x0'])).toBe('0x');
    expect(await rpcResult(url, 'eth_getCode', [hex(RECIPIENT)])).toBe('0x');
  });

  it('eth_getStorageAt, as 32-byte words, taking short slot keys', async () => {
    const word = (n: bigint): string => hex(bigintToFixedBytes(n, 32));
    // COUNTER was called twice in block 2.
    expect(await rpcResult(url, 'eth_getStorageAt', [hex(COUNTER), '0x0'])).toBe(word(44n));
    expect(await rpcResult(url, 'eth_getStorageAt', [hex(COUNTER), '0x0', '0x1'])).toBe(word(42n));
    expect(await rpcResult(url, 'eth_getStorageAt', [hex(COUNTER), '0x05'])).toBe(word(COUNTER_SLOT5));
    expect(await rpcResult(url, 'eth_getStorageAt', [hex(COUNTER), word(5n)])).toBe(word(COUNTER_SLOT5));
    expect(await rpcResult(url, 'eth_getStorageAt', [hex(COUNTER), '0x9'])).toBe(word(0n));
    expect((await errorOf('eth_getStorageAt', [hex(COUNTER), '0x' + '00'.repeat(33)])).message).toBe(
      'invalid argument 1 (slot): hex string too long, want at most 32 bytes',
    );
  });

  it('eth_getProof gives proofs that verify against the state and storage roots', async () => {
    const slot0 = hex(bigintToFixedBytes(0n, 32));
    const proof = (await rpcResult(url, 'eth_getProof', [hex(COUNTER), [slot0, '0x5', '0x9'], 'latest'])) as {
      accountProof: string[];
      balance: string;
      codeHash: string;
      nonce: string;
      storageHash: string;
      storageProof: { key: string; value: string; proof: string[] }[];
    };
    const stateRoot = fixture.chain.currentHeader.stateRoot;
    const account = verifySecureProof(stateRoot, COUNTER, proof.accountProof.map(hexToBytes));
    expect(account).toBeDefined();
    expect(proof.nonce).toBe('0x1');
    expect(proof.balance).toBe('0x0');
    expect(proof.codeHash).not.toBe(hex(KECCAK256_EMPTY));
    expect(proof.storageProof.map((p) => [p.key, p.value])).toEqual([
      [slot0, '0x2c'],
      ['0x5', '0x7'],
      ['0x9', '0x0'],
    ]);
    const storageRoot = hexToBytes(proof.storageHash);
    expect(verifySecureProof(storageRoot, hexToBytes(slot0), proof.storageProof[0]!.proof.map(hexToBytes))).toBeDefined();
    // An absent slot gets a proof of absence.
    expect(verifySecureProof(storageRoot, bigintToFixedBytes(9n, 32), proof.storageProof[2]!.proof.map(hexToBytes))).toBeUndefined();
  });

  it('eth_getProof of an account that does not exist proves its absence', async () => {
    const nobody = '0x' + '99'.repeat(20);
    const proof = (await rpcResult(url, 'eth_getProof', [nobody, ['0x1']])) as Obj;
    expect(proof).toMatchObject({
      balance: '0x0',
      nonce: '0x0',
      codeHash: hex(KECCAK256_EMPTY),
      storageHash: hex(EMPTY_TRIE_ROOT),
      storageProof: [{ key: '0x1', value: '0x0', proof: [] }],
    });
    const accountProof = (proof.accountProof as string[]).map(hexToBytes);
    expect(verifySecureProof(fixture.chain.currentHeader.stateRoot, hexToBytes(nobody), accountProof)).toBeUndefined();
    const tooMany = Array.from({ length: 1025 }, (_, i) => toQuantity(i));
    expect(await errorOf('eth_getProof', [nobody, tooMany])).toEqual({ code: -32602, message: 'too many keys (1025 > 1024)' });
  });
});

describe('blocks and headers', () => {
  it('eth_getBlockByNumber with transaction hashes, withdrawals and every Cancun field', async () => {
    const block1 = fixture.blocks[0]!;
    const got = (await rpcResult(url, 'eth_getBlockByNumber', ['0x1', false])) as Obj;
    expect(got).toMatchObject({
      number: '0x1',
      hash: hex(block1.hash),
      parentHash: hex(fixture.chain.genesis.hash),
      miner: '0x' + '00'.repeat(20),
      difficulty: '0x0',
      nonce: '0x0000000000000000',
      sha3Uncles: hex(block1.header.ommersHash),
      size: toQuantity(encodeBlock(block1).length),
      transactions: block1.transactions.map((tx) => hex(tx.hash)),
      uncles: [],
      withdrawals: [{ index: '0x0', validatorIndex: '0x5', address: hex(WITHDRAWAL_ADDRESS), amount: '0xf4240' }],
      withdrawalsRoot: hex(block1.header.withdrawalsRoot!),
      baseFeePerGas: toQuantity(block1.header.baseFeePerGas!),
      blobGasUsed: '0x0',
      excessBlobGas: '0x0',
      parentBeaconBlockRoot: '0x' + '00'.repeat(32),
    });
    expect(got).not.toHaveProperty('totalDifficulty');
  });

  it('eth_getBlockByHash, full transactions, and the same block by number', async () => {
    const block2 = fixture.blocks[1]!;
    const byHash = (await rpcResult(url, 'eth_getBlockByHash', [hex(block2.hash), true])) as Obj;
    expect(await rpcResult(url, 'eth_getBlockByNumber', ['0x2', true])).toEqual(byHash);
    const txs = byHash.transactions as Obj[];
    expect(txs.map((t) => t.hash)).toEqual(block2.transactions.map((tx) => hex(tx.hash)));
    expect(txs.map((t) => t.transactionIndex)).toEqual(['0x0', '0x1', '0x2']);
    expect(txs[0]).toMatchObject({ blockHash: hex(block2.hash), blockNumber: '0x2', blockTimestamp: '0x18' });
  });

  it('answers null for blocks that do not exist; "pending" is the head, "earliest" genesis', async () => {
    expect(await rpcResult(url, 'eth_getBlockByNumber', ['0x63', false])).toBeNull();
    expect(await rpcResult(url, 'eth_getBlockByHash', ['0x' + '12'.repeat(32), false])).toBeNull();
    expect(((await rpcResult(url, 'eth_getBlockByNumber', ['pending', false])) as Obj).number).toBe('0x3');
    expect(((await rpcResult(url, 'eth_getBlockByNumber', ['latest', false])) as Obj).number).toBe('0x3');
    expect(((await rpcResult(url, 'eth_getBlockByNumber', ['earliest', false])) as Obj).hash).toBe(hex(fixture.chain.genesis.hash));
    expect((await errorOf('eth_getBlockByNumber', ['0x1'])).message).toBe('missing value for required argument 1 (hydrated)');
  });

  it('"safe" and "finalized" fail while the backend knows none', async () => {
    const unsafe = await startHttp({ ...fixture, backend: { ...fixture.backend, safeHeader: () => undefined, finalizedHeader: () => undefined } });
    try {
      expect(await errorOf('eth_getBlockByNumber', ['safe', false], unsafe.url)).toEqual({ code: -32000, message: 'safe block not found' });
      expect(await errorOf('eth_getBlockByNumber', ['finalized', false], unsafe.url)).toEqual({
        code: -32000,
        message: 'finalized block not found',
      });
    } finally {
      await unsafe.server.stop();
    }
  });

  it('eth_getHeaderByNumber / ByHash: the block fields without the body', async () => {
    const block = (await rpcResult(url, 'eth_getBlockByNumber', ['0x2', false])) as Obj;
    const header = (await rpcResult(url, 'eth_getHeaderByNumber', ['0x2'])) as Obj;
    const { size: _size, transactions: _txs, uncles: _uncles, withdrawals: _w, ...fields } = block;
    expect(header).toEqual(fields);
    expect(await rpcResult(url, 'eth_getHeaderByHash', [block.hash])).toEqual(header);
    expect(await rpcResult(url, 'eth_getHeaderByNumber', ['0x63'])).toBeNull();
    expect(await rpcResult(url, 'eth_getHeaderByHash', ['0x' + '12'.repeat(32)])).toBeNull();
  });

  it('eth_getBlockTransactionCountByNumber / ByHash', async () => {
    expect(await rpcResult(url, 'eth_getBlockTransactionCountByNumber', ['0x2'])).toBe('0x3');
    expect(await rpcResult(url, 'eth_getBlockTransactionCountByNumber', ['latest'])).toBe('0x0');
    expect(await rpcResult(url, 'eth_getBlockTransactionCountByHash', [hex(fixture.blocks[0]!.hash)])).toBe('0x2');
    expect(await rpcResult(url, 'eth_getBlockTransactionCountByNumber', ['0x63'])).toBeNull();
    expect(await rpcResult(url, 'eth_getBlockTransactionCountByHash', ['0x' + '12'.repeat(32)])).toBeNull();
  });

  it('eth_getBlockReceipts: per-transaction gas, block-wide log indexes, blob fields, created contracts', async () => {
    const receipts = (await rpcResult(url, 'eth_getBlockReceipts', ['0x2'])) as Obj[];
    expect(receipts).toHaveLength(3);
    const cumulative = receipts.map((r) => BigInt(r.cumulativeGasUsed as string));
    const used = receipts.map((r) => BigInt(r.gasUsed as string));
    expect(used[0]! + used[1]! + used[2]!).toBe(cumulative[2]);
    expect(receipts.map((r) => r.type)).toEqual(['0x2', '0x3', '0x2']);
    expect(receipts.map((r) => r.status)).toEqual(['0x1', '0x1', '0x1']);
    expect(receipts[1]).toMatchObject({ blobGasUsed: '0x20000', blobGasPrice: '0x1', gasUsed: '0x5208', to: hex(RECIPIENT) });
    expect(receipts[0]).not.toHaveProperty('blobGasUsed');
    const logs = [receipts[0]!.logs, receipts[2]!.logs].flat() as Obj[];
    expect(logs.map((l) => [l.logIndex, l.transactionIndex, l.data])).toEqual([
      ['0x0', '0x0', hex(bigintToFixedBytes(43n, 32))],
      ['0x1', '0x2', hex(bigintToFixedBytes(44n, 32))],
    ]);
    expect(logs[0]).toMatchObject({ address: hex(COUNTER), topics: [hex(COUNTER_TOPIC)], removed: false, blockNumber: '0x2' });
    expect(await rpcResult(url, 'eth_getBlockReceipts', [hex(fixture.blocks[1]!.hash)])).toEqual(receipts);

    const block1 = (await rpcResult(url, 'eth_getBlockReceipts', [{ blockNumber: '0x1' }])) as Obj[];
    expect(block1[1]).toMatchObject({ contractAddress: hex(createdContract(fixture)), to: null, type: '0x1' });
    expect(block1[0]).toMatchObject({ contractAddress: null, effectiveGasPrice: toQuantity(10n * GWEI) });
    expect(await rpcResult(url, 'eth_getBlockReceipts', ['0x3'])).toEqual([]);
    expect(await rpcResult(url, 'eth_getBlockReceipts', ['0x63'])).toBeNull();
  });
});

describe('transactions', () => {
  it('eth_getTransactionByHash shows the fields of each type', async () => {
    const { legacy, accessListCreate, dynamic, blob } = fixture.txs;
    const get = async (hash: Uint8Array): Promise<Obj> => (await rpcResult(url, 'eth_getTransactionByHash', [hex(hash)])) as Obj;

    const l = await get(legacy.hash);
    expect(l).toMatchObject({ type: '0x0', chainId: '0x539', gasPrice: toQuantity(10n * GWEI), from: hex(TEST_ADDRESSES[0]!) });
    expect(l.v).toBe(toQuantity(legacy.v));
    expect(l).not.toHaveProperty('yParity');
    expect(l).not.toHaveProperty('accessList');

    const a = await get(accessListCreate.hash);
    expect(a).toMatchObject({ type: '0x1', to: null, yParity: toQuantity(accessListCreate.yParity) });
    expect(a.accessList).toEqual([{ address: hex(COUNTER), storageKeys: ['0x' + '00'.repeat(32)] }]);

    const d = await get(dynamic.hash);
    const baseFee = fixture.blocks[1]!.header.baseFeePerGas!;
    expect(d).toMatchObject({
      type: '0x2',
      maxFeePerGas: toQuantity(100n * GWEI),
      maxPriorityFeePerGas: toQuantity(2n * GWEI),
      gasPrice: toQuantity(baseFee + 2n * GWEI),
      blockNumber: '0x2',
      transactionIndex: '0x0',
    });

    const b = await get(blob.hash);
    expect(b).toMatchObject({ type: '0x3', maxFeePerBlobGas: '0xa', blobVersionedHashes: [hex(BLOB_HASH)], transactionIndex: '0x1' });
    expect(await rpcResult(url, 'eth_getTransactionByHash', ['0x' + '12'.repeat(32)])).toBeNull();
  });

  it('eth_getTransactionByBlockHashAndIndex / ByBlockNumberAndIndex', async () => {
    const block2 = fixture.blocks[1]!;
    const byHash = await rpcResult(url, 'eth_getTransactionByBlockHashAndIndex', [hex(block2.hash), '0x2']);
    expect((byHash as Obj).hash).toBe(hex(fixture.txs.dynamic2.hash));
    expect(await rpcResult(url, 'eth_getTransactionByBlockNumberAndIndex', ['0x2', '0x2'])).toEqual(byHash);
    expect(await rpcResult(url, 'eth_getTransactionByBlockNumberAndIndex', ['0x2', '0x3'])).toBeNull();
    expect(await rpcResult(url, 'eth_getTransactionByBlockNumberAndIndex', ['0x63', '0x0'])).toBeNull();
    expect(await rpcResult(url, 'eth_getTransactionByBlockHashAndIndex', ['0x' + '12'.repeat(32), '0x0'])).toBeNull();
  });

  it('eth_getTransactionReceipt and eth_getRawTransactionByHash', async () => {
    const { dynamic2, blob } = fixture.txs;
    const receipt = (await rpcResult(url, 'eth_getTransactionReceipt', [hex(dynamic2.hash)])) as Obj;
    const all = (await rpcResult(url, 'eth_getBlockReceipts', ['0x2'])) as Obj[];
    expect(receipt).toEqual(all[2]);
    expect((receipt.logs as Obj[])[0]!.logIndex).toBe('0x1');
    expect(await rpcResult(url, 'eth_getTransactionReceipt', ['0x' + '12'.repeat(32)])).toBeNull();
    expect(await rpcResult(url, 'eth_getRawTransactionByHash', [hex(blob.hash)])).toBe(hex(encodeTransaction(blob)));
    expect(await rpcResult(url, 'eth_getRawTransactionByHash', ['0x' + '12'.repeat(32)])).toBeNull();
  });
});

describe('eth_sendRawTransaction', () => {
  const transferTx = (nonce: bigint, fees: { maxFeePerGas?: bigint; gasLimit?: bigint } = {}) =>
    signTransaction(
      {
        type: DYNAMIC_FEE_TX_TYPE,
        chainId: TEST_CHAIN_ID,
        nonce,
        maxPriorityFeePerGas: GWEI,
        maxFeePerGas: fees.maxFeePerGas ?? 10n * GWEI,
        gasLimit: fees.gasLimit ?? 21_000n,
        to: RECIPIENT,
        value: 1n,
        data: new Uint8Array(0),
        accessList: [],
      },
      TEST_KEYS[2]!,
    );

  it('adds the transaction to the pool and returns its hash; the pool sees it as pending', async () => {
    const tx = transferTx(1n);
    try {
      expect(await rpcResult(url, 'eth_sendRawTransaction', [hex(encodeTransaction(tx))])).toBe(hex(tx.hash));
      const pending = (await rpcResult(url, 'eth_getTransactionByHash', [hex(tx.hash)])) as Obj;
      expect(pending).toMatchObject({ blockHash: null, blockNumber: null, blockTimestamp: null, transactionIndex: null });
      expect(pending.gasPrice).toBe(toQuantity(10n * GWEI));
      expect(await rpcResult(url, 'eth_getRawTransactionByHash', [hex(tx.hash)])).toBe(hex(encodeTransaction(tx)));
      expect(await rpcResult(url, 'eth_getTransactionReceipt', [hex(tx.hash)])).toBeNull();
      // The pool's refusals come back in its words.
      expect(await errorOf('eth_sendRawTransaction', [hex(encodeTransaction(tx))])).toEqual({ code: -32000, message: 'already known' });
      expect(await errorOf('eth_sendRawTransaction', [hex(encodeTransaction(transferTx(0n)))])).toEqual({
        code: -32000,
        message: 'nonce too low: next nonce 1, tx nonce 0',
      });
    } finally {
      fixture.pool.txs.clear();
    }
  });

  it('refuses undecodable bytes', async () => {
    const error = await errorOf('eth_sendRawTransaction', ['0x02c0']);
    expect(error.code).toBe(-32000);
    expect(error.message).toMatch(/^invalid transaction encoding/);
    expect((await errorOf('eth_sendRawTransaction', ['0x02c'])).code).toBe(-32602);
  });

  it('refuses a fee over --rpc.txfeecap, unless the cap is off', async () => {
    // 21000 gas at 100000 gwei: 2.1 ether.
    const costly = hex(encodeTransaction(transferTx(1n, { maxFeePerGas: 100_000n * GWEI })));
    expect(await errorOf('eth_sendRawTransaction', [costly])).toEqual({
      code: -32000,
      message: 'tx fee (2.10 ether) exceeds the configured cap (1.00 ether)',
    });
    const uncapped = await startHttp(fixture, { api: { txFeeCap: 0 } });
    try {
      expect(await rpcResult(uncapped.url, 'eth_sendRawTransaction', [costly])).toMatch(/^0x/);
    } finally {
      fixture.pool.txs.clear();
      await uncapped.server.stop();
    }
  });

  it('refuses transactions without replay protection unless allowed', async () => {
    const unprotected = signTransaction(
      {
        type: LEGACY_TX_TYPE,
        nonce: 1n,
        gasPrice: 10n * GWEI,
        gasLimit: 21_000n,
        to: RECIPIENT,
        value: 1n,
        data: new Uint8Array(0),
      },
      TEST_KEYS[2]!,
    );
    const raw = hex(encodeTransaction(unprotected));
    expect(await errorOf('eth_sendRawTransaction', [raw])).toEqual({
      code: -32000,
      message: 'only replay-protected (EIP-155) transactions allowed over RPC',
    });
    const lenient = await startHttp(fixture, { api: { allowUnprotectedTxs: true } });
    try {
      expect(await rpcResult(lenient.url, 'eth_sendRawTransaction', [raw])).toBe(hex(unprotected.hash));
    } finally {
      fixture.pool.txs.clear();
      await lenient.server.stop();
    }
  });
});

describe('fees', () => {
  const head = () => fixture.chain.currentHeader;

  it('eth_maxPriorityFeePerGas takes the 60th percentile of recent tips; eth_gasPrice adds the base fee', async () => {
    // Sampled: the default 1 gwei for the empty block 3, 1, 2 and 3 gwei from block 2, 9.125 gwei twice from block 1.
    expect(await rpcResult(url, 'eth_maxPriorityFeePerGas')).toBe(toQuantity(3n * GWEI));
    expect(await rpcResult(url, 'eth_gasPrice')).toBe(toQuantity(3n * GWEI + head().baseFeePerGas!));
  });

  it('eth_blobBaseFee and eth_baseFee', async () => {
    expect(await rpcResult(url, 'eth_blobBaseFee')).toBe('0x1');
    expect(await rpcResult(url, 'eth_baseFee')).toBe(toQuantity(calcBaseFee(head(), true)));
  });

  it('eth_feeHistory over the last blocks with reward percentiles', async () => {
    const history = (await rpcResult(url, 'eth_feeHistory', ['0x2', 'latest', [25, 75]])) as Obj;
    const [block2, block3] = [fixture.blocks[1]!.header, fixture.blocks[2]!.header];
    expect(history).toEqual({
      oldestBlock: '0x2',
      baseFeePerGas: [toQuantity(block2.baseFeePerGas!), toQuantity(block3.baseFeePerGas!), toQuantity(calcBaseFee(block3, true))],
      baseFeePerBlobGas: ['0x1', '0x1', '0x1'],
      gasUsedRatio: [Number(block2.gasUsed) / Number(block2.gasLimit), 0],
      blobGasUsedRatio: [1 / 6, 0],
      // Block 2 by tip: 1 gwei (27048 gas), 2 gwei (27048), 3 gwei (21000) of 75096: 25% of the gas is reached
      // within the first, 75% (56322) only in the third.
      reward: [
        [toQuantity(GWEI), toQuantity(3n * GWEI)],
        ['0x0', '0x0'],
      ],
    });
    // A decimal count and a block number work too; without percentiles there is no reward.
    const plain = (await rpcResult(url, 'eth_feeHistory', [10, '0x1', []])) as Obj;
    expect(plain.oldestBlock).toBe('0x0');
    expect(plain.gasUsedRatio).toHaveLength(2);
    expect(plain).not.toHaveProperty('reward');
    expect(await rpcResult(url, 'eth_feeHistory', ['0x0', 'latest', []])).toMatchObject({ oldestBlock: '0x0', gasUsedRatio: [] });
  });

  it('eth_feeHistory refuses bad percentiles and blocks beyond the head', async () => {
    expect(await errorOf('eth_feeHistory', ['0x2', 'latest', [50, 25]])).toEqual({
      code: -32602,
      message: 'invalid reward percentile: #0:50 >= #1:25',
    });
    expect(await errorOf('eth_feeHistory', ['0x2', 'latest', [101]])).toEqual({ code: -32602, message: 'invalid reward percentile: 101' });
    expect(await errorOf('eth_feeHistory', ['0x2', '0x63', []])).toEqual({
      code: -32000,
      message: 'request beyond head block: requested 99, head 3',
    });
    expect((await errorOf('eth_feeHistory', ['0x2', 'latest'])).code).toBe(-32602);
  });
});
