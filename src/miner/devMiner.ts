// The block producer of dev mode (geth's simulated beacon with its miner): builds blocks on the chain head from
// the pool's pending transactions and commits them through the chain's normal import, so a sealed block passes
// exactly the checks an imported one does. With a period of 0 a block is sealed as soon as transactions are
// pending (a burst arriving together goes into one block; whatever did not fit follows in the next); with a
// period of N seconds one is sealed every N seconds, empty or not, as geth does.
//
// Post-merge fields: prevRandao is 32 random bytes per block, as geth's simulated beacon draws it; there are no
// withdrawals (an empty list) and the parent beacon block root is zero, since no beacon chain exists.
import { randomBytes } from 'node:crypto';
import type { Bytes } from '../common/bytes.js';
import { log as rootLog, type Logger } from '../common/log.js';
import { BlockBuilder } from '../core/chain/blockBuilder.js';
import type { Blockchain } from '../core/chain/blockchain.js';
import type { Block } from '../core/types/block.js';
import type { PendingFilter } from '../txpool/txPool.js';
import { fillBlock, type MinerPool } from './fillBlock.js';

export interface DevMinerOptions {
  chain: Blockchain;
  pool: MinerPool;
  /** Receives the fees: the dev account. */
  coinbase: Bytes;
  /** Seconds between blocks; 0 seals when transactions are pending. */
  period: number;
  /** The gas limit the blocks move towards, one bounded step per block. */
  gasLimit: bigint;
  /** The least tip per gas (wei) a transaction must pay to be included; default 1 wei. */
  minTip?: bigint;
  /** The clock in milliseconds (block timestamps); injectable for tests. */
  now?: () => number;
  log?: Logger;
}

const ZERO_HASH: Bytes = new Uint8Array(32);

export class DevMiner {
  readonly name = 'Dev miner';
  readonly #chain: Blockchain;
  readonly #pool: MinerPool;
  readonly #options: DevMinerOptions;
  readonly #log: Logger;
  readonly #now: () => number;
  #unsubscribe: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Set when a block is wanted; a run of the loop clears it before each block. */
  #requested = false;
  #scheduled: NodeJS.Immediate | undefined;
  #loop: Promise<void> | undefined;
  #stopped = true;
  /** Seal when transactions arrive (dev period 0, or evm_setAutomine(true)). */
  #automine: boolean;
  /** Milliseconds between blocks sealed empty or not; 0 for none (dev period, or evm_setIntervalMining). */
  #intervalMs: number;
  /** Whether a pending request may seal an empty block (a tick asked, not only new transactions). */
  #wantEmpty = false;
  /** Seconds added to the clock for block timestamps (evm_increaseTime). */
  #offset = 0n;
  /** The timestamp the next block must have (evm_setNextBlockTimestamp). */
  #nextTimestamp: bigint | undefined;
  /** The last block being sealed, which the next waits for. */
  #sealing: Promise<unknown> = Promise.resolve();

