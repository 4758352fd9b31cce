import { describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex } from '../../common/bytes.js';
import { BeaconEngine } from '../../consensus/beacon/beacon.js';
import type { Engine } from '../../consensus/engine.js';
import { calcBaseFee } from '../../consensus/misc/eip1559.js';
import { EMPTY_TRIE_ROOT } from '../../crypto/keccak.js';
import { MemoryStore } from '../../db/memoryStore.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { configForFork } from '../../params/forks.js';
import { INITIAL_BASE_FEE } from '../../params/protocolFees.js';
import { orderedTrieRoot } from '../../trie/orderedTrieRoot.js';
import { BlockTransactionError } from '../processor.js';
import { BLOB_TX_TYPE } from '../types/txData.js';
import { signTransaction } from '../types/txSigner.js';
import { encodeWithdrawal } from '../types/withdrawal.js';
import { BlockBuilder, buildBlock } from './blockBuilder.js';
import { Blockchain } from './blockchain.js';
import { GWEI, SILENT_LOG, TEST_ADDRESSES, TEST_CHAIN_ID, TEST_KEYS, testGenesis, transfer } from './testChain.js';
import { FakePowEngine } from './testEngine.js';

const RECIPIENT = bigintToFixedBytes(0xbeefn, 20);
const COINBASE = bigintToFixedBytes(0xc0n, 20);

async function openChain(config?: ChainConfig, engine: Engine = new BeaconEngine()): Promise<Blockchain> {
  return Blockchain.open(new MemoryStore(), { engine, genesis: testGenesis(config), log: SILENT_LOG });
}

function builderOn(chain: Blockchain, attrs: Partial<ConstructorParameters<typeof BlockBuilder>[4]> = {}) {
  const parent = chain.currentHeader;
  return new BlockBuilder(chain, chain.engine, parent, chain.stateAt(parent.stateRoot), {
    timestamp: parent.timestamp + 12n,
    coinbase: COINBASE,
    ...attrs,
  });
}

