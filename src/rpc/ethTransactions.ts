// Transactions: lookups by hash (mined, then pooled), by block and index, receipts, raw forms, and
// eth_sendRawTransaction, which checks the fee against --rpc.txfeecap and replay protection before the pool
// gets the transaction.
import { bytesToHex, type Bytes } from '../common/bytes.js';
import type { Block } from '../core/types/block.js';
import { decodeTransaction, encodeTransaction, type Transaction } from '../core/types/transaction.js';
import { txSender } from '../core/types/txSigner.js';
import { createAddress } from '../core/vm/contractAddress.js';
import type { EthApiContext } from './apiConfig.js';
import { decodeBlockNumberOrTag } from './blockParam.js';
import { blockByNumberOrTag } from './blockResolver.js';
import { serverError } from './jsonrpc.js';
import { decodeData, decodeHash, decodeIndex, method, param, type RpcHandler } from './params.js';
import { formatReceipt } from './rpcReceipt.js';
import { formatTransaction } from './rpcTransaction.js';

const TX_HASH = param('transactionHash', decodeHash);
const INDEX = param('index', decodeIndex);
const WEI_PER_ETHER = 10n ** 18n;

/** An amount of wei in ether with two decimals, as geth prints fees ("%.2f"). */
function formatEther(wei: bigint): string {
  const hundredths = (wei + WEI_PER_ETHER / 200n) / (WEI_PER_ETHER / 100n);
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

/** --rpc.txfeecap: gas * price must not exceed `capEther` (0: no cap), so a typo in a fee cannot empty an account. */
export function checkTxFee(gasPrice: bigint, gas: bigint, capEther: number): void {
  if (capEther === 0) return;
  const fee = gasPrice * gas;
  const cap = BigInt(Math.round(capEther * 1e6)) * (WEI_PER_ETHER / 1_000_000n);
  if (fee > cap) {
    throw serverError(`tx fee (${formatEther(fee)} ether) exceeds the configured cap (${capEther.toFixed(2)} ether)`);
  }
}

function transactionInBlock(block: Block | undefined, index: number): unknown {
  const tx = block?.transactions[index];
  if (block === undefined || tx === undefined) return null;
  const { header } = block;
  return formatTransaction(tx, {
    blockHash: block.hash,
    blockNumber: header.number,
    blockTimestamp: header.timestamp,
    index,
    baseFee: header.baseFeePerGas,
  });
}

export function ethTransactionMethods({ backend, config, log }: EthApiContext): Record<string, RpcHandler> {
  const chain = backend.chain;

  const minedOrPooled = (hash: Bytes): Transaction | undefined =>
    chain.getTransactionLookup(hash)?.transaction ?? backend.txPool.get(hash);

  return {
    eth_getTransactionByHash: method([TX_HASH], (hash) => {
      const found = chain.getTransactionLookup(hash);
      if (found !== undefined) {
        const header = chain.getHeader(found.blockHash, found.blockNumber);
        if (header === undefined) return null;
        return formatTransaction(found.transaction, {
          blockHash: found.blockHash,
          blockNumber: found.blockNumber,
          blockTimestamp: header.timestamp,
          index: found.index,
          baseFee: header.baseFeePerGas,
        });
      }
      const pooled = backend.txPool.get(hash);
      return pooled === undefined ? null : formatTransaction(pooled, undefined);
    }),

    eth_getRawTransactionByHash: method([TX_HASH], (hash) => {
      const tx = minedOrPooled(hash);
      return tx === undefined ? null : bytesToHex(encodeTransaction(tx));
    }),

    eth_getTransactionByBlockHashAndIndex: method([param('blockHash', decodeHash), INDEX], (hash, index) =>
      transactionInBlock(chain.getBlockByHash(hash), index),
    ),

    eth_getTransactionByBlockNumberAndIndex: method([param('block', decodeBlockNumberOrTag), INDEX], (number, index) =>
      transactionInBlock(blockByNumberOrTag(backend, number), index),
    ),

    eth_getTransactionReceipt: method([TX_HASH], (hash) => {
      const found = chain.getTransactionLookup(hash);
      if (found === undefined) return null;
      const block = chain.getBlock(found.blockHash, found.blockNumber);
      const receipts = chain.getReceipts(found.blockHash);
      if (block === undefined || receipts === undefined) return null;
      return formatReceipt(block, receipts, found.index, chain.config);
    }),

    eth_sendRawTransaction: method([param('transaction', decodeData)], async (raw) => {
      let tx: Transaction;
      try {
        tx = decodeTransaction(raw);
      } catch (e) {
        throw serverError(e instanceof Error ? e.message : String(e));
      }
      checkTxFee(tx.gasPrice, tx.gasLimit, config.txFeeCap);
      if (!config.allowUnprotectedTxs && !tx.isProtected) {
        throw serverError('only replay-protected (EIP-155) transactions allowed over RPC');
      }
      await backend.txPool.addLocal(tx);
      const from = txSender(tx);
      if (tx.to === undefined) {
        const contract = createAddress(from, tx.nonce);
        log.info('Submitted contract creation', { hash: tx.hash, from, nonce: tx.nonce, contract, value: tx.value });
      } else {
        log.info('Submitted transaction', { hash: tx.hash, from, nonce: tx.nonce, recipient: tx.to, value: tx.value });
      }
      return bytesToHex(tx.hash);
    }),
  };
}
