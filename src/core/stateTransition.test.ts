import { describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, EMPTY_BYTES, hexToBytes, type Bytes } from '../common/bytes.js';
import { privateKeyToAddress } from '../crypto/secp256k1.js';
import { MemoryStore } from '../db/memoryStore.js';
import { rulesFor, type Rules } from '../params/chainConfig.js';
import { configForFork, type ForkName } from '../params/forks.js';
import { BLOB_GAS_PER_BLOB } from '../params/protocolFees.js';
import { GasPool } from './gasPool.js';
import type { Message } from './message.js';
import { StateDatabase } from './state/stateDatabase.js';
import { StateDB } from './state/stateDb.js';
import { applyMessage, applyTransaction, type MessageEvm } from './stateTransition.js';
import { StateTransitionError, type StateTransitionErrorCode } from './stateTransitionError.js';
import { bloomContains } from './types/bloom.js';
import type { Transaction } from './types/transaction.js';
import type { BlobTxData, DynamicFeeTxData, LegacyTxData } from './types/txData.js';
import { TransactionValidationError } from './types/txErrors.js';
import { signTransaction } from './types/txSigner.js';
import { createAddress } from './vm/contractAddress.js';
import { Evm, type BlockContext } from './vm/evm.js';

const addr = (n: number): Bytes => bigintToFixedBytes(BigInt(n), 20);
const KEY = hexToBytes('0x' + '11'.repeat(32));
const SENDER = privateKeyToAddress(KEY);
const COINBASE = addr(0xc0);
const TO = addr(0xbe);
const FUNDS = 10n ** 18n;
const BASE_FEE = 10n;
const GAS_LIMIT = 30_000_000n;

const rulesOf = (fork: ForkName): Rules => rulesFor(configForFork(fork), 0n, true, 0n);

function blockContext(over: Partial<BlockContext> = {}): BlockContext {
  return {
    coinbase: COINBASE,
    number: 1n,
    time: 0n,
    gasLimit: GAS_LIMIT,
    baseFee: BASE_FEE,
    prevRandao: new Uint8Array(32),
    difficulty: 0n,
    blobBaseFee: 1n,
    getHash: () => new Uint8Array(32),
    ...over,
  };
}

/** A funded sender on a fresh state, with the real EVM. */
function setup(fork: ForkName = 'Cancun', block: Partial<BlockContext> = {}) {
  const state = new StateDB(new StateDatabase(new MemoryStore()));
  state.setBalance(SENDER, FUNDS);
  state.finalise(true);
  const rules = rulesOf(fork);
  const ctx = blockContext(block);
  const evm = new Evm(ctx, { origin: SENDER, gasPrice: 0n, blobHashes: [] }, state, rules);
  return { state, evm, rules, pool: new GasPool(ctx.gasLimit) };
}

/**
 * For the forks the EVM does not run (before Berlin, Prague): calls only move value, as calls to accounts without
 * code do, which is all the transition's fork-specific bookkeeping needs.
 */
function transferOnlyEvm(fork: ForkName, block: Partial<BlockContext> = {}) {
  const state = new StateDB(new StateDatabase(new MemoryStore()));
  state.setBalance(SENDER, FUNDS);
  state.finalise(true);
  const evm: MessageEvm = {
    state,
    rules: rulesOf(fork),
    blockContext: blockContext(block),
    setTxContext: () => {},
    call: (caller, to, _input, gas, value) => {
      state.subBalance(caller, value);
      state.addBalance(to, value);
      return { returnData: EMPTY_BYTES, gasLeft: gas };
    },
    create: () => {
      throw new Error('the transfer-only EVM cannot create contracts');
    },
  };
  return { state, evm, pool: new GasPool(GAS_LIMIT) };
}

function dynamicTx(over: Partial<DynamicFeeTxData> = {}): Transaction {
  return signTransaction(
    {
      type: 2,
      chainId: 1n,
      nonce: 0n,
      gasLimit: 21_000n,
      to: TO,
      value: 1000n,
      data: EMPTY_BYTES,
      maxPriorityFeePerGas: 2n,
      maxFeePerGas: 30n,
      accessList: [],
      ...over,
    },
    KEY,
  );
}

function legacyTx(over: Partial<LegacyTxData> = {}): Transaction {
  return signTransaction(
    { type: 0, chainId: 1n, nonce: 0n, gasLimit: 21_000n, to: TO, value: 1000n, data: EMPTY_BYTES, gasPrice: 20n, ...over },
    KEY,
  );
}

const VALID_BLOB_HASH = hexToBytes('0x01' + '22'.repeat(31));

