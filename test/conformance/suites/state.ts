// GeneralStateTests: one transaction applied to the `pre` state in the block context `env`. Only the Cancun
// expectations are run (the EVM implements Berlin to Cancun, and the vectors were filled for Cancun); each entry
// of post.Cancun is a case "test/Cancun/d{data}g{gas}v{value}", named by the indexes that pick the transaction's
// data, gas limit and value out of the `transaction` arrays.
//
// A case: the transaction the fields describe, signed with `secretKey`, must encode to `txbytes`; txbytes is what
// gets applied (decoded, validated, then the state transition, in a fresh state with the block's gas limit as
// gas pool). Then either the transaction was rejected as `expectException` says and the state is unchanged, or it
// was applied and the state root (EIP-161 deletions included) is `hash` and keccak(rlp(logs)) is `logs`.
import { bytesEqual, bytesToHex, type Bytes } from '../../../src/common/bytes.js';
import {
  isAbsent,
  JsonFieldError,
  readAddress,
  readHexBytes,
  readObject,
  readString,
  readUint,
  type JsonObject,
} from '../../../src/common/jsonFields.js';
import { blobScheduleAt, maxBlobGas } from '../../../src/consensus/misc/eip4844.js';
import { blockRules, newBlockContext, type ContextHeader } from '../../../src/core/evmContext.js';
import { GasPool } from '../../../src/core/gasPool.js';
import { applyTransaction, type AppliedTransaction } from '../../../src/core/stateTransition.js';
import { StateTransitionError, type StateTransitionErrorCode } from '../../../src/core/stateTransitionError.js';
import type { AccessList } from '../../../src/core/types/accessList.js';
import { logsHash } from '../../../src/core/types/log.js';
import {
  decodeTransaction,
  encodeTransaction,
  TxDecodeError,
  type Transaction,
} from '../../../src/core/types/transaction.js';
import {
  ACCESS_LIST_TX_TYPE,
  BLOB_TX_TYPE,
  DYNAMIC_FEE_TX_TYPE,
  LEGACY_TX_TYPE,
  type TxData,
} from '../../../src/core/types/txData.js';
import { TransactionValidationError, type TxValidationCode } from '../../../src/core/types/txErrors.js';
import { signTransaction } from '../../../src/core/types/txSigner.js';
import { validateTransaction } from '../../../src/core/types/txValidation.js';
import { Evm, type BlockContext } from '../../../src/core/vm/evm.js';
import { keccak256 } from '../../../src/crypto/keccak.js';
import { privateKeyToAddress } from '../../../src/crypto/secp256k1.js';
import type { Rules } from '../../../src/params/chainConfig.js';
import { configForFork } from '../../../src/params/forks.js';
import { buildPreState, openPreState, type PreState } from '../preState.js';
import { isRecord, runCase, type CaseResult, type Suite } from '../suite.js';

const FORK = 'Cancun';
const CHAIN_ID = 1n;

/**
 * How a transaction was turned away: while decoding, by validation, by the state transition, or by the block's
 * blob gas limit (a block-level rule that geth's state test runner applies to the single transaction too).
 */
type RejectionKind = 'decode' | 'blobGasLimit' | TxValidationCode | StateTransitionErrorCode;

interface Rejection {
  kind: RejectionKind;
  message: string;
}

