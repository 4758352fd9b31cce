// Transaction receipts in their three encodings:
// - consensus (receipts trie, eth wire): legacy = rlp([statusOrPostState, cumulativeGasUsed, bloom, logs]),
//   typed = type byte || rlp(same list);
// - as an item of an RLP list (block receipts on the wire): a legacy receipt is the list itself, a typed one is
//   a byte string holding its consensus encoding (as transactions are in a block body);
// - storage, as geth keeps them: rlp([statusOrPostState, cumulativeGasUsed, logs]) with neither the bloom (it is
//   recomputed from the logs on read) nor the type (the block body's transactions give it back).
import { concatBytes, type Bytes } from '../../common/bytes.js';
import {
  decodeRlp,
  encodeRlp,
  expectBytes,
  expectFixedBytes,
  expectList,
  expectUint,
  RlpError,
  type RlpInput,
  type RlpItem,
} from '../../rlp/rlp.js';
import { BLOOM_BYTE_LENGTH, logsBloom } from './bloom.js';
import { logFromRlp, logToRlp, type Log } from './log.js';

/** Receipt types follow transaction types: legacy 0, EIP-2930 1, EIP-1559 2, EIP-4844 3, EIP-7702 4. */
const MAX_RECEIPT_TYPE = 4;

export interface Receipt {
  type: number;
  /** From Byzantium on: 1 success, 0 failure. Exactly one of `status` and `postState` is set. */
  status?: 0 | 1;
  /** Before Byzantium: the 32-byte state root after the transaction. */
  postState?: Bytes;
  cumulativeGasUsed: bigint;
  logsBloom: Bytes;
  logs: Log[];
}

const UINT64_MAX = (1n << 64n) - 1n;

function checkReceipt(r: Receipt): void {
  if (!Number.isInteger(r.type) || r.type < 0 || r.type > MAX_RECEIPT_TYPE) {
    throw new Error(`receipt: unsupported type ${r.type}`);
  }
  if ((r.status === undefined) === (r.postState === undefined)) {
    throw new Error('receipt: exactly one of status and postState must be set');
  }
  if (r.status !== undefined && r.status !== 0 && r.status !== 1) throw new Error(`receipt: status must be 0 or 1`);
  if (r.postState !== undefined && r.postState.length !== 32) {
    throw new Error(`receipt: postState must be 32 bytes, got ${r.postState.length}`);
  }
  if (r.cumulativeGasUsed < 0n || r.cumulativeGasUsed > UINT64_MAX) {
    throw new Error(`receipt: cumulativeGasUsed ${r.cumulativeGasUsed} is not a uint64`);
  }
  if (r.logsBloom.length !== BLOOM_BYTE_LENGTH) {
    throw new Error(`receipt: logsBloom must be ${BLOOM_BYTE_LENGTH} bytes, got ${r.logsBloom.length}`);
  }
}

const STATUS_SUCCESS = new Uint8Array([1]);
const STATUS_FAILURE = new Uint8Array(0);

function statusOrPostState(r: Receipt): Bytes {
  if (r.postState !== undefined) return r.postState;
  return r.status === 1 ? STATUS_SUCCESS : STATUS_FAILURE;
}

/** The first field: 0x01 success, empty failure, or a 32-byte post-state root; anything else is invalid. */
function readOutcome(item: RlpItem, what: string): Pick<Receipt, 'status' | 'postState'> {
  const b = expectBytes(item, `${what} status`);
  if (b.length === 0) return { status: 0 };
  if (b.length === 1 && b[0] === 1) return { status: 1 };
  if (b.length === 32) return { postState: b };
  throw new RlpError(`${what}: invalid status/post-state field of ${b.length} bytes (want 0x01, empty or 32 bytes)`);
}

function receiptPayload(r: Receipt): RlpInput {
  return [statusOrPostState(r), r.cumulativeGasUsed, r.logsBloom, r.logs.map(logToRlp)];
}