function blobTx(over: Partial<BlobTxData> = {}): Transaction {
  return signTransaction(
    {
      type: 3,
      chainId: 1n,
      nonce: 0n,
      gasLimit: 21_000n,
      to: TO,
      value: 0n,
      data: EMPTY_BYTES,
      maxPriorityFeePerGas: 2n,
      maxFeePerGas: 30n,
      accessList: [],
      maxFeePerBlobGas: 5n,
      blobVersionedHashes: [VALID_BLOB_HASH],
      ...over,
    },
    KEY,
  );
}

/** Applies `tx`, expects it to be rejected with `code`, and checks that neither the state nor the pool moved. */
function expectInvalid(
  env: { state: StateDB; evm: MessageEvm; pool: GasPool },
  tx: Transaction,
  code: StateTransitionErrorCode,
  message: string | RegExp,
): void {
  const root = env.state.intermediateRoot(true);
  const gas = env.pool.gas;
  let error: unknown;
  try {
    applyTransaction(env.evm, env.state, env.pool, tx, 0, 0n);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StateTransitionError);
  expect((error as StateTransitionError).code).toBe(code);
  expect((error as Error).message).toMatch(message);
  expect(bytesToHex(env.state.intermediateRoot(true))).toBe(bytesToHex(root));
  expect(env.pool.gas).toBe(gas);
}

const sender = bytesToHex(SENDER);

describe('state transition: value transfers', () => {
  it('moves the value, charges gas at the effective price, pays the tip and burns the base fee', () => {
    const { state, evm, pool } = setup();
    const applied = applyTransaction(evm, state, pool, dynamicTx(), 0, 0n);
    const price = BASE_FEE + 2n; // min(tip + base fee, fee cap)
    expect(applied.gasUsed).toBe(21_000n);
    expect(applied.error).toBeUndefined();
    expect(applied.contractAddress).toBeUndefined();
    expect(state.getBalance(SENDER)).toBe(FUNDS - 21_000n * price - 1000n);
    expect(state.getBalance(TO)).toBe(1000n);
    expect(state.getBalance(COINBASE)).toBe(21_000n * 2n);
    // What left the sender and did not arrive anywhere is the burnt base fee.
    const total = state.getBalance(SENDER) + state.getBalance(TO) + state.getBalance(COINBASE);
    expect(FUNDS - total).toBe(21_000n * BASE_FEE);
    expect(state.getNonce(SENDER)).toBe(1n);
    expect(pool.gas).toBe(GAS_LIMIT - 21_000n);
    expect(applied.receipt).toEqual({
      type: 2,
      status: 1,
      cumulativeGasUsed: 21_000n,
      logsBloom: new Uint8Array(256),
      logs: [],
    });
    expect(applied.blobGasUsed).toBe(0n);
  });

  it('caps the price at the fee cap and counts gas cumulatively over a block', () => {
    const { state, evm, pool } = setup();
    const first = applyTransaction(evm, state, pool, dynamicTx({ maxFeePerGas: 11n }), 0, 0n);
    const second = applyTransaction(evm, state, pool, legacyTx({ nonce: 1n }), 1, first.receipt.cumulativeGasUsed);
    expect(second.receipt.cumulativeGasUsed).toBe(42_000n);
    expect(second.receipt.type).toBe(0);
    // Tips: 11 - 10 for the capped one, 20 - 10 for the legacy one.
    expect(state.getBalance(COINBASE)).toBe(21_000n * 1n + 21_000n * 10n);
    expect(state.getBalance(SENDER)).toBe(FUNDS - 21_000n * 11n - 21_000n * 20n - 2000n);
    expect(pool.gas).toBe(GAS_LIMIT - 42_000n);
    expect(state.getNonce(SENDER)).toBe(2n);
  });

  it('gives the whole gas price to the coinbase before London', () => {
    const { state, evm, pool } = setup('Berlin');
    applyTransaction(evm, state, pool, legacyTx(), 0, 0n);
    expect(state.getBalance(COINBASE)).toBe(21_000n * 20n);
    expect(state.getBalance(SENDER)).toBe(FUNDS - 21_000n * 20n - 1000n);
  });

  it('touches (and so deletes) a coinbase that earns nothing', () => {
    const { state, evm, pool } = setup('Cancun', { baseFee: 0n });
    applyTransaction(evm, state, pool, dynamicTx({ maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }), 0, 0n);
    expect(state.exist(COINBASE)).toBe(false);
    expect(state.getBalance(SENDER)).toBe(FUNDS - 1000n);
  });

  it('charges blob gas at the blob base fee and burns it', () => {
    const { state, evm, pool } = setup('Cancun', { blobBaseFee: 3n });
    const applied = applyTransaction(evm, state, pool, blobTx(), 0, 0n);
    expect(applied.blobGasUsed).toBe(BLOB_GAS_PER_BLOB);
    expect(applied.receipt.type).toBe(3);
    expect(state.getBalance(SENDER)).toBe(FUNDS - 21_000n * 12n - BLOB_GAS_PER_BLOB * 3n);
    expect(state.getBalance(COINBASE)).toBe(21_000n * 2n);
    // Blob gas does not come out of the block's (execution) gas pool.
    expect(pool.gas).toBe(GAS_LIMIT - 21_000n);
  });
});

