// The fee figures the API derives from headers: a block's blob base fee, the next block's base fees, and what a
// transaction paid per gas.
import { calcBaseFee } from '../consensus/misc/eip1559.js';
import { blobScheduleAt, calcBlobBaseFee, calcExcessBlobGas } from '../consensus/misc/eip4844.js';
import type { Header } from '../core/types/header.js';
import type { Transaction } from '../core/types/transaction.js';
import { isLondon, type ChainConfig } from '../params/chainConfig.js';

/** The blob base fee a block's blob transactions paid; undefined before Cancun. */
export function blobBaseFee(config: ChainConfig, header: Header): bigint | undefined {
  if (header.excessBlobGas === undefined) return undefined;
  const schedule = blobScheduleAt(config, header.timestamp);
  return schedule === undefined ? undefined : calcBlobBaseFee(header.excessBlobGas, schedule);
}

/** The base fee of the block after `parent`; undefined when that block is before London. */
export function nextBaseFee(config: ChainConfig, parent: Header): bigint | undefined {
  if (!isLondon(config, parent.number + 1n)) return undefined;
  return calcBaseFee(parent, isLondon(config, parent.number));
}

/**
 * The blob base fee of the block after `parent`, taking the blob schedule in force at the parent's time (the
 * child's is not known yet); undefined before Cancun.
 */
export function nextBlobBaseFee(config: ChainConfig, parent: Header): bigint | undefined {
  const schedule = blobScheduleAt(config, parent.timestamp);
  if (schedule === undefined) return undefined;
  return calcBlobBaseFee(calcExcessBlobGas(parent, schedule), schedule);
}

/** What the sender paid per gas in a block with `baseFee`: min(tip cap + base fee, fee cap), or the gas price. */
export function effectiveGasPrice(tx: Transaction, baseFee: bigint | undefined): bigint {
  if (baseFee === undefined) return tx.gasFeeCap;
  const price = tx.gasTipCap + baseFee;
  return price < tx.gasFeeCap ? price : tx.gasFeeCap;
}