  constructor(options: DevMinerOptions) {
    if (!Number.isSafeInteger(options.period) || options.period < 0) {
      throw new Error(`dev period must be a whole number of seconds, got ${options.period}`);
    }
    if (options.coinbase.length !== 20) throw new Error(`coinbase must be 20 bytes, got ${options.coinbase.length}`);
    this.#chain = options.chain;
    this.#pool = options.pool;
    this.#options = options;
    this.#log = options.log ?? rootLog;
    this.#now = options.now ?? Date.now;
    this.#automine = options.period === 0;
    this.#intervalMs = options.period * 1000;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    this.#applyMode();
    // Transactions pooled before the miner started (a journal) are not announced again.
    if (this.#automine) this.#request(false);
    const { period, coinbase, gasLimit } = this.#options;
    this.#log.info('Dev miner started', { period, coinbase, gaslimit: gasLimit });
  }

  /** Stops sealing; a block being built is finished and committed first. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#applyMode();
    if (this.#scheduled !== undefined) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    await this.#loop;
  }

  get automine(): boolean {
    return this.#automine;
  }

  /** evm_setAutomine: seal as transactions arrive, or only on ticks and explicit requests. */
  setAutomine(on: boolean): void {
    this.#automine = on;
    this.#applyMode();
    if (on) this.#request(false);
    // A request for transactions not yet served is dropped with the mode that made it.
    else if (!this.#wantEmpty) this.#requested = false;
  }

  /** evm_setIntervalMining: a block every `ms` milliseconds, empty or not; 0 stops the ticks. */
  setIntervalMining(ms: number): void {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`mining interval must be a whole number of milliseconds, got ${ms}`);
    this.#intervalMs = ms;
    this.#applyMode();
  }

  /** Seconds added to the clock for block timestamps; snapshots save and restore it. */
  get timeOffset(): bigint {
    return this.#offset;
  }

  set timeOffset(seconds: bigint) {
    this.#offset = seconds;
  }

  /** evm_increaseTime: moves the clock forward by `seconds`; returns the total offset. */
  increaseTime(seconds: bigint): bigint {
    if (seconds < 0n) throw new Error(`cannot move time backwards by ${-seconds} seconds`);
    this.#offset += seconds;
    return this.#offset;
  }

  /** evm_setNextBlockTimestamp: the next block's timestamp, which must be after the head's. */
  setNextBlockTimestamp(timestamp: bigint): void {
    const head = this.#chain.currentHeader.timestamp;
    if (timestamp <= head) throw new Error(`timestamp ${timestamp} is not after the head's (${head})`);
    this.#nextTimestamp = timestamp;
  }

  /** Subscribes to the pool and sets the ticks as the mode says; while stopped, neither. */
  #applyMode(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#stopped) return;
    if (this.#automine) this.#unsubscribe = this.#pool.events.on('newTxs', () => this.#request(false));
    if (this.#intervalMs > 0) this.#timer = setInterval(() => this.#request(true), this.#intervalMs);
  }

  /** Waits until no block is being built or waiting to be. */
  async idle(): Promise<void> {
    while (this.#scheduled !== undefined || this.#loop !== undefined) {
      await (this.#loop ?? new Promise((r) => setImmediate(r)));
    }
  }

  /**
   * Asks for a block. Requests made while one is being built, or within the same event-loop turn, coalesce into
   * one more block after it.
   */
  #request(allowEmpty: boolean): void {
    if (this.#stopped) return;
    this.#requested = true;
    this.#wantEmpty ||= allowEmpty;
    if (this.#loop !== undefined || this.#scheduled !== undefined) return;
    this.#scheduled = setImmediate(() => {
      this.#scheduled = undefined;
      this.#loop = this.#run().finally(() => (this.#loop = undefined));
    });
  }

  async #run(): Promise<void> {
    while (this.#requested && !this.#stopped) {
      this.#requested = false;
      const onDemand = !this.#wantEmpty;
      this.#wantEmpty = false;
      let block: Block | undefined;
      try {
        block = await this.sealBlock({ allowEmpty: !onDemand });
      } catch (e) {
        // Not retried on its own: the next transaction or tick asks again.
        this.#log.error('Failed to seal block', { err: e });
        return;
      }
      // On demand, what did not fit (or arrived meanwhile) goes into the next block. A block without
      // transactions ends the run, so transactions that cannot be included never make it spin.
      if (onDemand && block !== undefined && block.transactions.length > 0) {
        const left = this.#pool.pendingByPriceAndNonce(this.#filter(block.header.baseFeePerGas));
        if (left.peek() !== undefined) this.#requested = true;
      }
    }
  }

  #filter(baseFee: bigint | undefined): PendingFilter {
    return { baseFee, minTip: this.#options.minTip ?? 1n };
  }

  /**
   * Builds a block on the head from the pending transactions and imports it; returns it, or undefined when
   * `allowEmpty` is false and no transaction could be included. A fixed `timestamp` (evm_mine's, or the one
   * evm_setNextBlockTimestamp set) must be after the head's; the clock offset then moves so that later blocks
   * continue from it, as Hardhat does.
   */
  sealBlock(options: { allowEmpty: boolean; timestamp?: bigint } = { allowEmpty: true }): Promise<Block | undefined> {
    // One at a time: a block sealed over RPC (evm_mine) and one of the loop must not both build on the same head.
    const run = this.#sealing.then(() => this.#seal(options));
    this.#sealing = run.catch(() => undefined);
    return run;
  }

  async #seal(options: { allowEmpty: boolean; timestamp?: bigint }): Promise<Block | undefined> {
    const chain = this.#chain;
    const parent = chain.currentHeader;
    const started = performance.now();
    const clock = BigInt(Math.floor(this.#now() / 1000));
    const fixed = options.timestamp ?? this.#nextTimestamp;
    if (fixed !== undefined && fixed <= parent.timestamp) {
      throw new Error(`timestamp ${fixed} is not after the head's (${parent.timestamp})`);
    }
    const now = clock + this.#offset;
    const builder = new BlockBuilder(chain, chain.engine, parent, chain.stateAtHeader(parent), {
      timestamp: fixed ?? (now > parent.timestamp ? now : parent.timestamp + 1n),
      coinbase: this.#options.coinbase,
      prevRandao: new Uint8Array(randomBytes(32)),
      gasLimit: this.#options.gasLimit,
      withdrawals: [],
      parentBeaconBlockRoot: ZERO_HASH,
    });
    fillBlock(builder, this.#pool, this.#options.minTip ?? 1n, this.#log);
    if (builder.transactionCount === 0 && !options.allowEmpty) return undefined;
    const { block } = builder.finish();
    await chain.insertChain([block]);
    if (fixed !== undefined) {
      this.#offset = fixed - clock;
      this.#nextTimestamp = undefined;
    }
    this.#log.debug('Sealed new block', {
      number: block.number,
      hash: block.hash,
      txs: block.transactions.length,
      gas: block.header.gasUsed,
      elapsed: `${(performance.now() - started).toFixed(1)}ms`,
    });
    return block;
  }
}