describe('state transition: code', () => {
  it('a reverting call is a valid, failed transaction: gas paid, value and changes undone', () => {
    const { state, evm, pool } = setup();
    state.setCode(TO, hexToBytes('0x60016000556000 6000fd'.replace(/ /g, ''))); // SSTORE(0, 1); REVERT(0, 0)
    state.finalise(true);
    const applied = applyTransaction(evm, state, pool, dynamicTx({ gasLimit: 100_000n }), 0, 0n);
    expect(applied.error?.kind).toBe('revert');
    expect(applied.receipt.status).toBe(0);
    // 21000 + 4 pushes + cold SSTORE of a fresh slot (22100); a revert keeps the gas left.
    expect(applied.gasUsed).toBe(21_000n + 12n + 22_100n);
    expect(state.getBalance(TO)).toBe(0n);
    expect(state.getState(TO, 0n)).toBe(0n);
    expect(state.getNonce(SENDER)).toBe(1n);
    expect(state.getBalance(SENDER)).toBe(FUNDS - applied.gasUsed * 12n);
    expect(pool.gas).toBe(GAS_LIMIT - applied.gasUsed);
  });

  it('an exceptional halt takes all the gas', () => {
    const { state, evm, pool } = setup();
    state.setCode(TO, hexToBytes('0x5b600056')); // JUMPDEST; PUSH1 0; JUMP: loops until out of gas
    state.finalise(true);
    const applied = applyTransaction(evm, state, pool, dynamicTx({ gasLimit: 50_000n }), 0, 0n);
    expect(applied.error?.kind).toBe('outOfGas');
    expect(applied.receipt.status).toBe(0);
    expect(applied.gasUsed).toBe(50_000n);
  });

  it('caps the refund at gasUsed/2 before London and at gasUsed/5 from London (EIP-3529)', () => {
    const clearSlot = hexToBytes('0x600060005500'); // SSTORE(0, 0) over a stored 1
    for (const [fork, tx, expected] of [
      // 21006 + 5000 used; refund 15000 capped at 26006 / 2
      ['Berlin', legacyTx({ gasLimit: 100_000n }), 13_003n],
      // refund 4800, under the cap of 26006 / 5
      ['London', dynamicTx({ gasLimit: 100_000n }), 21_206n],
    ] as const) {
      const { state, evm, pool } = setup(fork);
      state.setCode(TO, clearSlot);
      state.setState(TO, 0n, 1n);
      state.finalise(true);
      const applied = applyTransaction(evm, state, pool, tx, 0, 0n);
      expect(applied.error).toBeUndefined();
      expect(applied.gasUsed).toBe(expected);
      expect(state.getState(TO, 0n)).toBe(0n);
    }
  });

  it('collects the logs of the transaction into the receipt and its bloom', () => {
    const { state, evm, pool } = setup();
    state.setCode(TO, hexToBytes('0x60aa60006000a100')); // LOG1(0, 0, topic 0xaa)
    state.finalise(true);
    const tx = dynamicTx({ gasLimit: 100_000n });
    const applied = applyTransaction(evm, state, pool, tx, 0, 0n);
    const topic = bigintToFixedBytes(0xaan, 32);
    expect(applied.receipt.logs).toEqual([{ address: TO, topics: [topic], data: EMPTY_BYTES }]);
    expect(bloomContains(applied.receipt.logsBloom, TO)).toBe(true);
    expect(bloomContains(applied.receipt.logsBloom, topic)).toBe(true);
    expect(state.getLogs(tx.hash)).toHaveLength(1);
  });

  it('creates a contract at the address of the sender and its nonce, incrementing the nonce once', () => {
    const { state, evm, pool } = setup();
    // Returns one byte (0x00) as the contract's code.
    const initcode = hexToBytes('0x600060005360016000f3');
    const applied = applyTransaction(evm, state, pool, dynamicTx({ to: undefined, data: initcode, gasLimit: 200_000n, value: 5n }), 0, 0n);
    const expected = createAddress(SENDER, 0n);
    expect(applied.error).toBeUndefined();
    expect(applied.contractAddress).toEqual(expected);
    expect(state.getCode(expected)).toEqual(hexToBytes('0x00'));
    expect(state.getBalance(expected)).toBe(5n);
    expect(state.getNonce(expected)).toBe(1n);
    expect(state.getNonce(SENDER)).toBe(1n);
    expect(applied.returnData).toEqual(hexToBytes('0x00'));
  });
});

