// Collects the access list a call would want (geth's logger.AccessListTracer): the storage slots it reads or
// writes, per contract, and the accounts it inspects or calls, leaving out the sender, the recipient and the
// precompiles (warm anyway), though slots of the recipient are listed.
import { bigintToFixedBytes, bytesToHex, hexToBytes, type Bytes } from '../common/bytes.js';
import type { AccessList } from '../core/types/accessList.js';
import type { EvmTracer, FrameEnter, StepInfo } from '../core/vm/tracer.js';

const SLOAD = 0x54;
const SSTORE = 0x55;
const BALANCE = 0x31;
const EXTCODESIZE = 0x3b;
const EXTCODECOPY = 0x3c;
const EXTCODEHASH = 0x3f;
const SELFDESTRUCT = 0xff;
const CALL = 0xf1;
const CALLCODE = 0xf2;
const DELEGATECALL = 0xf4;
const STATICCALL = 0xfa;

const ADDRESS_MASK = (1n << 160n) - 1n;

function wordToAddressHex(word: bigint): string {
  return bytesToHex(bigintToFixedBytes(word & ADDRESS_MASK, 20));
}

export class AccessListTracer {
  /** Address (0x hex) to its slots (0x hex, 32 bytes), in the order first seen. */
  private readonly list = new Map<string, Set<string>>();
  private readonly excluded: Set<string>;
  /** The account whose storage the frame at each depth works on. */
  private readonly storageContext: string[] = [];

  /** Starts from `initial` (its excluded addresses only through their slots). */
  constructor(initial: AccessList, excluded: readonly Bytes[]) {
    this.excluded = new Set(excluded.map(bytesToHex));
    for (const entry of initial) {
      const address = bytesToHex(entry.address);
      if (!this.excluded.has(address)) this.addAddress(address);
      for (const key of entry.storageKeys) this.addSlot(address, bytesToHex(key));
    }
  }

  /** The hooks to run the call with. */
  get hooks(): EvmTracer {
    return { onEnter: (frame) => this.onEnter(frame), onStep: (step) => this.onStep(step) };
  }

  accessList(): AccessList {
    return [...this.list].map(([address, slots]) => ({ address: hexToBytes(address), storageKeys: [...slots].map(hexToBytes) }));
  }

  /** Same addresses and slots (order aside). */
  equals(other: AccessListTracer): boolean {
    if (this.list.size !== other.list.size) return false;
    for (const [address, slots] of this.list) {
      const theirs = other.list.get(address);
      if (theirs === undefined || theirs.size !== slots.size) return false;
      for (const slot of slots) if (!theirs.has(slot)) return false;
    }
    return true;
  }

  private onEnter(frame: FrameEnter): void {
    switch (frame.type) {
      case 'DELEGATECALL':
      case 'CALLCODE':
        // The code runs on the caller's account (the tracer's `from` for these).
        this.storageContext[frame.depth] = bytesToHex(frame.from);
        return;
      case 'SELFDESTRUCT':
        return;
      default:
        this.storageContext[frame.depth] = bytesToHex(frame.to);
    }
  }

  private onStep(step: StepInfo): void {
    const { stack, op } = step;
    const top = stack.length - 1;
    if ((op === SLOAD || op === SSTORE) && top >= 0) {
      const account = this.storageContext[step.depth];
      if (account !== undefined) this.addSlot(account, bytesToHex(bigintToFixedBytes(stack[top]!, 32)));
      return;
    }
    if ((op === BALANCE || op === EXTCODESIZE || op === EXTCODECOPY || op === EXTCODEHASH || op === SELFDESTRUCT) && top >= 0) {
      this.addIfIncluded(wordToAddressHex(stack[top]!));
      return;
    }
    if ((op === CALL || op === CALLCODE || op === DELEGATECALL || op === STATICCALL) && top >= 4) {
      this.addIfIncluded(wordToAddressHex(stack[top - 1]!));
    }
  }

  private addIfIncluded(address: string): void {
    if (!this.excluded.has(address)) this.addAddress(address);
  }

  private addAddress(address: string): Set<string> {
    let slots = this.list.get(address);
    if (slots === undefined) {
      slots = new Set();
      this.list.set(address, slots);
    }
    return slots;
  }

  private addSlot(address: string, slot: string): void {
    this.addAddress(address).add(slot);
  }
}
