// The pool's limits and prices (geth's legacypool.Config and its --txpool.* defaults).
import { bytesToHex, type Bytes } from '../common/bytes.js';
import type { Logger } from '../common/log.js';

export interface TxPoolConfig {
  /** Least tip per gas (wei) a remote transaction must offer (--txpool.pricelimit). */
  priceLimit: bigint;
  /** Percentage both fee cap and tip must rise by for a transaction to replace one of the same nonce. */
  priceBump: number;
  /** Executable transactions per account that the global limit never takes away. */
  accountSlots: number;
  /** Executable transaction slots for all accounts. */
  globalSlots: number;
  /** Non-executable (future nonce) transactions per account. */
  accountQueue: number;
  /** Non-executable transaction slots for all accounts. */
  globalQueue: number;
  /** Milliseconds an account's queued transactions may wait without any of its transactions being promoted. */
  lifetime: number;
  /** Senders whose transactions are always local. */
  locals: readonly Bytes[];
  /** Treat every transaction as remote, whatever its source. */
  noLocals: boolean;
  /** File that keeps local transactions across restarts; none when undefined. */
  journal?: string;
  /** Milliseconds between rewrites of the journal (dropping what is no longer pooled). */
  rejournal: number;
}

const HOUR = 60 * 60 * 1000;

export const DEFAULT_TXPOOL_CONFIG: Readonly<TxPoolConfig> = Object.freeze({
  priceLimit: 1n,
  priceBump: 10,
  accountSlots: 16,
  // geth: 4096 + 1024, urgent + floating capacity of the priced list at its 4:1 ratio
  globalSlots: 5120,
  accountQueue: 64,
  globalQueue: 1024,
  lifetime: 3 * HOUR,
  locals: [],
  noLocals: false,
  rejournal: HOUR,
});

const COUNT_FIELDS = [
  'priceBump',
  'accountSlots',
  'globalSlots',
  'accountQueue',
  'globalQueue',
  'lifetime',
  'rejournal',
] as const;

/** The defaults overridden by `given`, with unworkable values (zero, negative, fractional) put back to the default. */
export function sanitizeConfig(given: Partial<TxPoolConfig>, log: Logger): TxPoolConfig {
  const config: TxPoolConfig = { ...DEFAULT_TXPOOL_CONFIG, ...given };
  if (typeof config.priceLimit !== 'bigint' || config.priceLimit < 1n) {
    const updated = DEFAULT_TXPOOL_CONFIG.priceLimit;
    log.warn('Sanitizing invalid txpool price limit', { provided: config.priceLimit, updated });
    config.priceLimit = DEFAULT_TXPOOL_CONFIG.priceLimit;
  }
  for (const field of COUNT_FIELDS) {
    const value = config[field];
    if (!Number.isSafeInteger(value) || value < 1) {
      log.warn(`Sanitizing invalid txpool ${field}`, { provided: value, updated: DEFAULT_TXPOOL_CONFIG[field] });
      config[field] = DEFAULT_TXPOOL_CONFIG[field];
    }
  }
  const badLocal = config.locals.find((a) => a.length !== 20);
  if (badLocal !== undefined) throw new Error(`txpool local address must be 20 bytes: ${bytesToHex(badLocal)}`);
  return config;
}