describe('state transition: invalid transactions leave the state untouched', () => {
  it('nonce too low and too high', () => {
    const env = setup();
    env.state.setNonce(SENDER, 5n);
    expectInvalid(env, dynamicTx({ nonce: 4n }), 'nonceTooLow', `nonce too low: address ${sender}, tx: 4 state: 5`);
    expectInvalid(env, dynamicTx({ nonce: 6n }), 'nonceTooHigh', `nonce too high: address ${sender}, tx: 6 state: 5`);
  });

  it('nonce has max value', () => {
    const env = setup();
    const max = (1n << 64n) - 1n;
    env.state.setNonce(SENDER, max);
    expectInvalid(env, dynamicTx({ nonce: max }), 'nonceMax', `nonce has max value: address ${sender}, nonce: ${max}`);
  });

  it('sender not an eoa (EIP-3607)', () => {
    const env = setup();
    env.state.setCode(SENDER, hexToBytes('0x6000'));
    expectInvalid(env, dynamicTx(), 'senderNoEoa', `sender not an eoa: address ${sender}, len(code): 2`);
  });

  it('fee cap below the base fee, tip above the fee cap', () => {
    const env = setup();
    expectInvalid(
      env,
      dynamicTx({ maxFeePerGas: 9n, maxPriorityFeePerGas: 1n }),
      'feeCapTooLow',
      `max fee per gas less than block base fee: address ${sender}, maxFeePerGas: 9, baseFee: 10`,
    );
    expectInvalid(
      env,
      dynamicTx({ maxFeePerGas: 30n, maxPriorityFeePerGas: 31n }),
      'tipAboveFeeCap',
      `max priority fee per gas higher than max fee per gas: address ${sender}, maxPriorityFeePerGas: 31, maxFeePerGas: 30`,
    );
  });

  it('insufficient funds for gas * fee cap + value', () => {
    const env = setup();
    const want = 21_000n * 30n + 1000n;
    env.state.setBalance(SENDER, want - 1n);
    expectInvalid(
      env,
      dynamicTx(),
      'insufficientFunds',
      `insufficient funds for gas * price + value: address ${sender} have ${want - 1n} want ${want}`,
    );
  });

  it('counts the blob fee cap in the funds needed', () => {
    const env = setup();
    const want = 21_000n * 30n + BLOB_GAS_PER_BLOB * 5n;
    env.state.setBalance(SENDER, want - 1n);
    expectInvalid(env, blobTx(), 'insufficientFunds', `have ${want - 1n} want ${want}`);
  });

  it('gas limit reached: the block has less gas left than the transaction asks for', () => {
    const env = setup();
    env.pool.setGas(20_999n);
    expectInvalid(env, dynamicTx(), 'gasLimitReached', /^gas limit reached/);
  });

  it('intrinsic gas too low, after the gas was bought (which is then given back)', () => {
    const env = setup();
    expectInvalid(env, dynamicTx({ gasLimit: 20_999n }), 'intrinsicGas', 'intrinsic gas too low: have 20999, want 21000');
    expectInvalid(
      env,
      dynamicTx({ gasLimit: 21_000n, data: hexToBytes('0x0001') }),
      'intrinsicGas',
      'intrinsic gas too low: have 21000, want 21020',
    );
  });

  it('max initcode size exceeded (Shanghai)', () => {
    const env = setup('Shanghai');
    const data = new Uint8Array(49_153);
    expectInvalid(
      env,
      dynamicTx({ to: undefined, data, gasLimit: 1_000_000n }),
      'maxInitCodeSize',
      'max initcode size exceeded: code size 49153 limit 49152',
    );
  });

  it('blob checks: fee cap below the blob base fee, no hashes, a bad hash version', () => {
    const env = setup('Cancun', { blobBaseFee: 6n });
    expectInvalid(
      env,
      blobTx(),
      'blobFeeCapTooLow',
      `max fee per blob gas less than block blob gas fee: address ${sender} blobGasFeeCap: 5, blobBaseFee: 6`,
    );
    expectInvalid(env, blobTx({ blobVersionedHashes: [] }), 'missingBlobHashes', 'blob transaction missing blob hashes');
    expectInvalid(
      env,
      blobTx({ maxFeePerBlobGas: 10n, blobVersionedHashes: [VALID_BLOB_HASH, hexToBytes('0x02' + '00'.repeat(31))] }),
      'invalidBlobHashVersion',
      'blob 1 has invalid hash version',
    );
  });

  it('a signature for another chain is rejected before anything runs', () => {
    const env = setup();
    const root = env.state.intermediateRoot(true);
    expect(() => applyTransaction(env.evm, env.state, env.pool, dynamicTx({ chainId: 5n }), 0, 0n)).toThrow(
      TransactionValidationError,
    );
    expect(env.state.intermediateRoot(true)).toEqual(root);
  });

  it('refuses an EVM that runs on another state', () => {
    const env = setup();
    const other = new StateDB(new StateDatabase(new MemoryStore()));
    expect(() => applyTransaction(env.evm, other, env.pool, dynamicTx(), 0, 0n)).toThrow(/must run on the StateDB/);
  });
});

