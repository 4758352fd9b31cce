// Receipts and logs as the execution API returns them (geth's marshalReceipt): the consensus receipt completed
// with what the block tells (gas used by this transaction alone, the price paid, the created contract, log
// positions across the whole block).
import { bytesToHex, toQuantity, type Bytes } from '../common/bytes.js';
import type { Block } from '../core/types/block.js';
import type { Log } from '../core/types/log.js';
import type { Receipt } from '../core/types/receipt.js';
import { BLOB_TX_TYPE } from '../core/types/txData.js';
import { createAddress } from '../core/vm/contractAddress.js';
import type { ChainConfig } from '../params/chainConfig.js';
import { blobBaseFee, effectiveGasPrice } from './blockFees.js';
import type { RpcObject } from './jsonrpc.js';
import { senderOf } from './senderCache.js';

/** A log's place in the chain. */
export interface LogLocation {
  blockHash: Bytes;
  blockNumber: bigint;
  blockTimestamp: bigint;
  transactionHash: Bytes;
  transactionIndex: number;
  /** Position among all logs of the block. */
  logIndex: number;
}

export function formatLog(log: Log, at: LogLocation, removed = false): RpcObject {
  return {
    address: bytesToHex(log.address),
    topics: log.topics.map(bytesToHex),
    data: bytesToHex(log.data),
    blockNumber: toQuantity(at.blockNumber),
    blockHash: bytesToHex(at.blockHash),
    blockTimestamp: toQuantity(at.blockTimestamp),
    transactionHash: bytesToHex(at.transactionHash),
    transactionIndex: toQuantity(at.transactionIndex),
    logIndex: toQuantity(at.logIndex),
    removed,
  };
}

function checkLengths(block: Block, receipts: readonly Receipt[]): void {
  if (receipts.length !== block.transactions.length) {
    throw new Error(`receipts length mismatch: ${receipts.length} receipts for ${block.transactions.length} transactions`);
  }
}

/** Every receipt of `block` (whose stored receipts are `receipts`), in transaction order. */
export function formatBlockReceipts(block: Block, receipts: readonly Receipt[], config: ChainConfig): RpcObject[] {
  checkLengths(block, receipts);
  const blobPrice = blobBaseFee(config, block.header);
  let firstLogIndex = 0;
  return receipts.map((receipt, index) => {
    const out = formatReceiptAt(block, receipts, index, firstLogIndex, blobPrice);
    firstLogIndex += receipt.logs.length;
    return out;
  });
}

/** The receipt of the `index`-th transaction of `block`. */
export function formatReceipt(block: Block, receipts: readonly Receipt[], index: number, config: ChainConfig): RpcObject {
  checkLengths(block, receipts);
  let firstLogIndex = 0;
  for (let i = 0; i < index; i++) firstLogIndex += receipts[i]!.logs.length;
  return formatReceiptAt(block, receipts, index, firstLogIndex, blobBaseFee(config, block.header));
}

function formatReceiptAt(
  block: Block,
  receipts: readonly Receipt[],
  index: number,
  firstLogIndex: number,
  blobPrice: bigint | undefined,
): RpcObject {
  const { header } = block;
  const tx = block.transactions[index]!;
  const receipt = receipts[index]!;
  const previousCumulative = index === 0 ? 0n : receipts[index - 1]!.cumulativeGasUsed;
  const from = senderOf(tx);
  let logIndex = firstLogIndex;
  const out: RpcObject = {
    blockHash: bytesToHex(block.hash),
    blockNumber: toQuantity(header.number),
    transactionHash: bytesToHex(tx.hash),
    transactionIndex: toQuantity(index),
    from: bytesToHex(from),
    to: tx.to === undefined ? null : bytesToHex(tx.to),
    gasUsed: toQuantity(receipt.cumulativeGasUsed - previousCumulative),
    cumulativeGasUsed: toQuantity(receipt.cumulativeGasUsed),
    contractAddress: tx.to === undefined ? bytesToHex(createAddress(from, tx.nonce)) : null,
    logs: receipt.logs.map((log) =>
      formatLog(log, {
        blockHash: block.hash,
        blockNumber: header.number,
        blockTimestamp: header.timestamp,
        transactionHash: tx.hash,
        transactionIndex: index,
        logIndex: logIndex++,
      }),
    ),
    logsBloom: bytesToHex(receipt.logsBloom),
    type: toQuantity(tx.type),
    effectiveGasPrice: toQuantity(effectiveGasPrice(tx, header.baseFeePerGas)),
  };
  if (receipt.postState !== undefined) out.root = bytesToHex(receipt.postState);
  else out.status = toQuantity(receipt.status!);
  if (tx.type === BLOB_TX_TYPE) {
    out.blobGasUsed = toQuantity(tx.blobGas);
    if (blobPrice !== undefined) out.blobGasPrice = toQuantity(blobPrice);
  }
  return out;
}
