// The next nonce of each account with the pool's executable transactions counted in (geth's noncer): what
// eth_getTransactionCount(addr, 'pending') answers. Accounts the pool has not touched read through to the state.
import { hexToBytes } from '../common/bytes.js';
import type { PoolState } from './poolChain.js';

export class Noncer {
  #nonces = new Map<string, bigint>();

  constructor(private readonly state: PoolState) {}

  /** `key` is the address in hex. */
  get(key: string): bigint {
    let nonce = this.#nonces.get(key);
    if (nonce === undefined) {
      nonce = this.state.getNonce(hexToBytes(key));
      this.#nonces.set(key, nonce);
    }
    return nonce;
  }

  set(key: string, nonce: bigint): void {
    this.#nonces.set(key, nonce);
  }

  /** Lowers the account's nonce to `nonce` (after its transaction of that nonce left the pool). */
  setIfLower(key: string, nonce: bigint): void {
    if (this.get(key) > nonce) this.#nonces.set(key, nonce);
  }

  /** Replaces every tracked nonce; the accounts not in `nonces` read through to the state again. */
  setAll(nonces: Map<string, bigint>): void {
    this.#nonces = nonces;
  }
}
