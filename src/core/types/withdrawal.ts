// EIP-4895 beacon-chain withdrawals, pushed into the execution layer from Shanghai on. Every field but the
// address is a uint64; the amount is in gwei.
import type { Bytes } from '../../common/bytes.js';
import {
  decodeRlp,
  encodeRlp,
  expectFixedBytes,
  expectList,
  expectUint,
  type RlpInput,
  type RlpItem,
} from '../../rlp/rlp.js';
import { expectJsonObject, jsonBytesAt, jsonUintAt, requireJson } from './vectorJson.js';

export interface Withdrawal {
  index: bigint;
  validatorIndex: bigint;
  /** 20 bytes. */
  address: Bytes;
  /** Gwei. */
  amount: bigint;
}

const UINT64_MAX = (1n << 64n) - 1n;

function checkWithdrawal(w: Withdrawal): void {
  for (const key of ['index', 'validatorIndex', 'amount'] as const) {
    if (w[key] < 0n || w[key] > UINT64_MAX) throw new Error(`withdrawal: ${key} ${w[key]} is not a uint64`);
  }
  if (w.address.length !== 20) throw new Error(`withdrawal: address must be 20 bytes, got ${w.address.length}`);
}

export function withdrawalToRlp(w: Withdrawal): RlpInput {
  checkWithdrawal(w);
  return [w.index, w.validatorIndex, w.address, w.amount];
}

export function withdrawalFromRlp(item: RlpItem, what = 'withdrawal'): Withdrawal {
  const [index, validatorIndex, address, amount] = expectList(item, what, 4) as [RlpItem, RlpItem, RlpItem, RlpItem];
  return {
    index: expectUint(index, `${what} index`, 8),
    validatorIndex: expectUint(validatorIndex, `${what} validatorIndex`, 8),
    address: expectFixedBytes(address, `${what} address`, 20),
    amount: expectUint(amount, `${what} amount`, 8),
  };
}

/** rlp(withdrawal): the value the withdrawals trie stores. */
export function encodeWithdrawal(w: Withdrawal): Bytes {
  return encodeRlp(withdrawalToRlp(w));
}

export function decodeWithdrawal(bytes: Bytes): Withdrawal {
  return withdrawalFromRlp(decodeRlp(bytes));
}

/** A withdrawal as the BlockchainTests write it ({index, validatorIndex, address, amount}, hex strings). */
export function withdrawalFromJson(json: unknown, what = 'withdrawal json'): Withdrawal {
  const obj = expectJsonObject(json, what);
  const w: Withdrawal = {
    index: requireJson(jsonUintAt(obj, 'index', what), 'index', what),
    validatorIndex: requireJson(jsonUintAt(obj, 'validatorIndex', what), 'validatorIndex', what),
    address: requireJson(jsonBytesAt(obj, 'address', what), 'address', what),
    amount: requireJson(jsonUintAt(obj, 'amount', what), 'amount', what),
  };
  checkWithdrawal(w);
  return w;
}