describe('state transition: messages', () => {
  const call = (over: Partial<Message> = {}): Message => ({
    from: SENDER,
    to: TO,
    nonce: 0n,
    value: 0n,
    gasLimit: 50_000n,
    gasPrice: 0n,
    gasFeeCap: 0n,
    gasTipCap: 0n,
    data: EMPTY_BYTES,
    accessList: [],
    ...over,
  });

  it('noBaseFee lets a zero-fee call run under a base fee and pays no one', () => {
    const { state, evm, pool } = setup();
    expect(() => applyMessage(evm, call(), pool)).toThrow(/max fee per gas less than block base fee/);
    const result = applyMessage(evm, call(), pool, { noBaseFee: true });
    expect(result.gasUsed).toBe(21_000n);
    expect(state.getBalance(SENDER)).toBe(FUNDS);
    expect(state.exist(COINBASE)).toBe(false);
  });

  it('skips the nonce and code checks when asked to', () => {
    const { state, evm, pool } = setup();
    state.setCode(SENDER, hexToBytes('0x00'));
    const result = applyMessage(evm, call({ nonce: 9n, skipNonceChecks: true, skipFromEoaCheck: true }), pool, {
      noBaseFee: true,
    });
    expect(result.error).toBeUndefined();
    expect(state.getNonce(SENDER)).toBe(1n);
  });

  it('requires funds for what is charged even when the price exceeds the fee cap', () => {
    const { state, evm, pool } = setup('Berlin');
    state.setBalance(SENDER, 50_000n * 3n - 1n);
    expect(() => applyMessage(evm, call({ gasPrice: 3n, gasFeeCap: 1n, gasTipCap: 1n }), pool)).toThrow(
      `insufficient funds for gas * price + value: address ${sender} have ${50_000n * 3n - 1n} want ${50_000n * 3n}`,
    );
  });
});

describe('state transition: forks the EVM does not run', () => {
  it('before Byzantium the receipt carries the intermediate state root', () => {
    const env = transferOnlyEvm('Homestead');
    const tx = legacyTx({ chainId: undefined, gasPrice: 0n });
    const applied = applyTransaction(env.evm, env.state, env.pool, tx, 0, 0n);
    expect(applied.receipt.status).toBeUndefined();
    expect(applied.receipt.postState).toEqual(env.state.intermediateRoot(false));
    // Before EIP-158 the zero reward still creates the (empty) coinbase account.
    expect(env.state.exist(COINBASE)).toBe(true);
  });

  it('from EIP-158 the intermediate root drops the touched empty coinbase', () => {
    const env = transferOnlyEvm('EIP158');
    const applied = applyTransaction(env.evm, env.state, env.pool, legacyTx({ gasPrice: 0n }), 0, 0n);
    expect(applied.receipt.postState).toHaveLength(32);
    expect(env.state.exist(COINBASE)).toBe(false);
  });

  it('Prague (EIP-7623): the gas limit must cover the calldata floor, which is charged when execution used less', () => {
    const data = new Uint8Array(100).fill(1); // 400 tokens: floor 25000, intrinsic 22600
    const env = transferOnlyEvm('Prague');
    expectInvalid(
      env,
      dynamicTx({ data, gasLimit: 24_999n }),
      'floorDataGas',
      'insufficient gas for floor data gas cost: have 24999, want 25000',
    );
    const applied = applyTransaction(env.evm, env.state, env.pool, dynamicTx({ data, gasLimit: 30_000n }), 0, 0n);
    expect(applied.gasUsed).toBe(25_000n);
    expect(env.pool.gas).toBe(GAS_LIMIT - 25_000n);
  });
});
