// Account impersonation on a dev chain (anvil_impersonateAccount, hardhat_impersonateAccount): eth_sendTransaction
// from an impersonated address is accepted without its key. The transaction carries a placeholder signature
// (r = the sender's address, s = 1: valid values, distinct per sender, recovering nobody in particular) and the
// chain is told its real sender, which the pool, the block builder, the import and the API then all read.
import { bytesToBigint, bytesToHex, type Bytes } from '../common/bytes.js';
import { Transaction } from '../core/types/transaction.js';
import type { TxData } from '../core/types/txData.js';
import type { Signature } from '../crypto/secp256k1.js';
import type { AccountBackend } from './backend.js';

/** Where impersonated senders are recorded: the Blockchain. */
export interface SenderRegistry {
  registerSender(tx: Transaction, sender: Bytes): void;
}

export class Impersonation implements AccountBackend {
  readonly #accounts = new Set<string>();
  /** anvil_autoImpersonateAccount: every address is impersonated. */
  #everyone = false;

  constructor(
    private readonly keys: AccountBackend | undefined,
    private readonly registry: SenderRegistry,
  ) {}

  impersonate(address: Bytes): void {
    this.#accounts.add(bytesToHex(address));
  }

  stopImpersonating(address: Bytes): void {
    this.#accounts.delete(bytesToHex(address));
  }

  setAutoImpersonate(on: boolean): void {
    this.#everyone = on;
  }

  #impersonated(address: Bytes): boolean {
    return this.#everyone || this.#accounts.has(bytesToHex(address));
  }

  /** Only the unlocked accounts: Hardhat and Anvil do not list impersonated ones either. */
  addresses(): Bytes[] {
    return this.keys?.addresses() ?? [];
  }

  holds(address: Bytes): boolean {
    return (this.keys?.holds(address) ?? false) || this.#impersonated(address);
  }

  signTransaction(from: Bytes, unsigned: TxData): Transaction | undefined {
    const signed = this.keys?.signTransaction(from, unsigned);
    if (signed !== undefined || !this.#impersonated(from)) return signed;
    const placeholder: Signature = { r: bytesToBigint(from), s: 1n, yParity: 0 };
    const tx = new Transaction(unsigned, placeholder);
    this.registry.registerSender(tx, from);
    return tx;
  }

  /** Nothing can be signed for an impersonated account but transactions. */
  signDigest(from: Bytes, digest: Bytes): Signature | undefined {
    return this.keys?.signDigest(from, digest);
  }
}