/** The consensus encoding: what the receipts trie stores. */
export function encodeReceipt(r: Receipt): Bytes {
  checkReceipt(r);
  const list = encodeRlp(receiptPayload(r));
  return r.type === 0 ? list : concatBytes(new Uint8Array([r.type]), list);
}

function receiptFromPayload(item: RlpItem, type: number, what: string): Receipt {
  const [outcome, gas, bloom, logs] = expectList(item, what, 4) as [RlpItem, RlpItem, RlpItem, RlpItem];
  return {
    type,
    ...readOutcome(outcome, what),
    cumulativeGasUsed: expectUint(gas, `${what} cumulativeGasUsed`, 8),
    logsBloom: expectFixedBytes(bloom, `${what} logsBloom`, BLOOM_BYTE_LENGTH),
    logs: expectList(logs, `${what} logs`).map((l, i) => logFromRlp(l, `${what} log ${i}`)),
  };
}

function decodeTypedReceipt(bytes: Bytes, what: string): Receipt {
  const type = bytes[0]!;
  if (type === 0 || type > MAX_RECEIPT_TYPE) {
    throw new RlpError(`${what}: unsupported receipt type 0x${type.toString(16).padStart(2, '0')}`);
  }
  if (bytes.length === 1) throw new RlpError(`${what}: typed receipt has no payload`);
  return receiptFromPayload(decodeRlp(bytes.subarray(1)), type, what);
}

/** Decodes a consensus encoding: an RLP list (legacy) or a type byte below 0x80 followed by one. */
export function decodeReceipt(bytes: Bytes): Receipt {
  const what = 'receipt';
  if (bytes.length === 0) throw new RlpError(`${what}: empty input`);
  const first = bytes[0]!;
  if (first >= 0xc0) return receiptFromPayload(decodeRlp(bytes), 0, what);
  if (first >= 0x80) throw new RlpError(`${what}: expected an RLP list or a typed receipt, got an RLP string`);
  return decodeTypedReceipt(bytes, what);
}

/** The receipt as an item of a list of receipts (legacy: the list itself; typed: its encoding as a string). */
export function receiptToRlp(r: Receipt): RlpInput {
  if (r.type === 0) {
    checkReceipt(r);
    return receiptPayload(r);
  }
  return encodeReceipt(r);
}

export function receiptFromRlp(item: RlpItem, what = 'receipt'): Receipt {
  if (Array.isArray(item)) return receiptFromPayload(item, 0, what);
  if (item.length === 0) throw new RlpError(`${what}: empty typed receipt`);
  return decodeTypedReceipt(item, what);
}

/** The storage form of one block's receipts, in transaction order. */
export function encodeStoredReceipts(receipts: readonly Receipt[]): Bytes {
  return encodeRlp(
    receipts.map((r) => {
      checkReceipt(r);
      return [statusOrPostState(r), r.cumulativeGasUsed, r.logs.map(logToRlp)];
    }),
  );
}

/**
 * Reads the storage form back. `txTypes` are the types of the block's transactions (one per receipt); the
 * bloom is recomputed from the logs.
 */
export function decodeStoredReceipts(bytes: Bytes, txTypes: readonly number[]): Receipt[] {
  const list = expectList(decodeRlp(bytes), 'stored receipts');
  if (list.length !== txTypes.length) {
    throw new RlpError(`stored receipts: ${list.length} receipts for ${txTypes.length} transactions`);
  }
  return list.map((item, i) => {
    const what = `stored receipt ${i}`;
    const [outcome, gas, logsItem] = expectList(item, what, 3) as [RlpItem, RlpItem, RlpItem];
    const logs = expectList(logsItem, `${what} logs`).map((l, j) => logFromRlp(l, `${what} log ${j}`));
    const r: Receipt = {
      type: txTypes[i]!,
      ...readOutcome(outcome, what),
      cumulativeGasUsed: expectUint(gas, `${what} cumulativeGasUsed`, 8),
      logsBloom: logsBloom(logs),
      logs,
    };
    checkReceipt(r);
    return r;
  });
}