/** Which of our rejections an exception name stands for; names not listed accept any rejection. */
function kindsFor(name: string): RejectionKind[] | undefined {
  switch (name.replace(/^TransactionException\./, '')) {
    case 'RLP_INVALID_VALUE':
      return ['decode'];
    case 'INTRINSIC_GAS_TOO_LOW':
      return ['intrinsicGas'];
    case 'INSUFFICIENT_ACCOUNT_FUNDS':
      return ['insufficientFunds'];
    case 'INSUFFICIENT_MAX_FEE_PER_GAS':
      return ['feeCapTooLow'];
    case 'INSUFFICIENT_MAX_FEE_PER_BLOB_GAS':
      return ['blobFeeCapTooLow'];
    case 'PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS':
      return ['tipAboveFeeCap'];
    case 'GASLIMIT_PRICE_PRODUCT_OVERFLOW':
      return ['feeOverflow'];
    case 'INITCODE_SIZE_EXCEEDED':
      return ['maxInitCodeSize'];
    case 'NONCE_IS_MAX':
      return ['nonceMax'];
    case 'NONCE_MISMATCH_TOO_LOW':
      return ['nonceTooLow'];
    case 'NONCE_MISMATCH_TOO_HIGH':
      return ['nonceTooHigh'];
    case 'GAS_ALLOWANCE_EXCEEDED':
      return ['gasLimitReached'];
    case 'SENDER_NOT_EOA':
      return ['senderNoEoa'];
    // A blob transaction has no encoding without a recipient, so such a one can only be turned away decoding.
    case 'TYPE_3_TX_CONTRACT_CREATION':
      return ['decode', 'blobTxCreate'];
    case 'TYPE_3_TX_ZERO_BLOBS':
      return ['missingBlobHashes'];
    case 'TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH':
      return ['invalidBlobHashVersion'];
    case 'TYPE_3_TX_BLOB_COUNT_EXCEEDED':
      return ['blobGasLimit'];
    default:
      return undefined;
  }
}

/** "A|B" means either rejection is right. */
function expectedKinds(expectException: string): RejectionKind[] | undefined {
  const kinds: RejectionKind[] = [];
  for (const name of expectException.split('|')) {
    const k = kindsFor(name.trim());
    if (k === undefined) return undefined;
    kinds.push(...k);
  }
  return kinds;
}

function rejectionOf(e: unknown): Rejection | undefined {
  if (e instanceof TxDecodeError) return { kind: 'decode', message: e.message };
  if (e instanceof TransactionValidationError || e instanceof StateTransitionError) {
    return { kind: e.code, message: e.message };
  }
  return undefined;
}

// --- the test's block ---

interface Block {
  rules: Rules;
  context: BlockContext;
  maxBlobGas: bigint;
}

/** BLOCKHASH in state tests, as the official runners define it: keccak256 of the block number in decimal. */
function testBlockHash(n: bigint): Bytes {
  return keccak256(new TextEncoder().encode(n.toString()));
}

function readBlock(envJson: unknown): Block {
  const env = readObject(envJson, 'env');
  const uint = (key: string, bits: number) => readUint(env[key], `env.${key}`, bits);
  const config = configForFork(FORK, CHAIN_ID);
  // Post-merge: difficulty 0, and currentRandom is PREVRANDAO.
  const header: ContextHeader = {
    number: uint('currentNumber', 64),
    timestamp: uint('currentTimestamp', 64),
    gasLimit: uint('currentGasLimit', 64),
    difficulty: 0n,
    mixHash: readHexBytes(env.currentRandom, 'env.currentRandom', 32),
    baseFeePerGas: uint('currentBaseFee', 256),
    excessBlobGas: uint('currentExcessBlobGas', 64),
  };
  const coinbase = readAddress(env.currentCoinbase, 'env.currentCoinbase');
  const context = newBlockContext(config, header, coinbase, testBlockHash);
  const schedule = blobScheduleAt(config, header.timestamp);
  if (schedule === undefined) throw new Error(`env: no blob schedule at ${header.timestamp}`);
  return { rules: blockRules(config, header), context, maxBlobGas: maxBlobGas(schedule) };
}

// --- the transaction ---

interface Indexes {
  data: number;
  gas: number;
  value: number;
}

function readIndexes(v: unknown): Indexes {
  const o = readObject(v, 'indexes');
  const index = (key: keyof Indexes): number => {
    const i = o[key];
    if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 0) {
      throw new JsonFieldError(`indexes.${key}`, `expected an array index, got ${JSON.stringify(i)}`);
    }
    return i;
  };
  return { data: index('data'), gas: index('gas'), value: index('value') };
}

