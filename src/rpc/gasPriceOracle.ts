// Suggesting a priority fee (geth's gasprice.Oracle): the 60th percentile of the lowest tips paid in recent
// blocks. Each block contributes its three lowest tips, leaving out dust tips and the block producer's own
// transactions; a block with nothing to contribute counts as the previous suggestion, and makes the oracle look one
// block further back (up to twice the usual number of blocks). The answer is kept until the head changes.
import { bytesEqual, type Bytes } from '../common/bytes.js';
import type { ChainBackend } from './backend.js';
import { senderOf } from './senderCache.js';

export interface GasPriceOracleConfig {
  /** Recent blocks sampled (--gpo.blocks). */
  blocks: number;
  /** Percentile of the sampled tips suggested (--gpo.percentile). */
  percentile: number;
  /** The suggestion before any block has told otherwise. */
  defaultTip: bigint;
  /** Suggestions are capped here (--gpo.maxprice). */
  maxPrice: bigint;
  /** Tips below this are not sampled (--gpo.ignoreprice). */
  ignorePrice: bigint;
}

const GWEI = 1_000_000_000n;

export const DEFAULT_GPO_CONFIG: Readonly<GasPriceOracleConfig> = Object.freeze({
  blocks: 20,
  percentile: 60,
  defaultTip: GWEI,
  maxPrice: 500n * GWEI,
  ignorePrice: 2n,
});

/** Tips taken from each block. */
const SAMPLES_PER_BLOCK = 3;

export class GasPriceOracle {
  private readonly config: GasPriceOracleConfig;
  private lastHead: Bytes | undefined;
  private lastPrice: bigint;

  constructor(
    private readonly chain: Pick<ChainBackend, 'currentHeader' | 'getBlockByNumber'>,
    config: Partial<GasPriceOracleConfig> = {},
  ) {
    this.config = { ...DEFAULT_GPO_CONFIG, ...config };
    if (this.config.blocks < 1) throw new Error(`gas price oracle: blocks must be at least 1, got ${this.config.blocks}`);
    if (this.config.percentile < 0 || this.config.percentile > 100) {
      throw new Error(`gas price oracle: percentile must be within 0..100, got ${this.config.percentile}`);
    }
    this.lastPrice = this.config.defaultTip;
  }

  /** The priority fee per gas to offer now (eth_maxPriorityFeePerGas). */
  suggestTipCap(): bigint {
    const head = this.chain.currentHeader;
    if (this.lastHead !== undefined && bytesEqual(this.lastHead, head.hash)) return this.lastPrice;
    const { blocks, percentile, maxPrice } = this.config;
    const samples: bigint[] = [];
    let number = head.number;
    let toVisit = blocks;
    let visited = 0;
    while (visited < toVisit && number > 0n) {
      let tips = this.blockTips(number);
      number--;
      visited++;
      if (tips.length === 0) tips = [this.lastPrice];
      // A block that says little: look at one more, within twice the usual depth.
      if (tips.length === 1 && samples.length + 1 + (toVisit - visited) < blocks * 2) toVisit++;
      samples.push(...tips);
    }
    let price = this.lastPrice;
    if (samples.length > 0) {
      samples.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      price = samples[Math.floor(((samples.length - 1) * percentile) / 100)]!;
    }
    if (price > maxPrice) price = maxPrice;
    this.lastHead = head.hash;
    this.lastPrice = price;
    return price;
  }

  /** The lowest tips of block `number`, ascending, as the sampling rules take them. */
  private blockTips(number: bigint): bigint[] {
    const block = this.chain.getBlockByNumber(number);
    if (block === undefined) return [];
    const baseFee = block.header.baseFeePerGas;
    const sorted = block.transactions
      .map((tx) => ({ tx, tip: tx.effectiveGasTip(baseFee) }))
      .sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : 0));
    const tips: bigint[] = [];
    for (const { tx, tip } of sorted) {
      if (tip < this.config.ignorePrice) continue;
      if (bytesEqual(senderOf(tx), block.header.coinbase)) continue;
      tips.push(tip);
      if (tips.length >= SAMPLES_PER_BLOCK) break;
    }
    return tips;
  }
}
