// A minimal instant-sealing chain for integration tests, built from the node's own parts: each mine() runs signed
// transactions through applyTransaction in a new block and commits the state to a MemoryStore (so every block
// reopens the state from its root, as a node does), and call() simulates a message on the head state as eth_call
// does. No headers or block bodies: only what execution needs.
import type { Bytes } from '../../src/common/bytes.js';
import { MemoryStore } from '../../src/db/memoryStore.js';
import { rulesFor, type ChainConfig, type Rules } from '../../src/params/chainConfig.js';
import { configForFork } from '../../src/params/forks.js';
import { GasPool } from '../../src/core/gasPool.js';
import type { Message } from '../../src/core/message.js';
import { StateDatabase } from '../../src/core/state/stateDatabase.js';
import { StateDB } from '../../src/core/state/stateDb.js';
import { applyMessage, applyTransaction, type AppliedTransaction, type ExecutionResult } from '../../src/core/stateTransition.js';
import type { Transaction } from '../../src/core/types/transaction.js';
import { Evm, type BlockContext } from '../../src/core/vm/evm.js';

export interface TestChainOptions {
  /** Funded accounts at genesis. */
  alloc: ReadonlyArray<{ address: Bytes; balance: bigint }>;
  chainId?: bigint;
  coinbase?: Bytes;
  baseFee?: bigint;
  gasLimit?: bigint;
  /** Genesis timestamp; each block is 12 s after its parent. */
  genesisTime?: bigint;
}

export interface Head {
  number: bigint;
  time: bigint;
  root: Bytes;
}

export interface CallRequest {
  from: Bytes;
  to: Bytes | undefined;
  data: Bytes;
  value?: bigint;
  gas?: bigint;
}

const BLOCK_TIME = 12n;

export class TestChain {
  readonly config: ChainConfig;
  readonly coinbase: Bytes;
  readonly baseFee: bigint;
  readonly gasLimit: bigint;
  private readonly store = new MemoryStore();
  private readonly db = new StateDatabase(this.store);
  private headBlock: Head;

  constructor(options: TestChainOptions) {
    this.config = configForFork('Cancun', options.chainId ?? 1337n);
    this.coinbase = options.coinbase ?? new Uint8Array(20).fill(0xcb);
    this.baseFee = options.baseFee ?? 1_000_000_000n;
    this.gasLimit = options.gasLimit ?? 30_000_000n;
    const state = new StateDB(this.db);
    for (const a of options.alloc) state.setBalance(a.address, a.balance);
    this.headBlock = { number: 0n, time: options.genesisTime ?? 1_700_000_000n, root: state.commit(this.store, true) };
  }

  get head(): Head {
    return this.headBlock;
  }

  get chainId(): bigint {
    return this.config.chainId;
  }

  /** The state after the head block. */
  state(): StateDB {
    return new StateDB(this.db, this.headBlock.root);
  }

  rulesAt(number: bigint, time: bigint): Rules {
    return rulesFor(this.config, number, true, time);
  }

  blockContext(number: bigint, time: bigint): BlockContext {
    return {
      coinbase: this.coinbase,
      number,
      time,
      gasLimit: this.gasLimit,
      baseFee: this.baseFee,
      prevRandao: new Uint8Array(32).fill(0x5a),
      difficulty: 0n,
      blobBaseFee: 1n,
      getHash: () => new Uint8Array(32),
    };
  }

  /**
   * Mines one block holding `txs`, in order. An invalid transaction throws (from applyTransaction) and the block
   * is dropped, as a block builder would skip it.
   */
  mine(txs: readonly Transaction[]): AppliedTransaction[] {
    const number = this.headBlock.number + 1n;
    const time = this.headBlock.time + BLOCK_TIME;
    const state = this.state();
    const ctx = this.blockContext(number, time);
    const evm = new Evm(ctx, { origin: new Uint8Array(20), gasPrice: 0n, blobHashes: [] }, state, this.rulesAt(number, time));
    const pool = new GasPool(this.gasLimit);
    let cumulative = 0n;
    const applied = txs.map((tx, i) => {
      const r = applyTransaction(evm, state, pool, tx, i, cumulative);
      cumulative = r.receipt.cumulativeGasUsed;
      return r;
    });
    this.headBlock = { number, time, root: state.commit(this.store, true) };
    return applied;
  }

  /**
   * Runs a call on the head state in the head block's context and throws the state away, as geth's eth_call on
   * "latest": no nonce or EOA checks, no fees (zero prices with NoBaseFee), gas 50M unless given.
   */
  call(req: CallRequest): ExecutionResult {
    const { number, time } = this.headBlock;
    const state = this.state();
    const evm = new Evm(
      this.blockContext(number, time),
      { origin: req.from, gasPrice: 0n, blobHashes: [] },
      state,
      this.rulesAt(number, time),
    );
    const gas = req.gas ?? 50_000_000n;
    const msg: Message = {
      from: req.from,
      to: req.to,
      nonce: state.getNonce(req.from),
      value: req.value ?? 0n,
      gasLimit: gas,
      gasPrice: 0n,
      gasFeeCap: 0n,
      gasTipCap: 0n,
      data: req.data,
      accessList: [],
      skipNonceChecks: true,
      skipFromEoaCheck: true,
    };
    return applyMessage(evm, msg, new GasPool(gas), { noBaseFee: true });
  }
}
