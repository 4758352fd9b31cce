// eth_feeHistory (geth's gasprice.FeeHistory): per block of a range ending at `newest`, the base fees (and the
// next block's), how full it was, and the tips paid at the given percentiles of its gas.
import type { Block } from '../core/types/block.js';
import type { Header } from '../core/types/header.js';
import type { Receipt } from '../core/types/receipt.js';
import { blobScheduleAt, maxBlobGas } from '../consensus/misc/eip4844.js';
import type { RpcBackend } from './backend.js';
import { blobBaseFee, nextBaseFee, nextBlobBaseFee } from './blockFees.js';
import type { BlockNumberOrTag } from './blockParam.js';
import { headerByNumberOrTag } from './blockResolver.js';
import { invalidParams, serverError } from './jsonrpc.js';

/** Most blocks one query covers (geth's --rpc.feehistory.maxblockhistory / maxheaderhistory). */
export const MAX_FEE_HISTORY = 1024n;
/** Most reward percentiles one query may ask for. */
export const MAX_REWARD_PERCENTILES = 100;

export interface FeeHistory {
  oldestBlock: bigint;
  /** One per block, plus the next block's. */
  baseFeePerGas: bigint[];
  baseFeePerBlobGas: bigint[];
  gasUsedRatio: number[];
  blobGasUsedRatio: number[];
  /** Per block, one tip per percentile; absent when no percentiles were asked for. */
  reward?: bigint[][];
}

function checkPercentiles(percentiles: readonly number[]): void {
  if (percentiles.length > MAX_REWARD_PERCENTILES) {
    throw invalidParams(`invalid reward percentile: over the query limit ${MAX_REWARD_PERCENTILES}`);
  }
  percentiles.forEach((p, i) => {
    if (p < 0 || p > 100) throw invalidParams(`invalid reward percentile: ${p}`);
    if (i > 0 && p <= percentiles[i - 1]!) {
      throw invalidParams(`invalid reward percentile: #${i - 1}:${percentiles[i - 1]} >= #${i}:${p}`);
    }
  });
}

export function feeHistory(
  backend: RpcBackend,
  blockCount: bigint,
  newest: BlockNumberOrTag,
  percentiles: readonly number[],
): FeeHistory {
  checkPercentiles(percentiles);
  const empty: FeeHistory = { oldestBlock: 0n, baseFeePerGas: [], baseFeePerBlobGas: [], gasUsedRatio: [], blobGasUsedRatio: [] };
  if (blockCount < 1n) return empty;
  const head = backend.chain.currentHeader;
  if (typeof newest === 'bigint' && newest > head.number) {
    throw serverError(`request beyond head block: requested ${newest}, head ${head.number}`);
  }
  const last = headerByNumberOrTag(backend, newest);
  if (last === undefined) throw serverError('header not found');
  let count = blockCount > MAX_FEE_HISTORY ? MAX_FEE_HISTORY : blockCount;
  if (count > last.number + 1n) count = last.number + 1n;
  const oldest = last.number + 1n - count;

  const config = backend.chain.config;
  const out: FeeHistory = { ...empty, oldestBlock: oldest };
  if (percentiles.length > 0) out.reward = [];
  for (let n = oldest; n <= last.number; n++) {
    const header = n === last.number ? last : backend.chain.getHeaderByNumber(n);
    if (header === undefined) throw serverError(`header ${n} not found`);
    out.baseFeePerGas.push(header.baseFeePerGas ?? 0n);
    out.baseFeePerBlobGas.push(blobBaseFee(config, header) ?? 0n);
    out.gasUsedRatio.push(Number(header.gasUsed) / Number(header.gasLimit));
    const schedule = blobScheduleAt(config, header.timestamp);
    out.blobGasUsedRatio.push(
      schedule === undefined || header.blobGasUsed === undefined ? 0 : Number(header.blobGasUsed) / Number(maxBlobGas(schedule)),
    );
    if (out.reward !== undefined) out.reward.push(blockRewards(backend, header, percentiles));
  }
  out.baseFeePerGas.push(nextBaseFee(config, last) ?? 0n);
  out.baseFeePerBlobGas.push(nextBlobBaseFee(config, last) ?? 0n);
  return out;
}

/** The tip at each percentile of the block's gas, transactions ordered by tip; zeros for an empty block. */
function blockRewards(backend: RpcBackend, header: Header, percentiles: readonly number[]): bigint[] {
  const block: Block | undefined = backend.chain.getBlock(header.hash, header.number);
  const receipts: Receipt[] | undefined = backend.chain.getReceipts(header.hash);
  if (block === undefined || receipts === undefined) throw serverError(`block ${header.number} not found`);
  if (block.transactions.length === 0) return percentiles.map(() => 0n);
  let previous = 0n;
  const txs = block.transactions.map((tx, i) => {
    const cumulative = receipts[i]!.cumulativeGasUsed;
    const gasUsed = cumulative - previous;
    previous = cumulative;
    return { gasUsed, reward: tx.effectiveGasTip(header.baseFeePerGas) };
  });
  txs.sort((a, b) => (a.reward < b.reward ? -1 : a.reward > b.reward ? 1 : 0));
  const rewards: bigint[] = [];
  let index = 0;
  let sumGasUsed = txs[0]!.gasUsed;
  for (const p of percentiles) {
    const threshold = BigInt(Math.floor((Number(header.gasUsed) * p) / 100));
    while (sumGasUsed < threshold && index < txs.length - 1) {
      index++;
      sumGasUsed += txs[index]!.gasUsed;
    }
    rewards.push(txs[index]!.reward);
  }
  return rewards;
}
