// How much one reply may hold: an item count, a soft size after which no further item is looked up, and a hard
// size no reply ever exceeds (an item that would take it over is left out and the reply ends there).
import {
  MAX_BODIES_SERVE,
  MAX_HEADERS_SERVE,
  MAX_MESSAGE_SIZE,
  MAX_POOLED_TRANSACTIONS_SERVE,
  MAX_RECEIPTS_SERVE,
  SOFT_RESPONSE_SIZE,
} from '../wire/limits.js';

export interface ServeLimits {
  maxHeaders: number;
  maxBodies: number;
  maxReceipts: number;
  maxPooledTransactions: number;
  softResponseSize: number;
  maxResponseSize: number;
}

/** geth's serving limits. */
export const DEFAULT_SERVE_LIMITS: Readonly<ServeLimits> = Object.freeze({
  maxHeaders: MAX_HEADERS_SERVE,
  maxBodies: MAX_BODIES_SERVE,
  maxReceipts: MAX_RECEIPTS_SERVE,
  maxPooledTransactions: MAX_POOLED_TRANSACTIONS_SERVE,
  softResponseSize: SOFT_RESPONSE_SIZE,
  maxResponseSize: MAX_MESSAGE_SIZE,
});

/** The longest prefix of the reply's outer RLP list (0xf7 + up to 8 length bytes). */
const LIST_PREFIX_MAX = 9;

export class ResponseBudget {
  #items = 0;
  #bytes = 0;

  constructor(
    private readonly maxItems: number,
    private readonly softSize: number,
    private readonly maxSize: number,
  ) {}

  /** Whether another item may be looked up: below the count and the soft size (the last item may pass it). */
  get open(): boolean {
    return this.#items < this.maxItems && this.#bytes < this.softSize;
  }

  /**
   * Counts an item of `size` encoded bytes; false, counting nothing, when it would take the reply past the hard size.
   */
  admit(size: number): boolean {
    if (LIST_PREFIX_MAX + this.#bytes + size > this.maxSize) return false;
    this.#items++;
    this.#bytes += size;
    return true;
  }
}
