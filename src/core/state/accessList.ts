// EIP-2929/2930: the addresses and storage slots a transaction has touched (warm) so far. Addresses are keyed by
// their 0x hex form, slots by the 256-bit key itself.

export class AccessList {
  private readonly entries = new Map<string, Set<bigint>>();

  containsAddress(addr: string): boolean {
    return this.entries.has(addr);
  }

  containsSlot(addr: string, slot: bigint): { addressPresent: boolean; slotPresent: boolean } {
    const slots = this.entries.get(addr);
    if (slots === undefined) return { addressPresent: false, slotPresent: false };
    return { addressPresent: true, slotPresent: slots.has(slot) };
  }

  /** Returns true when the address was not yet in the list. */
  addAddress(addr: string): boolean {
    if (this.entries.has(addr)) return false;
    this.entries.set(addr, new Set());
    return true;
  }

  /** Adds the slot (and its address); says which of the two were new. */
  addSlot(addr: string, slot: bigint): { addressAdded: boolean; slotAdded: boolean } {
    let slots = this.entries.get(addr);
    const addressAdded = slots === undefined;
    if (slots === undefined) {
      slots = new Set();
      this.entries.set(addr, slots);
    }
    if (slots.has(slot)) return { addressAdded, slotAdded: false };
    slots.add(slot);
    return { addressAdded, slotAdded: true };
  }

  /** Undo of addAddress; the journal only calls it once the address's slots are gone. */
  deleteAddress(addr: string): void {
    const slots = this.entries.get(addr);
    if (slots !== undefined && slots.size > 0) {
      throw new Error(`access list: cannot remove address ${addr} while it still has slots`);
    }
    this.entries.delete(addr);
  }

  /** Undo of addSlot. */
  deleteSlot(addr: string, slot: bigint): void {
    const slots = this.entries.get(addr);
    if (slots === undefined || !slots.delete(slot)) {
      throw new Error(`access list: slot ${slot} of ${addr} is not in the list`);
    }
  }
}
