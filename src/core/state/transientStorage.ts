// EIP-1153 transient storage: per-account words that live for one transaction and never reach the trie.

export class TransientStorage {
  private readonly accounts = new Map<string, Map<bigint, bigint>>();

  get(addr: string, key: bigint): bigint {
    return this.accounts.get(addr)?.get(key) ?? 0n;
  }

  set(addr: string, key: bigint, value: bigint): void {
    let slots = this.accounts.get(addr);
    if (value === 0n) {
      slots?.delete(key);
      return;
    }
    if (slots === undefined) {
      slots = new Map();
      this.accounts.set(addr, slots);
    }
    slots.set(key, value);
  }
}
