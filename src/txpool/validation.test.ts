import { beforeAll, describe, expect, it } from 'vitest';
import { bigintToFixedBytes } from '../common/bytes.js';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { Blockchain } from '../core/chain/blockchain.js';
import { GWEI, SILENT_LOG, TEST_CHAIN_ID, testGenesis } from '../core/chain/testChain.js';
import type { Genesis } from '../core/genesis/genesis.js';
import { Transaction } from '../core/types/transaction.js';
import { ACCESS_LIST_TX_TYPE, BLOB_TX_TYPE } from '../core/types/txData.js';
import { signTransaction } from '../core/types/txSigner.js';
import { SECP256K1_N } from '../crypto/secp256k1.js';
import { MemoryStore } from '../db/memoryStore.js';
import { configForFork } from '../params/forks.js';
import { TxPoolError } from './errors.js';
import { DEFAULT_BALANCE, dynTx, RECIPIENT, testAccounts } from './testPool.js';
import { TxList } from './txList.js';
import { TX_MAX_SIZE, validateTxBasics, validateTxWithState } from './validation.js';

const [alice] = testAccounts(1) as [ReturnType<typeof testAccounts>[number]];
let chain: Blockchain;

function openChain(genesis: Genesis): Promise<Blockchain> {
  return Blockchain.open(new MemoryStore(), { engine: new BeaconEngine(), genesis, log: SILENT_LOG });
}

beforeAll(async () => {
  const alloc = { [alice.id]: { balance: DEFAULT_BALANCE, nonce: 3n, code: new Uint8Array(0), storage: new Map() } };
  chain = await openChain(testGenesis(undefined, alloc));
});

function basics(tx: Transaction): unknown {
  return validateTxBasics(tx, chain.currentHeader, chain.config);
}

function failure(fn: () => unknown): TxPoolError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TxPoolError) return e;
    throw e;
  }
  throw new Error('expected a TxPoolError');
}

describe('validateTxBasics', () => {
  it('returns the recovered sender of a valid transaction', () => {
    expect(basics(dynTx(alice, 3n))).toEqual(alice.address);
  });

  it('refuses blob transactions: this node has no blob pool', () => {
    const blob = signTransaction(
      {
        type: BLOB_TX_TYPE,
        chainId: TEST_CHAIN_ID,
        nonce: 3n,
        maxPriorityFeePerGas: GWEI,
        maxFeePerGas: 100n * GWEI,
        gasLimit: 21_000n,
        to: RECIPIENT,
        value: 0n,
        data: new Uint8Array(0),
        accessList: [],
        maxFeePerBlobGas: GWEI,
        blobVersionedHashes: [bigintToFixedBytes(1n << 248n, 32)],
      },
      alice.key,
    );
    const e = failure(() => basics(blob));
    expect(e.code).toBe('typeNotSupported');
    expect(e.message).toMatch(/^transaction type not supported: tx type 3 not supported by this pool/);
  });

  it('refuses a type the head fork does not have yet', async () => {
    const berlin = configForFork('Berlin', TEST_CHAIN_ID);
    const old = await openChain(testGenesis(berlin));
    const e = failure(() => validateTxBasics(dynTx(alice, 0n), old.currentHeader, berlin));
    expect(e.code).toBe('typeNotSupported');
    expect(e.message).toMatch(/^transaction type not supported/);
    const fields = { nonce: 0n, gasPrice: GWEI, gasLimit: 21_000n, to: RECIPIENT, value: 0n, data: new Uint8Array(0) };
    const accessList = signTransaction(
      { type: ACCESS_LIST_TX_TYPE, chainId: TEST_CHAIN_ID, ...fields, accessList: [] },
      alice.key,
    );
    expect(validateTxBasics(accessList, old.currentHeader, berlin)).toEqual(alice.address);
  });

  it('refuses a transaction over 128 KiB', () => {
    const data = new Uint8Array(TX_MAX_SIZE).fill(1);
    const e = failure(() => basics(dynTx(alice, 3n, { data, gas: 29_000_000n })));
    expect(e.code).toBe('oversizedData');
    expect(e.message).toMatch(new RegExp(`^oversized data: transaction size \\d+, limit ${TX_MAX_SIZE}$`));
  });

  it('refuses more gas than the head block allows', () => {
    const e = failure(() => basics(dynTx(alice, 3n, { gas: chain.currentHeader.gasLimit + 1n })));
    expect(e).toMatchObject({ code: 'gasLimit', message: 'exceeds block gas limit' });
    expect(basics(dynTx(alice, 3n, { gas: chain.currentHeader.gasLimit }))).toEqual(alice.address);
  });

  it('refuses too little intrinsic gas, a tip above the fee cap, and a fee that overflows 256 bits', () => {
    expect(failure(() => basics(dynTx(alice, 3n, { gas: 20_999n })))).toMatchObject({
      code: 'intrinsicGas',
      message: 'intrinsic gas too low: have 20999, want 21000',
    });
    const tipAbove = failure(() => basics(dynTx(alice, 3n, { tip: 2n, feeCap: 1n })));
    expect(tipAbove.code).toBe('tipAboveFeeCap');
    expect(tipAbove.message).toMatch(/^max priority fee per gas higher than max fee per gas/);
    const huge = (1n << 256n) - 1n;
    expect(failure(() => basics(dynTx(alice, 3n, { tip: 1n, feeCap: huge }))).code).toBe('feeOverflow');
  });

  it('reports signature problems as an invalid sender, with the reason', () => {
    const wrongChain = failure(() => basics(dynTx(alice, 3n, { chainId: 1n })));
    expect(wrongChain.code).toBe('invalidChainId');
    expect(wrongChain.message).toBe(`invalid sender: invalid chain id for signer: have 1 want ${TEST_CHAIN_ID}`);

    const good = dynTx(alice, 3n);
    const highS = new Transaction(good.inner, { ...good.signature, s: SECP256K1_N - good.signature.s });
    const bad = failure(() => basics(highS));
    expect(bad.code).toBe('invalidSignature');
    expect(bad.message).toMatch(/^invalid sender: invalid transaction v, r, s values/);
  });

  it('cannot even be handed a negative value: a transaction with one is not constructible', () => {
    expect(() => dynTx(alice, 3n, { value: -1n })).toThrow(RangeError);
  });
});

