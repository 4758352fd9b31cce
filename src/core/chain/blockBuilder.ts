// Building a block on a parent (what geth's miner worker does around its transaction loop): the header derived
// from the parent (number, gas limit step, base fee, blob excess) and filled by the engine (difficulty, nonce),
// the EIP-4788 system call, transactions applied one at a time, then withdrawals and the roots. Sealing is left to
// the caller (engine.seal), which post-merge blocks do not need.
import { bytesToHex, type Bytes } from '../../common/bytes.js';
import type { ChainHeaderReader, Engine } from '../../consensus/engine.js';
import { calcBaseFee } from '../../consensus/misc/eip1559.js';
import { blobScheduleAt, calcExcessBlobGas, maxBlobGas } from '../../consensus/misc/eip4844.js';
import { calcGasLimit } from '../../consensus/misc/gasLimit.js';
import { EMPTY_TRIE_ROOT, EMPTY_UNCLE_HASH } from '../../crypto/keccak.js';
import { isLondon, type Rules } from '../../params/chainConfig.js';
import { ELASTICITY_MULTIPLIER } from '../../params/protocolFees.js';
import { orderedTrieRoot } from '../../trie/orderedTrieRoot.js';
import { ancestorHashFn, blockRules, newBlockContext } from '../evmContext.js';
import { GasPool } from '../gasPool.js';
import { applyBlockTransaction, applyWithdrawals, emptyTxContext } from '../processor.js';
import type { StateDB } from '../state/stateDb.js';
import type { AppliedTransaction } from '../stateTransition.js';
import { processBeaconBlockRoot } from '../systemCalls.js';
import { Block } from '../types/block.js';
import { bloomOr, createBloom } from '../types/bloom.js';
import { Header, type HeaderFields } from '../types/header.js';
import { encodeReceipt, type Receipt } from '../types/receipt.js';
import { encodeTransaction, type Transaction } from '../types/transaction.js';
import { encodeWithdrawal, type Withdrawal } from '../types/withdrawal.js';
import { Evm } from '../vm/evm.js';

const ZERO_HASH: Bytes = new Uint8Array(32);

/** What the proposer chooses (geth's BuildPayloadArgs, plus the gas limit and extra data of the miner config). */
export interface BlockAttributes {
  /** Must be after the parent's. */
  timestamp: bigint;
  /** Receives the fees. */
  coinbase: Bytes;
  /** The beacon chain's randomness (the header's mixHash after the merge); zero by default. */
  prevRandao?: Bytes;
  /** The gas limit to move towards, one bounded step per block; by default the parent's is kept. */
  gasLimit?: bigint;
  extraData?: Bytes;
  /** From Shanghai on; none by default. */
  withdrawals?: Withdrawal[];
  /** From Cancun on; zero by default. */
  parentBeaconBlockRoot?: Bytes;
}

export interface BuiltBlock {
  block: Block;
  receipts: Receipt[];
}

export class BlockBuilder {
  /** The fields of the header being built (roots and gas used are filled in by finish). */
  readonly fields: HeaderFields;
  readonly rules: Rules;
  private readonly evm: Evm;
  private readonly gasPool: GasPool;
  private readonly maxBlobGas: bigint;
  private readonly transactions: Transaction[] = [];
  private readonly receipts: Receipt[] = [];
  private readonly withdrawals: Withdrawal[] | undefined;
  private gasUsed = 0n;
  private blobGasUsed = 0n;
  private finished = false;

