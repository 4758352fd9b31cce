// What the state transition executes (geth's core.Message): a transaction reduced to its sender and the prices
// that apply in one block, or a call built without a transaction (eth_call, gas estimation).
import type { Bytes } from '../common/bytes.js';
import type { Rules } from '../params/chainConfig.js';
import type { AccessList } from './types/accessList.js';
import type { Transaction } from './types/transaction.js';
import { BLOB_TX_TYPE } from './types/txData.js';
import { txSender } from './types/txSigner.js';

export interface Message {
  /** 20 bytes. */
  readonly from: Bytes;
  /** undefined for a contract creation. */
  readonly to: Bytes | undefined;
  readonly nonce: bigint;
  readonly value: bigint;
  readonly gasLimit: bigint;
  /** The price paid per gas: the legacy gas price, or min(tip cap + base fee, fee cap) under EIP-1559. */
  readonly gasPrice: bigint;
  readonly gasFeeCap: bigint;
  readonly gasTipCap: bigint;
  readonly data: Bytes;
  readonly accessList: AccessList;
  /** EIP-4844 versioned hashes; undefined for every other kind of transaction. */
  readonly blobHashes?: readonly Bytes[];
  readonly blobGasFeeCap?: bigint;
  /** Calls simulated over the state (eth_call) skip the sender's nonce check and the EIP-3607 code check. */
  readonly skipNonceChecks?: boolean;
  readonly skipFromEoaCheck?: boolean;
}

/**
 * The message of `tx` in a block with `baseFee` (undefined before London). Recovers the sender under `rules`,
 * so a signature invalid for the fork throws a TransactionValidationError here.
 */
export function transactionToMessage(tx: Transaction, rules: Rules, baseFee: bigint | undefined): Message {
  let gasPrice = tx.gasFeeCap;
  if (baseFee !== undefined) {
    const offered = tx.gasTipCap + baseFee;
    if (offered < gasPrice) gasPrice = offered;
  }
  const isBlob = tx.type === BLOB_TX_TYPE;
  return {
    from: txSender(tx, rules),
    to: tx.to,
    nonce: tx.nonce,
    value: tx.value,
    gasLimit: tx.gasLimit,
    gasPrice,
    gasFeeCap: tx.gasFeeCap,
    gasTipCap: tx.gasTipCap,
    data: tx.data,
    accessList: tx.accessList,
    blobHashes: isBlob ? tx.blobVersionedHashes : undefined,
    blobGasFeeCap: tx.maxFeePerBlobGas,
  };
}
