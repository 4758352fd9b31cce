import { describe, expect, it } from 'vitest';
import { SECP256K1_N } from '../../crypto/secp256k1.js';
import { isMergedAtGenesis, rulesFor, type Rules } from '../../params/chainConfig.js';
import { configForFork, type ForkName } from '../../params/forks.js';
import { MAX_INIT_CODE_SIZE } from '../../params/protocol.js';
import { Transaction } from './transaction.js';
import type { BlobTxData, DynamicFeeTxData, LegacyTxData, TxData } from './txData.js';
import { TransactionValidationError, type TxValidationCode } from './txErrors.js';
import { signTransaction } from './txSigner.js';
import { validateTransaction } from './txValidation.js';

function rules(fork: ForkName, chainId = 1n): Rules {
  const config = configForFork(fork, chainId);
  return rulesFor(config, 0n, isMergedAtGenesis(config), 0n);
}

const KEY = new Uint8Array(32).fill(0x46);
const TO = new Uint8Array(20).fill(0x35);

const legacy: LegacyTxData = {
  type: 0,
  nonce: 0n,
  gasPrice: 10n,
  gasLimit: 21000n,
  to: TO,
  value: 1n,
  data: new Uint8Array(),
};
const accessListTx: TxData = { ...legacy, type: 1, chainId: 1n, accessList: [] };
const dynamic: DynamicFeeTxData = {
  type: 2,
  chainId: 1n,
  nonce: 0n,
  maxPriorityFeePerGas: 1n,
  maxFeePerGas: 10n,
  gasLimit: 21000n,
  to: TO,
  value: 0n,
  data: new Uint8Array(),
  accessList: [],
};
const blobHash = (version: number) => {
  const h = new Uint8Array(32).fill(0xaa);
  h[0] = version;
  return h;
};
const blob: BlobTxData = { ...dynamic, type: 3, to: TO, maxFeePerBlobGas: 1n, blobVersionedHashes: [blobHash(1)] };

const validate = (data: TxData, r: Rules) => validateTransaction(signTransaction(data, KEY), r);

function rejection(data: TxData, r: Rules): TransactionValidationError {
  try {
    validate(data, r);
  } catch (e) {
    if (e instanceof TransactionValidationError) return e;
    throw e;
  }
  throw new Error('the transaction was accepted');
}

function expectRejected(data: TxData, r: Rules, code: TxValidationCode, message: RegExp | string): void {
  const e = rejection(data, r);
  expect(e.code).toBe(code);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else expect(e.message).toMatch(message);
}

describe('validateTransaction', () => {
  it('accepts well-formed transactions of each type on a fork that has it', () => {
    expect(() => validate(legacy, rules('Frontier'))).not.toThrow();
    expect(() => validate({ ...legacy, chainId: 1n }, rules('Cancun'))).not.toThrow();
    expect(() => validate(accessListTx, rules('Berlin'))).not.toThrow();
    expect(() => validate(dynamic, rules('London'))).not.toThrow();
    expect(() => validate(blob, rules('Cancun'))).not.toThrow();
  });

  it('rejects a type before its fork', () => {
    expectRejected(accessListTx, rules('Istanbul'), 'typeNotSupported', 'transaction type not supported: type 1 needs Berlin');
    expectRejected(dynamic, rules('Berlin'), 'typeNotSupported', /type 2 needs London/);
    expectRejected(blob, rules('Shanghai'), 'typeNotSupported', /type 3 needs Cancun/);
  });

  it('rejects a wrong chain id and bad signature values', () => {
    expectRejected(dynamic, rules('Cancun', 5n), 'invalidChainId', 'invalid chain id for signer: have 1 want 5');
    const tx = signTransaction(legacy, KEY);
    const highS = new Transaction(tx.inner, { r: tx.r, s: SECP256K1_N - tx.s, yParity: 1 - tx.yParity });
    expect(() => validateTransaction(highS, rules('Frontier'))).not.toThrow();
    expect(() => validateTransaction(highS, rules('Homestead'))).toThrow(/invalid transaction v, r, s values/);
  });

  it('rejects the largest nonce (EIP-2681)', () => {
    const max = 2n ** 64n - 1n;
    expectRejected({ ...legacy, nonce: max }, rules('Cancun'), 'nonceMax', `nonce has max value: ${max}`);
    expect(() => validate({ ...legacy, nonce: 2n ** 64n - 2n }, rules('Cancun'))).not.toThrow();
  });

  it('rejects a tip above the fee cap', () => {
    expectRejected(
      { ...dynamic, maxPriorityFeePerGas: 11n },
      rules('London'),
      'tipAboveFeeCap',
      'max priority fee per gas higher than max fee per gas: tip 11, fee cap 10',
    );
  });

  it('rejects gas * fee cap beyond 256 bits', () => {
    const cap = 2n ** 256n / 21000n;
    expect(() => validate({ ...legacy, gasPrice: cap }, rules('Cancun'))).not.toThrow();
    const overflow = { ...legacy, gasPrice: cap + 1n };
    expectRejected(overflow, rules('Cancun'), 'feeOverflow', 'gas * gasPrice exceeds 256 bits');
  });

  it('rejects a gas limit below the intrinsic gas, with both figures', () => {
    const cancun = rules('Cancun');
    expectRejected({ ...legacy, gasLimit: 20999n }, cancun, 'intrinsicGas', 'intrinsic gas too low: have 20999, want 21000');
    expectRejected({ ...legacy, data: Uint8Array.of(1) }, cancun, 'intrinsicGas', 'intrinsic gas too low: have 21000, want 21016');
    const creation = { ...legacy, to: undefined, gasLimit: 53000n, data: Uint8Array.of(1) };
    expectRejected(creation, rules('Shanghai'), 'intrinsicGas', /want 53018/);
  });

  it('rejects init code over 49152 bytes from Shanghai only', () => {
    const creation = { ...legacy, to: undefined, gasLimit: 10_000_000n, data: new Uint8Array(MAX_INIT_CODE_SIZE + 1) };
    expectRejected(creation, rules('Shanghai'), 'maxInitCodeSize', /^max initcode size exceeded: code size 49153 limit 49152$/);
    expect(() => validate(creation, rules('Paris'))).not.toThrow();
    const atLimit = { ...creation, data: new Uint8Array(MAX_INIT_CODE_SIZE) };
    expect(() => validate(atLimit, rules('Shanghai'))).not.toThrow();
    // A call may carry more data than that.
    expect(() => validate({ ...creation, to: TO }, rules('Shanghai'))).not.toThrow();
  });

  it('enforces the EIP-7623 calldata floor from Prague', () => {
    const data = new Uint8Array(1000).fill(1); // intrinsic 37000, floor 61000
    expect(() => validate({ ...dynamic, gasLimit: 40_000n, data }, rules('Cancun'))).not.toThrow();
    expectRejected(
      { ...dynamic, gasLimit: 40_000n, data },
      rules('Prague'),
      'floorDataGas',
      'insufficient gas for floor data gas cost: have 40000, want 61000',
    );
  });

  it('rejects a blob transaction without blob hashes or with a wrong version byte', () => {
    const noHashes = { ...blob, blobVersionedHashes: [] };
    expectRejected(noHashes, rules('Cancun'), 'missingBlobHashes', 'blob transaction missing blob hashes');
    expectRejected(
      { ...blob, blobVersionedHashes: [blobHash(1), blobHash(2)] },
      rules('Cancun'),
      'invalidBlobHashVersion',
      /^blob 1 has invalid hash version: 0x02aa/,
    );
  });
});
