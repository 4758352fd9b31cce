import { describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToBigint, bytesToHex, hexToBytes } from '../common/bytes.js';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { privateKeyToAddress } from '../crypto/secp256k1.js';
import { MemoryStore } from '../db/memoryStore.js';
import { orderedTrieRoot } from '../trie/orderedTrieRoot.js';
import { Blockchain } from './chain/blockchain.js';
import {
  generateBlocks,
  GWEI,
  SILENT_LOG,
  TEST_ADDRESSES,
  TEST_CHAIN_ID,
  TEST_CONFIG,
  TEST_KEYS,
  testGenesis,
  transfer,
  transferSpecs,
} from './chain/testChain.js';
import { BlockTransactionError, StateProcessor } from './processor.js';
import { Block } from './types/block.js';
import { Header } from './types/header.js';
import { encodeReceipt } from './types/receipt.js';
import { encodeTransaction, type Transaction } from './types/transaction.js';
import { DYNAMIC_FEE_TX_TYPE } from './types/txData.js';
import { signTransaction } from './types/txSigner.js';

const RECIPIENT = bigintToFixedBytes(0xbeefn, 20);
const NO_HASHES = () => new Uint8Array(32);

async function genesisChain(genesis = testGenesis()): Promise<Blockchain> {
  return Blockchain.open(new MemoryStore(), { engine: new BeaconEngine(), genesis, log: SILENT_LOG });
}

/** `block` carrying other transactions (with a matching transactions root, nothing else adjusted). */
function withTransactions(block: Block, transactions: Transaction[]): Block {
  const transactionsRoot = orderedTrieRoot(transactions.map(encodeTransaction));
  return new Block(new Header({ ...block.header, transactionsRoot }), { ...block.body, transactions });
}