function pick(fields: JsonObject, key: string, i: number): unknown {
  const arr = fields[key];
  if (!Array.isArray(arr)) throw new JsonFieldError(`transaction.${key}`, 'expected an array');
  if (i >= arr.length) throw new JsonFieldError(`transaction.${key}`, `index ${i} out of ${arr.length} entries`);
  return arr[i];
}

function readAccessList(v: unknown, field: string): AccessList {
  if (!Array.isArray(v)) throw new JsonFieldError(field, 'expected an array');
  return v.map((entry, i) => {
    const o = readObject(entry, `${field}[${i}]`);
    const keys = o.storageKeys;
    if (!Array.isArray(keys)) throw new JsonFieldError(`${field}[${i}].storageKeys`, 'expected an array');
    return {
      address: readAddress(o.address, `${field}[${i}].address`),
      storageKeys: keys.map((k, j) => readHexBytes(k, `${field}[${i}].storageKeys[${j}]`, 32)),
    };
  });
}

/**
 * The transaction `fields` describe at `idx`: legacy with gasPrice (type 1 when it has an access list), type 2
 * with maxFeePerGas, type 3 with blob hashes; an empty `to` is a creation. The fields do not say whether a legacy
 * transaction is replay-protected (retesteth signs without EIP-155, execution-spec-tests with it), so the caller
 * passes the chain id that txbytes carries.
 */
function buildTransaction(fields: JsonObject, idx: Indexes, legacyChainId: bigint | undefined): Transaction {
  const uint = (key: string) => readUint(fields[key], `transaction.${key}`);
  const common = {
    nonce: uint('nonce'),
    gasLimit: readUint(pick(fields, 'gasLimit', idx.gas), `transaction.gasLimit[${idx.gas}]`),
    to: fields.to === '' ? undefined : readAddress(fields.to, 'transaction.to'),
    value: readUint(pick(fields, 'value', idx.value), `transaction.value[${idx.value}]`),
    data: readHexBytes(pick(fields, 'data', idx.data), `transaction.data[${idx.data}]`),
  };
  const accessListJson = isAbsent(fields.accessLists) ? undefined : pick(fields, 'accessLists', idx.data);
  const accessList = isAbsent(accessListJson)
    ? undefined
    : readAccessList(accessListJson, `transaction.accessLists[${idx.data}]`);

  let data: TxData;
  if (!isAbsent(fields.blobVersionedHashes) || !isAbsent(fields.maxFeePerBlobGas)) {
    const hashes = fields.blobVersionedHashes;
    if (!Array.isArray(hashes)) throw new JsonFieldError('transaction.blobVersionedHashes', 'expected an array');
    data = {
      type: BLOB_TX_TYPE,
      chainId: CHAIN_ID,
      ...common,
      // A creation has no type-3 form; the signer rejects the missing `to`.
      to: common.to as Bytes,
      maxPriorityFeePerGas: uint('maxPriorityFeePerGas'),
      maxFeePerGas: uint('maxFeePerGas'),
      accessList: accessList ?? [],
      maxFeePerBlobGas: uint('maxFeePerBlobGas'),
      blobVersionedHashes: hashes.map((h, i) => readHexBytes(h, `transaction.blobVersionedHashes[${i}]`, 32)),
    };
  } else if (!isAbsent(fields.maxFeePerGas)) {
    data = {
      type: DYNAMIC_FEE_TX_TYPE,
      chainId: CHAIN_ID,
      ...common,
      maxPriorityFeePerGas: uint('maxPriorityFeePerGas'),
      maxFeePerGas: uint('maxFeePerGas'),
      accessList: accessList ?? [],
    };
  } else if (accessList !== undefined) {
    data = { type: ACCESS_LIST_TX_TYPE, chainId: CHAIN_ID, ...common, gasPrice: uint('gasPrice'), accessList };
  } else {
    data = { type: LEGACY_TX_TYPE, chainId: legacyChainId, ...common, gasPrice: uint('gasPrice') };
  }

  const key = readHexBytes(fields.secretKey, 'transaction.secretKey', 32);
  if (!isAbsent(fields.sender)) {
    const sender = readAddress(fields.sender, 'transaction.sender');
    const signer = privateKeyToAddress(key);
    if (!bytesEqual(signer, sender)) {
      throw new Error(`secretKey belongs to ${bytesToHex(signer)}, transaction.sender is ${bytesToHex(sender)}`);
    }
  }
  return signTransaction(data, key);
}