  /** `state` must be the parent's state; the builder changes it as transactions are added. */
  constructor(
    chain: ChainHeaderReader,
    engine: Engine,
    parent: Header,
    private readonly state: StateDB,
    attrs: BlockAttributes,
  ) {
    const config = chain.config;
    if (attrs.timestamp <= parent.timestamp) {
      throw new Error(`block timestamp ${attrs.timestamp} is not after its parent's ${parent.timestamp}`);
    }
    const number = parent.number + 1n;
    const london = isLondon(config, number);
    const parentIsLondon = isLondon(config, parent.number);
    // The first London block doubles the limit: the old limit becomes the gas target.
    const parentGasLimit = london && !parentIsLondon ? parent.gasLimit * ELASTICITY_MULTIPLIER : parent.gasLimit;
    const fields: HeaderFields = {
      parentHash: parent.hash,
      ommersHash: EMPTY_UNCLE_HASH,
      coinbase: attrs.coinbase,
      stateRoot: ZERO_HASH,
      transactionsRoot: EMPTY_TRIE_ROOT,
      receiptsRoot: EMPTY_TRIE_ROOT,
      logsBloom: createBloom(),
      difficulty: 0n,
      number,
      gasLimit: calcGasLimit(parentGasLimit, attrs.gasLimit ?? parentGasLimit),
      gasUsed: 0n,
      timestamp: attrs.timestamp,
      extraData: attrs.extraData ?? new Uint8Array(0),
      mixHash: attrs.prevRandao ?? ZERO_HASH,
      nonce: new Uint8Array(8),
      baseFeePerGas: london ? calcBaseFee(parent, parentIsLondon) : undefined,
    };
    engine.prepare(chain, fields);
    const rules = blockRules(config, fields);
    if (rules.isPrague) throw new Error(`block ${number}: building Prague blocks is not supported`);
    if (rules.isShanghai) {
      this.withdrawals = attrs.withdrawals ?? [];
      fields.withdrawalsRoot = EMPTY_TRIE_ROOT;
    } else if (attrs.withdrawals !== undefined) {
      throw new Error(`block ${number}: withdrawals given but Shanghai is not active`);
    }
    const schedule = rules.isCancun ? blobScheduleAt(config, attrs.timestamp) : undefined;
    if (schedule !== undefined) {
      fields.blobGasUsed = 0n;
      fields.excessBlobGas = calcExcessBlobGas(parent, schedule);
      fields.parentBeaconBlockRoot = attrs.parentBeaconBlockRoot ?? ZERO_HASH;
    }
    this.maxBlobGas = schedule === undefined ? 0n : maxBlobGas(schedule);
    this.fields = fields;
    this.rules = rules;

    const context = newBlockContext(config, fields, attrs.coinbase, ancestorHashFn(fields, chain));
    this.evm = new Evm(context, emptyTxContext(), state, rules);
    if (fields.parentBeaconBlockRoot !== undefined) {
      processBeaconBlockRoot(this.evm, state, fields.parentBeaconBlockRoot);
    }
    this.gasPool = new GasPool(fields.gasLimit);
  }

  /** Gas the block still has for transactions. */
  get gasRemaining(): bigint {
    return this.gasPool.gas;
  }

  get transactionCount(): number {
    return this.transactions.length;
  }

  /**
   * Applies `tx` as the next transaction. Throws a BlockTransactionError when it cannot be included (invalid on
   * this state, or more gas than the block has left), or an Error when its blobs exceed the block's blob gas; the
   * block is unchanged then and other transactions may still be added.
   */
  addTransaction(tx: Transaction): AppliedTransaction {
    this.checkOpen();
    if (tx.blobGas > 0n && this.blobGasUsed + tx.blobGas > this.maxBlobGas) {
      throw new Error(
        `transaction ${bytesToHex(tx.hash)}: blob gas ${tx.blobGas} exceeds what the block has left ` +
          `(${this.maxBlobGas - this.blobGasUsed} of ${this.maxBlobGas})`,
      );
    }
    const index = this.transactions.length;
    const applied = applyBlockTransaction(this.evm, this.state, this.gasPool, tx, index, this.gasUsed);
    this.transactions.push(tx);
    this.receipts.push(applied.receipt);
    this.gasUsed += applied.gasUsed;
    this.blobGasUsed += applied.blobGasUsed;
    return applied;
  }

  /** Applies the withdrawals, computes the roots and returns the block; the builder cannot be used after. */
  finish(): BuiltBlock {
    this.checkOpen();
    this.finished = true;
    if (this.withdrawals !== undefined) applyWithdrawals(this.state, this.withdrawals);
    const logsBloom = createBloom();
    for (const r of this.receipts) bloomOr(logsBloom, r.logsBloom);
    const header = new Header({
      ...this.fields,
      stateRoot: this.state.intermediateRoot(this.rules.isEIP158),
      transactionsRoot: orderedTrieRoot(this.transactions.map(encodeTransaction)),
      receiptsRoot: orderedTrieRoot(this.receipts.map(encodeReceipt)),
      logsBloom,
      gasUsed: this.gasUsed,
      withdrawalsRoot:
        this.withdrawals === undefined ? undefined : orderedTrieRoot(this.withdrawals.map(encodeWithdrawal)),
      blobGasUsed: this.fields.blobGasUsed === undefined ? undefined : this.blobGasUsed,
    });
    const block = new Block(header, { transactions: this.transactions, ommers: [], withdrawals: this.withdrawals });
    return { block, receipts: this.receipts };
  }

  private checkOpen(): void {
    if (this.finished) throw new Error('block builder: the block is already finished');
  }
}

/** Builds a block holding exactly `transactions`; the first that cannot be included throws. */
export function buildBlock(
  chain: ChainHeaderReader,
  engine: Engine,
  parent: Header,
  state: StateDB,
  attrs: BlockAttributes,
  transactions: readonly Transaction[],
): BuiltBlock {
  const builder = new BlockBuilder(chain, engine, parent, state, attrs);
  for (const tx of transactions) builder.addTransaction(tx);
  return builder.finish();
}
