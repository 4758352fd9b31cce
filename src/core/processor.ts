// Executing a block on the state of its parent (geth's StateProcessor): the EIP-4788 system call, every
// transaction in order against the block's gas pool, then the withdrawals. The caller checks the outcome against
// the header (validateState) and commits the state.
import { bytesToHex, type Bytes } from '../common/bytes.js';
import type { Engine } from '../consensus/engine.js';
import type { ChainConfig } from '../params/chainConfig.js';
import { blockRules, newBlockContext } from './evmContext.js';
import { GasPool } from './gasPool.js';
import type { StateDB } from './state/stateDb.js';
import { applyTransaction, type AppliedTransaction } from './stateTransition.js';
import { StateTransitionError } from './stateTransitionError.js';
import { processBeaconBlockRoot } from './systemCalls.js';
import type { Block } from './types/block.js';
import type { Log } from './types/log.js';
import type { Receipt } from './types/receipt.js';
import type { Transaction } from './types/transaction.js';
import { TransactionValidationError } from './types/txErrors.js';
import type { Withdrawal } from './types/withdrawal.js';
import { Evm, type TxContext } from './vm/evm.js';

/** Withdrawal amounts are in gwei. */
const WEI_PER_GWEI = 1_000_000_000n;

export interface ProcessResult {
  /** One per transaction, in order. */
  receipts: Receipt[];
  /** Every log of the block, in order. */
  logs: Log[];
  /** Gas used by the transactions (system calls are free). */
  gasUsed: bigint;
  /** EIP-4844 blob gas of the block's transactions. */
  blobGasUsed: bigint;
}

/** A transaction of the block cannot be applied: the whole block is invalid. */
export class BlockTransactionError extends Error {
  constructor(
    readonly txIndex: number,
    readonly txHash: Bytes,
    readonly reason: Error,
  ) {
    super(`could not apply tx ${txIndex} [${bytesToHex(txHash)}]: ${reason.message}`);
    this.name = 'BlockTransactionError';
  }
}

/** The transaction context between transactions (each transaction sets its own). */
export function emptyTxContext(): TxContext {
  return { origin: new Uint8Array(20), gasPrice: 0n, blobHashes: [] };
}

/** Credits each withdrawal's amount (gwei) to its address, as the beacon engine's Finalize does. */
export function applyWithdrawals(state: StateDB, withdrawals: readonly Withdrawal[]): void {
  for (const w of withdrawals) state.addBalance(w.address, w.amount * WEI_PER_GWEI);
}

/**
 * Applies `tx` as the `txIndex`-th transaction of a block, turning a rejection (the transaction is invalid on
 * this state) into a BlockTransactionError; any other exception is a failure of the state itself and passes.
 */
export function applyBlockTransaction(
  evm: Evm,
  state: StateDB,
  gasPool: GasPool,
  tx: Transaction,
  txIndex: number,
  cumulativeGasUsed: bigint,
): AppliedTransaction {
  try {
    return applyTransaction(evm, state, gasPool, tx, txIndex, cumulativeGasUsed);
  } catch (e) {
    if (e instanceof StateTransitionError || e instanceof TransactionValidationError) {
      throw new BlockTransactionError(txIndex, tx.hash, e);
    }
    throw e;
  }
}

export class StateProcessor {
  constructor(
    readonly config: ChainConfig,
    private readonly engine: Pick<Engine, 'author'>,
  ) {}

  /**
   * Runs `block` on `state`, which must be the state of its parent; `getHash` serves BLOCKHASH. Throws a
   * BlockTransactionError for an invalid transaction; `state` is then unusable for anything but throwing away.
   */
  process(block: Block, state: StateDB, getHash: (n: bigint) => Bytes): ProcessResult {
    const { header } = block;
    const rules = blockRules(this.config, header);
    const context = newBlockContext(this.config, header, this.engine.author(header), getHash);
    const evm = new Evm(context, emptyTxContext(), state, rules);
    if (header.parentBeaconBlockRoot !== undefined) processBeaconBlockRoot(evm, state, header.parentBeaconBlockRoot);

    const gasPool = new GasPool(header.gasLimit);
    const receipts: Receipt[] = [];
    const logs: Log[] = [];
    let gasUsed = 0n;
    let blobGasUsed = 0n;
    block.transactions.forEach((tx, i) => {
      const applied = applyBlockTransaction(evm, state, gasPool, tx, i, gasUsed);
      gasUsed += applied.gasUsed;
      blobGasUsed += applied.blobGasUsed;
      receipts.push(applied.receipt);
      logs.push(...applied.receipt.logs);
    });
    if (block.withdrawals !== undefined) applyWithdrawals(state, block.withdrawals);
    return { receipts, logs, gasUsed, blobGasUsed };
  }
}
