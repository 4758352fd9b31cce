// EIP-2930 access lists: the addresses and storage slots a transaction declares it will touch, paid for up front
// and warm from the first access.
import type { Bytes } from '../../common/bytes.js';
import { expectFixedBytes, expectList, type RlpInput, type RlpItem } from '../../rlp/rlp.js';

export interface AccessTuple {
  /** 20-byte account address. */
  readonly address: Bytes;
  /** 32-byte storage keys. */
  readonly storageKeys: readonly Bytes[];
}

export type AccessList = readonly AccessTuple[];

export const EMPTY_ACCESS_LIST: AccessList = Object.freeze([]);

export function encodeAccessList(list: AccessList): RlpInput {
  return list.map((t) => [t.address, [...t.storageKeys]]);
}

/** Strict: every entry is [address (20 bytes), [key (32 bytes), ...]]; anything else is rejected. */
export function decodeAccessList(item: RlpItem): AccessList {
  return expectList(item, 'accessList').map((entry, i) => {
    const [address, keys] = expectList(entry, `accessList[${i}]`, 2) as [RlpItem, RlpItem];
    return {
      address: expectFixedBytes(address, `accessList[${i}].address`, 20),
      storageKeys: expectList(keys, `accessList[${i}].storageKeys`).map((k, j) =>
        expectFixedBytes(k, `accessList[${i}].storageKeys[${j}]`, 32),
      ),
    };
  });
}

export function accessListStorageKeyCount(list: AccessList): number {
  let n = 0;
  for (const t of list) n += t.storageKeys.length;
  return n;
}

/** Throws when an address is not 20 bytes or a key not 32: such a list has no valid encoding. */
export function checkAccessList(list: AccessList): void {
  list.forEach((t, i) => {
    if (t.address.length !== 20) {
      throw new RangeError(`accessList[${i}].address must be 20 bytes, got ${t.address.length}`);
    }
    t.storageKeys.forEach((k, j) => {
      if (k.length !== 32) throw new RangeError(`accessList[${i}].storageKeys[${j}] must be 32 bytes, got ${k.length}`);
    });
  });
}