describe('BlockBuilder', () => {
  it('builds a Cancun block the chain accepts, with the header derived from the parent', async () => {
    const chain = await openChain();
    const genesis = chain.genesis.header;
    const withdrawals = [{ index: 0n, validatorIndex: 1n, address: RECIPIENT, amount: 5n }];
    const prevRandao = new Uint8Array(32).fill(0x33);
    const beaconRoot = new Uint8Array(32).fill(0x44);
    const { block, receipts } = buildBlock(
      chain,
      chain.engine,
      genesis,
      chain.stateAt(genesis.stateRoot),
      {
        timestamp: 12n,
        coinbase: COINBASE,
        prevRandao,
        gasLimit: 60_000_000n,
        extraData: Uint8Array.of(1, 2),
        withdrawals,
        parentBeaconBlockRoot: beaconRoot,
      },
      [transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 1n), transfer(TEST_KEYS[1]!, 0n, RECIPIENT, 2n)],
    );
    const h = block.header;
    expect(h.parentHash).toEqual(genesis.hash);
    expect(h.number).toBe(1n);
    expect(h.timestamp).toBe(12n);
    expect(h.coinbase).toEqual(COINBASE);
    expect(h.mixHash).toEqual(prevRandao);
    expect(h.extraData).toEqual(Uint8Array.of(1, 2));
    expect(h.difficulty).toBe(0n);
    // One bounded step towards the desired limit.
    expect(h.gasLimit).toBe(30_000_000n + 30_000_000n / 1024n - 1n);
    expect(h.baseFeePerGas).toBe(calcBaseFee(genesis, true));
    expect(h.gasUsed).toBe(42_000n);
    expect(h.withdrawalsRoot).toEqual(orderedTrieRoot(withdrawals.map(encodeWithdrawal)));
    expect(h.blobGasUsed).toBe(0n);
    expect(h.excessBlobGas).toBe(0n);
    expect(h.parentBeaconBlockRoot).toEqual(beaconRoot);
    expect(receipts.map((r) => r.cumulativeGasUsed)).toEqual([21_000n, 42_000n]);
    expect(block.withdrawals).toEqual(withdrawals);

    expect(await chain.insertChain([block])).toBe(1);
    expect(chain.stateAt(chain.currentHeader.stateRoot).getBalance(RECIPIENT)).toBe(3n + 5n * GWEI);
  });

  it('leaves out a transaction it cannot include and goes on with the next', async () => {
    const chain = await openChain();
    const builder = builderOn(chain);
    expect(builder.gasRemaining).toBe(30_000_000n);
    const early = transfer(TEST_KEYS[0]!, 1n, RECIPIENT, 1n);
    expect(() => builder.addTransaction(early)).toThrow(BlockTransactionError);
    expect(() => builder.addTransaction(early)).toThrow(
      `could not apply tx 0 [${bytesToHex(early.hash)}]: nonce too high: address ${bytesToHex(TEST_ADDRESSES[0]!)}, ` +
        'tx: 1 state: 0',
    );
    expect(builder.gasRemaining).toBe(30_000_000n);
    const applied = builder.addTransaction(transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 1n));
    expect(applied.receipt.status).toBe(1);
    builder.addTransaction(early);
    expect(builder.transactionCount).toBe(2);
    expect(builder.gasRemaining).toBe(30_000_000n - 42_000n);
    const { block } = builder.finish();
    expect(block.transactions.map((t) => t.nonce)).toEqual([0n, 1n]);
    expect(await chain.insertChain([block])).toBe(1);
  });

  it('refuses blobs beyond the block allowance before touching the state', async () => {
    const chain = await openChain();
    const builder = builderOn(chain);
    // Versioned hashes start with the KZG version byte.
    const hashes = Array.from({ length: 7 }, (_, i) => new Uint8Array(32).fill(i).fill(1, 0, 1));
    const blobTx = signTransaction(
      {
        type: BLOB_TX_TYPE,
        chainId: TEST_CHAIN_ID,
        nonce: 0n,
        maxPriorityFeePerGas: GWEI,
        maxFeePerGas: 100n * GWEI,
        gasLimit: 21_000n,
        to: RECIPIENT,
        value: 0n,
        data: new Uint8Array(0),
        accessList: [],
        maxFeePerBlobGas: 10n,
        blobVersionedHashes: hashes,
      },
      TEST_KEYS[0]!,
    );
    expect(() => builder.addTransaction(blobTx)).toThrow(
      `transaction ${bytesToHex(blobTx.hash)}: blob gas 917504 exceeds what the block has left (786432 of 786432)`,
    );
    expect(builder.finish().block.header.blobGasUsed).toBe(0n);
  });

  it('refuses a timestamp not after the parent, withdrawals before Shanghai and use after finish', async () => {
    const chain = await openChain();
    expect(() => builderOn(chain, { timestamp: 0n })).toThrow('block timestamp 0 is not after its parent\'s 0');
    const builder = builderOn(chain);
    const { block } = builder.finish();
    expect(block.header.transactionsRoot).toEqual(EMPTY_TRIE_ROOT);
    expect(() => builder.finish()).toThrow('block builder: the block is already finished');
    expect(() => builder.addTransaction(transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 1n))).toThrow(/already finished/);

    const pow = await openChain(configForFork('London', TEST_CHAIN_ID), new BeaconEngine(new FakePowEngine()));
    expect(() => builderOn(pow, { withdrawals: [] })).toThrow('block 1: withdrawals given but Shanghai is not active');
  });

  it('builds the first London block with the doubled gas limit and the initial base fee', async () => {
    const config = { ...configForFork('Berlin', TEST_CHAIN_ID), londonBlock: 1n };
    const chain = await openChain(config, new BeaconEngine(new FakePowEngine(7n)));
    const { block } = builderOn(chain).finish();
    expect(block.header.gasLimit).toBe(60_000_000n);
    expect(block.header.baseFeePerGas).toBe(INITIAL_BASE_FEE);
    expect(block.header.difficulty).toBe(7n);
    expect(block.header.withdrawalsRoot).toBeUndefined();
    expect(block.header.excessBlobGas).toBeUndefined();
    expect(await chain.insertChain([block])).toBe(1);
    expect(chain.currentTd).toBe(8n);
  });
});