describe('StateProcessor', () => {
  it('reproduces what the header commits to: gas used, receipts and state root', async () => {
    const genesis = testGenesis();
    const specs = [
      {
        txs: (nonce: (key: Uint8Array) => bigint) => [
          transfer(TEST_KEYS[0]!, nonce(TEST_KEYS[0]!), RECIPIENT, 5n),
          transfer(TEST_KEYS[0]!, nonce(TEST_KEYS[0]!), RECIPIENT, 6n),
          transfer(TEST_KEYS[1]!, nonce(TEST_KEYS[1]!), RECIPIENT, 7n),
        ],
        withdrawals: [{ index: 0n, validatorIndex: 1n, address: RECIPIENT, amount: 2n }],
      },
    ];
    const [block] = await generateBlocks({ genesis }, specs);
    const chain = await genesisChain(genesis);
    const state = chain.stateAt(chain.genesis.header.stateRoot);

    const result = new StateProcessor(chain.config, new BeaconEngine()).process(block!, state, NO_HASHES);

    expect(result.gasUsed).toBe(63_000n);
    expect(result.blobGasUsed).toBe(0n);
    expect(result.logs).toEqual([]);
    expect(result.receipts.map((r) => r.cumulativeGasUsed)).toEqual([21_000n, 42_000n, 63_000n]);
    expect(result.receipts.map((r) => r.type)).toEqual([2, 2, 2]);
    expect(orderedTrieRoot(result.receipts.map(encodeReceipt))).toEqual(block!.header.receiptsRoot);
    expect(state.intermediateRoot(true)).toEqual(block!.header.stateRoot);
    // Transfers first, then the withdrawal in gwei.
    expect(state.getBalance(RECIPIENT)).toBe(18n + 2n * GWEI);
  });

  it('pays the coinbase the tip and burns the base fee', async () => {
    const genesis = testGenesis();
    const coinbase = bigintToFixedBytes(0xc0n, 20);
    const [block] = await generateBlocks({ genesis }, transferSpecs(1, RECIPIENT, 1n, { coinbase }));
    const chain = await genesisChain(genesis);
    const state = chain.stateAt(chain.genesis.header.stateRoot);
    new StateProcessor(chain.config, new BeaconEngine()).process(block!, state, NO_HASHES);
    // The test transfer tips 1 gwei per gas.
    expect(state.getBalance(coinbase)).toBe(21_000n * GWEI);
  });

  it('fails the block on an invalid transaction, naming it', async () => {
    const genesis = testGenesis();
    const [block] = await generateBlocks({ genesis }, transferSpecs(1, RECIPIENT));
    const tx = block!.transactions[0]!;
    const bad = withTransactions(block!, [tx, tx]);
    const chain = await genesisChain(genesis);
    let caught: unknown;
    try {
      new StateProcessor(chain.config, new BeaconEngine()).process(
        bad,
        chain.stateAt(chain.genesis.header.stateRoot),
        NO_HASHES,
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(BlockTransactionError);
    const err = caught as BlockTransactionError;
    expect(err.txIndex).toBe(1);
    expect(err.txHash).toEqual(tx.hash);
    expect(err.message).toBe(
      `could not apply tx 1 [${bytesToHex(tx.hash)}]: nonce too low: address ${bytesToHex(TEST_ADDRESSES[0]!)}, ` +
        'tx: 0 state: 1',
    );
  });

  it('runs the transactions against the block gas limit', async () => {
    const genesis = testGenesis();
    const [block] = await generateBlocks({ genesis }, transferSpecs(1, RECIPIENT));
    const txs = [0n, 1n].map((n) => transfer(TEST_KEYS[0]!, n, RECIPIENT, 1n));
    const small = withTransactions(block!, txs);
    const limited = new Block(new Header({ ...small.header, gasLimit: 30_000n }), small.body);
    const chain = await genesisChain(genesis);
    expect(() =>
      new StateProcessor(chain.config, new BeaconEngine()).process(
        limited,
        chain.stateAt(chain.genesis.header.stateRoot),
        NO_HASHES,
      ),
    ).toThrow(/^could not apply tx 1 \[0x[0-9a-f]{64}\]: gas limit reached: have 9000, want 21000$/);
  });

  it('credits withdrawals only after the transactions', async () => {
    const genesis = testGenesis();
    const [block] = await generateBlocks({ genesis }, [{ withdrawals: [] }]);
    // An account without funds spends what a withdrawal of the same block brings it: too early.
    const poorKey = bigintToFixedBytes(0x9999n, 32);
    const spend = transfer(poorKey, 0n, RECIPIENT, 1n);
    const withdrawals = [{ index: 0n, validatorIndex: 0n, address: privateKeyToAddress(poorKey), amount: 10n ** 9n }];
    const b = withTransactions(block!, [spend]);
    const funded = new Block(b.header, { ...b.body, withdrawals });
    const chain = await genesisChain(genesis);
    expect(() =>
      new StateProcessor(chain.config, new BeaconEngine()).process(
        funded,
        chain.stateAt(chain.genesis.header.stateRoot),
        NO_HASHES,
      ),
    ).toThrow(/could not apply tx 0 .*: insufficient funds for gas \* price \+ value/);
  });

  it('serves BLOCKHASH from the ancestry of the block, also on a side chain', async () => {
    // Stores BLOCKHASH(NUMBER - 1) in slot 0.
    const code = hexToBytes('0x6001430340600055' + '00');
    const contract = bigintToFixedBytes(0xc0de_0000n, 20);
    const genesis = testGenesis(TEST_CONFIG, {
      [bytesToHex(contract)]: { balance: 0n, nonce: 1n, code, storage: new Map() },
    });
    const call = (key: Uint8Array, nonce: bigint) =>
      signTransaction(
        {
          type: DYNAMIC_FEE_TX_TYPE,
          chainId: TEST_CHAIN_ID,
          nonce,
          maxPriorityFeePerGas: 1n,
          maxFeePerGas: 100n * GWEI,
          gasLimit: 100_000n,
          to: contract,
          value: 0n,
          data: new Uint8Array(0),
          accessList: [],
        },
        key,
      );
    const main = await generateBlocks({ genesis }, transferSpecs(2, RECIPIENT));
    const calling = { txs: (nonce: (key: Uint8Array) => bigint) => [call(TEST_KEYS[2]!, nonce(TEST_KEYS[2]!))] };
    const [onMain] = await generateBlocks({ genesis, prefix: main }, [calling]);
    const [side1, onSide] = await generateBlocks({ genesis, prefix: main.slice(0, 1) }, [
      { coinbase: RECIPIENT },
      calling,
    ]);
    const chain = await genesisChain(genesis);
    await chain.insertChain([...main, onMain!]);
    const slot0 = () => chain.stateAt(chain.currentHeader.stateRoot).getState(contract, 0n);
    expect(slot0()).toBe(bytesToBigint(main[1]!.hash));
    await chain.insertChain([side1!, onSide!]);
    expect(chain.currentBlock.hash).toEqual(onSide!.hash);
    expect(slot0()).toBe(bytesToBigint(side1!.hash));
  });
});