describe('validateTxWithState', () => {
  it('refuses a nonce the account has used', () => {
    const state = chain.stateAt(chain.currentHeader.stateRoot);
    expect(failure(() => validateTxWithState(dynTx(alice, 2n), alice.address, state, undefined))).toMatchObject({
      code: 'nonceTooLow',
      message: 'nonce too low: next nonce 3, tx nonce 2',
    });
    validateTxWithState(dynTx(alice, 3n), alice.address, state, undefined);
    validateTxWithState(dynTx(alice, 9n), alice.address, state, undefined);
  });

  it('refuses what the balance cannot cover, alone or on top of the pending transactions', () => {
    const state = chain.stateAt(chain.currentHeader.stateRoot);
    const gasCost = 21_000n * 100n * GWEI;
    const tooMuch = dynTx(alice, 3n, { value: DEFAULT_BALANCE - gasCost + 1n });
    const alone = failure(() => validateTxWithState(tooMuch, alice.address, state, undefined));
    expect(alone.code).toBe('insufficientFunds');
    expect(alone.message).toBe(
      'insufficient funds for gas * price + value: ' +
        `balance ${DEFAULT_BALANCE}, tx cost ${DEFAULT_BALANCE + 1n}, overshot 1`,
    );

    const pending = new TxList(true);
    const first = dynTx(alice, 3n, { value: DEFAULT_BALANCE / 2n });
    pending.add(first, 10);
    const second = dynTx(alice, 4n, { value: DEFAULT_BALANCE / 2n });
    const overdraft = failure(() => validateTxWithState(second, alice.address, state, pending));
    expect(overdraft.message).toMatch(
      /^insufficient funds for gas \* price \+ value: balance \d+, queued cost \d+, tx cost \d+, overshot \d+$/,
    );

    // A replacement only adds its difference to what is already pending.
    pending.add(dynTx(alice, 4n, { value: DEFAULT_BALANCE / 4n }), 10);
    const bumped = { tip: 2n * GWEI, feeCap: 200n * GWEI };
    validateTxWithState(dynTx(alice, 3n, { value: DEFAULT_BALANCE / 4n, ...bumped }), alice.address, state, pending);
    const dearerReplacement = dynTx(alice, 3n, { value: (DEFAULT_BALANCE * 8n) / 10n, ...bumped });
    expect(failure(() => validateTxWithState(dearerReplacement, alice.address, state, pending)).message).toMatch(
      /^insufficient funds for gas \* price \+ value: balance \d+, queued cost \d+, tx bumped \d+, overshot \d+$/,
    );
  });
});
