// Transactions as the execution API returns them (geth's RPCTransaction): the common fields, then the ones of
// each type. A transaction not yet in a block (from the pool) has null block fields, and a dynamic-fee one shows
// its fee cap as gasPrice since what it will pay is not known yet.
import { bytesToHex, toQuantity, type Bytes } from '../common/bytes.js';
import type { AccessList } from '../core/types/accessList.js';
import type { Transaction } from '../core/types/transaction.js';
import { BLOB_TX_TYPE, DYNAMIC_FEE_TX_TYPE, LEGACY_TX_TYPE } from '../core/types/txData.js';
import { effectiveGasPrice } from './blockFees.js';
import type { RpcObject } from './jsonrpc.js';
import { senderOf } from './senderCache.js';

/** Where a mined transaction is. */
export interface TxLocation {
  blockHash: Bytes;
  blockNumber: bigint;
  blockTimestamp: bigint;
  index: number;
  /** The block's base fee; undefined before London. */
  baseFee: bigint | undefined;
}

export function formatAccessList(list: AccessList): RpcObject[] {
  return list.map((t) => ({ address: bytesToHex(t.address), storageKeys: t.storageKeys.map(bytesToHex) }));
}

/** `location` undefined for a pending transaction. */
export function formatTransaction(tx: Transaction, location: TxLocation | undefined): RpcObject {
  const out: RpcObject = {
    blockHash: location === undefined ? null : bytesToHex(location.blockHash),
    blockNumber: location === undefined ? null : toQuantity(location.blockNumber),
    blockTimestamp: location === undefined ? null : toQuantity(location.blockTimestamp),
    from: bytesToHex(senderOf(tx)),
    gas: toQuantity(tx.gasLimit),
    gasPrice: toQuantity(tx.gasPrice),
    hash: bytesToHex(tx.hash),
    input: bytesToHex(tx.data),
    nonce: toQuantity(tx.nonce),
    to: tx.to === undefined ? null : bytesToHex(tx.to),
    transactionIndex: location === undefined ? null : toQuantity(location.index),
    value: toQuantity(tx.value),
    type: toQuantity(tx.type),
  };
  if (tx.type === LEGACY_TX_TYPE) {
    if (tx.chainId !== undefined) out.chainId = toQuantity(tx.chainId);
  } else {
    out.accessList = formatAccessList(tx.accessList);
    out.chainId = toQuantity(tx.chainId!);
  }
  if (tx.type === DYNAMIC_FEE_TX_TYPE || tx.type === BLOB_TX_TYPE) {
    out.maxFeePerGas = toQuantity(tx.gasFeeCap);
    out.maxPriorityFeePerGas = toQuantity(tx.gasTipCap);
    if (location !== undefined && location.baseFee !== undefined) {
      out.gasPrice = toQuantity(effectiveGasPrice(tx, location.baseFee));
    }
  }
  if (tx.type === BLOB_TX_TYPE) {
    out.maxFeePerBlobGas = toQuantity(tx.maxFeePerBlobGas!);
    out.blobVersionedHashes = tx.blobVersionedHashes.map(bytesToHex);
  }
  out.v = toQuantity(tx.v);
  out.r = toQuantity(tx.r);
  out.s = toQuantity(tx.s);
  if (tx.type !== LEGACY_TX_TYPE) out.yParity = toQuantity(tx.yParity);
  return out;
}
