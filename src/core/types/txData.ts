// The consensus content of each transaction type, without its signature (geth's TxData implementations).
// Field names follow geth's JSON names; a creation has `to` undefined.
import type { Bytes } from '../../common/bytes.js';
import { checkAccessList, type AccessList } from './accessList.js';

export const LEGACY_TX_TYPE = 0;
/** EIP-2930 (Berlin) */
export const ACCESS_LIST_TX_TYPE = 1;
/** EIP-1559 (London) */
export const DYNAMIC_FEE_TX_TYPE = 2;
/** EIP-4844 (Cancun) */
export const BLOB_TX_TYPE = 3;

export type TxType =
  | typeof LEGACY_TX_TYPE
  | typeof ACCESS_LIST_TX_TYPE
  | typeof DYNAMIC_FEE_TX_TYPE
  | typeof BLOB_TX_TYPE;

interface CommonTxFields {
  readonly nonce: bigint;
  readonly gasLimit: bigint;
  readonly to: Bytes | undefined;
  readonly value: bigint;
  readonly data: Bytes;
}

export interface LegacyTxData extends CommonTxFields {
  readonly type: typeof LEGACY_TX_TYPE;
  readonly gasPrice: bigint;
  /** EIP-155 replay protection: the chain the signature is bound to; undefined for an unprotected transaction. */
  readonly chainId?: bigint | undefined;
}

export interface AccessListTxData extends CommonTxFields {
  readonly type: typeof ACCESS_LIST_TX_TYPE;
  readonly chainId: bigint;
  readonly gasPrice: bigint;
  readonly accessList: AccessList;
}

export interface DynamicFeeTxData extends CommonTxFields {
  readonly type: typeof DYNAMIC_FEE_TX_TYPE;
  readonly chainId: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly maxFeePerGas: bigint;
  readonly accessList: AccessList;
}

/** A blob transaction as it sits in a block: the blobs themselves travel beside it on the network only. */
export interface BlobTxData extends CommonTxFields {
  readonly type: typeof BLOB_TX_TYPE;
  readonly chainId: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly maxFeePerGas: bigint;
  readonly accessList: AccessList;
  /** A blob transaction cannot create a contract. */
  readonly to: Bytes;
  readonly maxFeePerBlobGas: bigint;
  readonly blobVersionedHashes: readonly Bytes[];
}

export type TxData = LegacyTxData | AccessListTxData | DynamicFeeTxData | BlobTxData;

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_UINT256 = (1n << 256n) - 1n;

function checkUint(value: bigint, max: bigint, bits: number, what: string): void {
  if (typeof value !== 'bigint' || value < 0n || value > max) {
    throw new RangeError(`transaction ${what} must be an unsigned ${bits}-bit integer, got ${String(value)}`);
  }
}

/**
 * Throws a RangeError for content that has no valid encoding (a field out of range, a malformed address), so a
 * transaction built in code can never hash or encode to something the decoder would reject.
 */
export function checkTxData(tx: TxData): void {
  checkUint(tx.nonce, MAX_UINT64, 64, 'nonce');
  checkUint(tx.gasLimit, MAX_UINT64, 64, 'gasLimit');
  checkUint(tx.value, MAX_UINT256, 256, 'value');
  if (tx.to !== undefined && tx.to.length !== 20) {
    throw new RangeError(`transaction to must be 20 bytes, got ${tx.to.length}`);
  }
  if (tx.chainId !== undefined) checkUint(tx.chainId, MAX_UINT256, 256, 'chainId');
  switch (tx.type) {
    case LEGACY_TX_TYPE:
      checkUint(tx.gasPrice, MAX_UINT256, 256, 'gasPrice');
      // The signature's v carries chainId * 2 + 35 + yParity and must itself fit in 256 bits.
      if (tx.chainId !== undefined && tx.chainId * 2n + 36n > MAX_UINT256) {
        throw new RangeError('legacy transaction chainId too large for an EIP-155 v value');
      }
      return;
    case ACCESS_LIST_TX_TYPE:
      checkUint(tx.gasPrice, MAX_UINT256, 256, 'gasPrice');
      checkAccessList(tx.accessList);
      return;
    case DYNAMIC_FEE_TX_TYPE:
      checkUint(tx.maxPriorityFeePerGas, MAX_UINT256, 256, 'maxPriorityFeePerGas');
      checkUint(tx.maxFeePerGas, MAX_UINT256, 256, 'maxFeePerGas');
      checkAccessList(tx.accessList);
      return;
    case BLOB_TX_TYPE:
      checkUint(tx.maxPriorityFeePerGas, MAX_UINT256, 256, 'maxPriorityFeePerGas');
      checkUint(tx.maxFeePerGas, MAX_UINT256, 256, 'maxFeePerGas');
      checkUint(tx.maxFeePerBlobGas, MAX_UINT256, 256, 'maxFeePerBlobGas');
      checkAccessList(tx.accessList);
      if (tx.to === undefined) throw new RangeError('blob transaction of type create: a blob transaction needs a to');
      tx.blobVersionedHashes.forEach((h, i) => {
        if (h.length !== 32) throw new RangeError(`blobVersionedHashes[${i}] must be 32 bytes, got ${h.length}`);
      });
      return;
    default:
      throw new RangeError(`transaction type ${String((tx as { type: unknown }).type)} not supported`);
  }
}
