// The block producer of an engine that seals (clique), as geth's miner worker with its seal loop: whenever the head
// moves it builds a block on the new head from the pool, waits until the engine says the block may be sealed (its
// timestamp; out of turn, a random wiggle on top), seals and imports it. A block arriving from a peer meanwhile
// moves the head, which abandons the wait and starts over on top of it. With a period of 0 (clique's "seal on
// demand") a block is built only when transactions are pending.
import type { Bytes } from '../common/bytes.js';
import { log as rootLog, type Logger } from '../common/log.js';
import { TypedEmitter } from '../common/typedEmitter.js';
import type { ChainHeaderReader, Engine } from '../consensus/engine.js';
import { BlockBuilder } from '../core/chain/blockBuilder.js';
import type { Blockchain } from '../core/chain/blockchain.js';
import type { Block } from '../core/types/block.js';
import type { Header } from '../core/types/header.js';
import { fillBlock, type MinerPool } from './fillBlock.js';

/** An engine that seals blocks and says when a block may be sealed (CliqueEngine). */
export interface SealingEngine extends Engine {
  /** The address this node seals as; it receives the fees of the blocks it builds. */
  readonly signer: Bytes | undefined;
  seal(chain: ChainHeaderReader, block: Block): Promise<Block>;
  /** Milliseconds to wait before sealing `header`. */
  sealDelay(chain: ChainHeaderReader, header: Header, nowMs?: number): number;
  /** Whether this node may seal the child of `parent` now (authorized, not signed too recently). */
  canSealOn(chain: ChainHeaderReader, parent: Header): boolean;
}

export interface SealingMinerOptions {
  chain: Blockchain;
  pool: MinerPool;
  engine: SealingEngine;
  /** Seconds between blocks; 0 builds only when transactions are pending. */
  period: number;
  /** The gas limit the blocks move towards. */
  gasLimit: bigint;
  /** The least tip per gas (wei) a transaction must pay to be included. */
  minTip: bigint;
  /** The clock in milliseconds; injectable for tests. */
  now?: () => number;
  log?: Logger;
}

export interface SealingMinerEvents {
  /** A block this node sealed was imported (the network layer announces it). */
  sealed: Block;
}

const ZERO_ADDRESS: Bytes = new Uint8Array(20);

export class SealingMiner {
  readonly name = 'Miner';
  readonly events = new TypedEmitter<SealingMinerEvents>('Miner event listener failed');
  readonly #options: SealingMinerOptions;
  readonly #log: Logger;
  readonly #now: () => number;
  #unsubscribe: (() => void)[] = [];
  /** The attempt under way; aborted when the head moves or the miner stops. */
  #attempt: AbortController | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = true;

  constructor(options: SealingMinerOptions) {
    if (!Number.isSafeInteger(options.period) || options.period < 0) {
      throw new Error(`block period must be a whole number of seconds, got ${options.period}`);
    }
    this.#options = options;
    this.#log = options.log ?? rootLog;
    this.#now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    const { chain, pool, period } = this.#options;
    this.#unsubscribe.push(chain.events.on('chainHead', () => this.#restart()));
    if (period === 0) this.#unsubscribe.push(pool.events.on('newTxs', () => this.#restartIfIdle()));
    this.#log.info('Miner started', { period, gaslimit: this.#options.gasLimit });
    this.#restart();
  }

  /** Stops sealing; a block being imported is finished first. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#attempt?.abort();
    await this.#running;
  }

  /** Abandons the attempt under way (its head is no longer the head) and starts one on the current head. */
  #restart(): void {
    if (this.#stopped) return;
    this.#attempt?.abort();
    const attempt = new AbortController();
    this.#attempt = attempt;
    // Attempts run one after the other: an import under way finishes before the next one builds.
    this.#running = this.#running.then(() => this.#seal(attempt.signal)).catch((e) => {
      this.#log.error('Failed to seal block', { err: e });
    });
  }

  /** Transactions arrived: worth an attempt only when none is waiting (it would include them anyway). */
  #restartIfIdle(): void {
    if (this.#attempt === undefined || this.#attempt.signal.aborted) this.#restart();
  }

  async #seal(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const { chain, engine, pool, period } = this.#options;
    const parent = chain.currentHeader;
    if (!engine.canSealOn(chain, parent)) {
      this.#log.debug('Not sealing on this head', { number: parent.number + 1n, reason: 'not authorized, or signed recently' });
      this.#done(signal);
      return;
    }
    const nowSeconds = BigInt(Math.floor(this.#now() / 1000));
    const earliest = parent.timestamp + BigInt(period === 0 ? 1 : period);
    const builder = new BlockBuilder(chain, engine, parent, chain.stateAtHeader(parent), {
      timestamp: nowSeconds > earliest ? nowSeconds : earliest,
      coinbase: engine.signer ?? ZERO_ADDRESS,
      gasLimit: this.#options.gasLimit,
    });
    fillBlock(builder, pool, this.#options.minTip, this.#log);
    if (period === 0 && builder.transactionCount === 0) {
      this.#done(signal);
      return;
    }
    const { block } = builder.finish();
    const delay = engine.sealDelay(chain, block.header, this.#now());
    if (!(await sleep(delay, signal))) return;
    const sealed = await engine.seal(chain, block);
    if (signal.aborted) return;
    await chain.insertChain([sealed]);
    this.#log.info('Successfully sealed new block', {
      number: sealed.number,
      sealhash: sealed.hash,
      txs: sealed.transactions.length,
      delay: `${delay}ms`,
    });
    this.events.emit('sealed', sealed);
  }

  /** An attempt that ended without a block leaves the miner idle until the head moves or transactions come. */
  #done(signal: AbortSignal): void {
    if (this.#attempt?.signal === signal) this.#attempt = undefined;
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
