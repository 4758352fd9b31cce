// Headers and blocks as the execution API returns them (geth's RPCMarshalHeader / RPCMarshalBlock): quantities as
// hex without leading zeros, hashes and data as 0x hex, fork fields only when the header has them.
import { bytesToHex, toQuantity } from '../common/bytes.js';
import { encodeBlock, type Block } from '../core/types/block.js';
import type { Header } from '../core/types/header.js';
import type { Withdrawal } from '../core/types/withdrawal.js';
import type { RpcObject } from './jsonrpc.js';
import { formatTransaction } from './rpcTransaction.js';

export function formatHeader(header: Header): RpcObject {
  const out: RpcObject = {
    number: toQuantity(header.number),
    hash: bytesToHex(header.hash),
    parentHash: bytesToHex(header.parentHash),
    nonce: bytesToHex(header.nonce),
    mixHash: bytesToHex(header.mixHash),
    sha3Uncles: bytesToHex(header.ommersHash),
    logsBloom: bytesToHex(header.logsBloom),
    stateRoot: bytesToHex(header.stateRoot),
    miner: bytesToHex(header.coinbase),
    difficulty: toQuantity(header.difficulty),
    extraData: bytesToHex(header.extraData),
    gasLimit: toQuantity(header.gasLimit),
    gasUsed: toQuantity(header.gasUsed),
    timestamp: toQuantity(header.timestamp),
    transactionsRoot: bytesToHex(header.transactionsRoot),
    receiptsRoot: bytesToHex(header.receiptsRoot),
  };
  if (header.baseFeePerGas !== undefined) out.baseFeePerGas = toQuantity(header.baseFeePerGas);
  if (header.withdrawalsRoot !== undefined) out.withdrawalsRoot = bytesToHex(header.withdrawalsRoot);
  if (header.blobGasUsed !== undefined) out.blobGasUsed = toQuantity(header.blobGasUsed);
  if (header.excessBlobGas !== undefined) out.excessBlobGas = toQuantity(header.excessBlobGas);
  if (header.parentBeaconBlockRoot !== undefined) out.parentBeaconBlockRoot = bytesToHex(header.parentBeaconBlockRoot);
  if (header.requestsHash !== undefined) out.requestsHash = bytesToHex(header.requestsHash);
  return out;
}

export function formatWithdrawal(w: Withdrawal): RpcObject {
  return {
    index: toQuantity(w.index),
    validatorIndex: toQuantity(w.validatorIndex),
    address: bytesToHex(w.address),
    amount: toQuantity(w.amount),
  };
}

/** The block with its transactions as hashes, or in full when `fullTx`. */
export function formatBlock(block: Block, fullTx: boolean): RpcObject {
  const { header } = block;
  const out = formatHeader(header);
  out.size = toQuantity(encodeBlock(block).length);
  out.transactions = block.transactions.map((tx, index) =>
    fullTx
      ? formatTransaction(tx, {
          blockHash: block.hash,
          blockNumber: header.number,
          blockTimestamp: header.timestamp,
          index,
          baseFee: header.baseFeePerGas,
        })
      : bytesToHex(tx.hash),
  );
  out.uncles = block.ommers.map((o) => bytesToHex(o.hash));
  if (block.withdrawals !== undefined) out.withdrawals = block.withdrawals.map(formatWithdrawal);
  return out;
}