function describeMismatch(ours: Bytes, theirs: Bytes): string {
  let i = 0;
  while (i < ours.length && i < theirs.length && ours[i] === theirs[i]) i++;
  return `signed transaction (${ours.length} bytes) differs from txbytes (${theirs.length} bytes) from byte ${i}`;
}

/**
 * The transaction an entry applies: txbytes decoded, after checking it is the one the fields describe. When
 * neither txbytes nor the fields make a transaction (a value over 256 bits, say), it was rejected decoding.
 */
function entryTransaction(fields: JsonObject, idx: Indexes, txBytes: Bytes): Transaction | Rejection {
  let decoded: Transaction | undefined;
  let decodeError: TxDecodeError | undefined;
  try {
    decoded = decodeTransaction(txBytes);
  } catch (e) {
    if (!(e instanceof TxDecodeError)) throw e;
    decodeError = e;
  }
  let built: Transaction | undefined;
  let buildError: Error | undefined;
  try {
    built = buildTransaction(fields, idx, decoded?.type === LEGACY_TX_TYPE ? decoded.chainId : undefined);
  } catch (e) {
    buildError = e as Error;
  }
  if (decoded === undefined) {
    if (built !== undefined) {
      throw new Error(`txbytes do not decode (${decodeError!.message}), but the fields make a valid transaction`);
    }
    return { kind: 'decode', message: decodeError!.message };
  }
  if (built === undefined) throw new Error(`cannot build the transaction from its fields: ${buildError!.message}`);
  const encoded = encodeTransaction(built);
  if (!bytesEqual(encoded, txBytes)) throw new Error(describeMismatch(encoded, txBytes));
  return decoded;
}

// --- running an entry ---

interface Outcome {
  root: Bytes;
  applied?: AppliedTransaction;
  rejection?: Rejection;
}

function apply(block: Block, pre: PreState, tx: Transaction): Outcome {
  const state = openPreState(pre);
  let applied: AppliedTransaction | undefined;
  let rejection: Rejection | undefined;
  if (tx.blobGas > block.maxBlobGas) {
    rejection = { kind: 'blobGasLimit', message: `blob gas ${tx.blobGas} exceeds the block's ${block.maxBlobGas}` };
  } else {
    try {
      validateTransaction(tx, block.rules);
      const noTx = { origin: new Uint8Array(20), gasPrice: 0n, blobHashes: [] };
      const evm = new Evm(block.context, noTx, state, block.rules);
      applied = applyTransaction(evm, state, new GasPool(block.context.gasLimit), tx, 0, 0n);
    } catch (e) {
      rejection = rejectionOf(e);
      if (rejection === undefined) throw e;
    }
  }
  const out: Outcome = { root: state.intermediateRoot(block.rules.isEIP158) };
  if (applied !== undefined) out.applied = applied;
  if (rejection !== undefined) out.rejection = rejection;
  return out;
}

function describeExecution(applied: AppliedTransaction): string {
  const error = applied.error === undefined ? '' : `, execution failed: ${applied.error.message}`;
  return `gas used ${applied.gasUsed}${error}`;
}

