// Blocks, headers and block receipts: eth_getBlockByNumber/ByHash, eth_getHeaderByNumber/ByHash,
// eth_getBlockTransactionCountByNumber/ByHash, eth_getBlockReceipts. An unknown block answers null.
import { toQuantity } from '../common/bytes.js';
import type { Block } from '../core/types/block.js';
import type { EthApiContext } from './apiConfig.js';
import { decodeBlockNumberOrTag, decodeBlockRef } from './blockParam.js';
import { blockByNumberOrTag, blockByRef, headerByNumberOrTag } from './blockResolver.js';
import { decodeBool, decodeHash, method, param, type RpcHandler } from './params.js';
import { formatBlock, formatHeader } from './rpcBlock.js';
import { formatBlockReceipts } from './rpcReceipt.js';

const NUMBER = param('block', decodeBlockNumberOrTag);
const HASH = param('blockHash', decodeHash);
const FULL_TX = param('hydrated', decodeBool);

function txCount(block: Block | undefined): string | null {
  return block === undefined ? null : toQuantity(block.transactions.length);
}

export function ethBlockMethods({ backend }: EthApiContext): Record<string, RpcHandler> {
  const chain = backend.chain;
  return {
    eth_getBlockByNumber: method([NUMBER, FULL_TX], (number, fullTx) => {
      const block = blockByNumberOrTag(backend, number);
      return block === undefined ? null : formatBlock(block, fullTx);
    }),

    eth_getBlockByHash: method([HASH, FULL_TX], (hash, fullTx) => {
      const block = chain.getBlockByHash(hash);
      return block === undefined ? null : formatBlock(block, fullTx);
    }),

    eth_getHeaderByNumber: method([NUMBER], (number) => {
      const header = headerByNumberOrTag(backend, number);
      return header === undefined ? null : formatHeader(header);
    }),

    eth_getHeaderByHash: method([HASH], (hash) => {
      const header = chain.getHeaderByHash(hash);
      return header === undefined ? null : formatHeader(header);
    }),

    eth_getBlockTransactionCountByNumber: method([NUMBER], (number) => txCount(blockByNumberOrTag(backend, number))),

    eth_getBlockTransactionCountByHash: method([HASH], (hash) => txCount(chain.getBlockByHash(hash))),

    eth_getBlockReceipts: method([param('block', decodeBlockRef)], (ref) => {
      const block = blockByRef(backend, ref);
      if (block === undefined) return null;
      const receipts = chain.getReceipts(block.hash);
      if (receipts === undefined) return null;
      return formatBlockReceipts(block, receipts, chain.config);
    }),
  };
}