function runEntry(block: Block, pre: PreState, fields: JsonObject, entry: JsonObject, idx: Indexes): void {
  const txBytes = readHexBytes(entry.txbytes, 'txbytes');
  const wantRoot = bytesToHex(readHexBytes(entry.hash, 'hash', 32));
  const wantLogs = bytesToHex(readHexBytes(entry.logs, 'logs', 32));
  const expectException = isAbsent(entry.expectException)
    ? undefined
    : readString(entry.expectException, 'expectException');

  const tx = entryTransaction(fields, idx, txBytes);
  const outcome: Outcome = 'kind' in tx ? { root: pre.root, rejection: tx } : apply(block, pre, tx);
  const { applied, rejection } = outcome;
  const root = bytesToHex(outcome.root);

  if (expectException !== undefined) {
    if (applied !== undefined) {
      const how = describeExecution(applied);
      throw new Error(`accepted a transaction expected to fail with ${expectException} (${how})`);
    }
    const kinds = expectedKinds(expectException);
    if (kinds !== undefined && !kinds.includes(rejection!.kind)) {
      throw new Error(`expected ${expectException}, rejected for another reason: ${rejection!.message}`);
    }
    if (root !== bytesToHex(pre.root)) throw new Error(`rejected transaction changed the state root to ${root}`);
  } else if (rejection !== undefined) {
    throw new Error(`transaction rejected (${rejection.kind}): ${rejection.message}`);
  }

  const how = applied === undefined ? '' : ` (${describeExecution(applied)})`;
  if (root !== wantRoot) throw new Error(`state root ${root}, expected ${wantRoot}${how}`);
  const logs = bytesToHex(logsHash(applied?.receipt.logs ?? []));
  if (logs !== wantLogs) throw new Error(`logs hash ${logs}, expected ${wantLogs}${how}`);
}

async function runTest(name: string, test: JsonObject, entries: unknown[]): Promise<CaseResult[]> {
  // The block and the pre-state are shared by every entry; if either is malformed, every entry fails with it.
  let shared: { block: Block; pre: PreState; fields: JsonObject } | Error;
  try {
    shared = {
      block: readBlock(test.env),
      pre: buildPreState(test.pre),
      fields: readObject(test.transaction, 'transaction'),
    };
  } catch (e) {
    shared = e as Error;
  }
  const results: CaseResult[] = [];
  for (const [i, raw] of entries.entries()) {
    let idx: Indexes | undefined;
    let caseName = `${name}/${FORK}/#${i}`;
    if (isRecord(raw)) {
      try {
        idx = readIndexes(raw.indexes);
        caseName = `${name}/${FORK}/d${idx.data}g${idx.gas}v${idx.value}`;
      } catch {
        // Reported by the case below.
      }
    }
    results.push(
      await runCase(caseName, () => {
        if (shared instanceof Error) throw shared;
        const entry = readObject(raw, `post.${FORK}[${i}]`);
        runEntry(shared.block, shared.pre, shared.fields, entry, idx ?? readIndexes(entry.indexes));
      }),
    );
  }
  return results;
}

export const stateSuite: Suite = {
  name: 'state',
  async runFile(_file, content) {
    if (!isRecord(content)) return undefined;
    const tests: [string, JsonObject, unknown][] = [];
    for (const [name, test] of Object.entries(content)) {
      if (!isRecord(test) || !isRecord(test.post) || !('env' in test) || !('pre' in test) || !('transaction' in test)) {
        return undefined;
      }
      const entries = test.post[FORK];
      if (entries === undefined) continue;
      tests.push([name, test, entries]);
    }
    const results: CaseResult[] = [];
    for (const [name, test, entries] of tests) {
      if (Array.isArray(entries)) results.push(...(await runTest(name, test, entries)));
      else results.push({ name: `${name}/${FORK}`, ok: false, error: `post.${FORK} is not an array` });
    }
    return results;
  },
};
