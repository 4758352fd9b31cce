// The byte-addressed memory of one call frame, grown in 32-byte words with the quadratic expansion price.
import type { Bytes } from '../../common/bytes.js';
import { GAS_MEMORY_WORD, GAS_QUAD_COEFF_DIV } from './gasCosts.js';

/**
 * The largest memory a frame may reach. Its price (about 8.8e12 gas) is beyond any real gas limit, so the cap
 * only replaces allocations no machine could make with out-of-gas; it also keeps words * words below 2^53.
 */
export const MAX_MEMORY_SIZE = 2 ** 31;

/** The yellow paper's Cmem: 3 per word plus words^2 / 512. */
export function memoryGasCost(words: number): number {
  return GAS_MEMORY_WORD * words + Math.floor((words * words) / GAS_QUAD_COEFF_DIV);
}

const MAX_MEMORY_BIG = BigInt(MAX_MEMORY_SIZE);

/**
 * The end of the region [offset, offset+size) as a number, 0 for an empty region (which touches no memory
 * whatever its offset), or -1 when it ends beyond MAX_MEMORY_SIZE.
 */
export function regionEnd(offset: bigint, size: bigint): number {
  if (size === 0n) return 0;
  const end = offset + size;
  return end > MAX_MEMORY_BIG ? -1 : Number(end);
}

export class Memory {
  /** Backing store; only [0, size) is the EVM's memory, the rest is zeroed spare capacity. */
  buf: Uint8Array;
  view: DataView;
  /** Current size in bytes, always a multiple of 32. */
  size = 0;
  /** What the current size has cost so far, so growth charges only the difference. */
  private paid = 0;

  constructor(capacity = 4096) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Back to empty, keeping the buffer (frames are pooled per call depth). */
  reset(): void {
    this.buf.fill(0, 0, this.size);
    this.size = 0;
    this.paid = 0;
  }

  /** Gas to grow to cover `end` bytes (0 when it already does); `end` must be at most MAX_MEMORY_SIZE. */
  expansionCost(end: number): number {
    if (end <= this.size) return 0;
    return memoryGasCost(Math.ceil(end / 32)) - this.paid;
  }

  /** Grows to cover `end` bytes (rounded up to a word). The caller has charged expansionCost(end). */
  grow(end: number): void {
    if (end <= this.size) return;
    const words = Math.ceil(end / 32);
    const newSize = words * 32;
    if (newSize > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < newSize) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.size));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.size = newSize;
    this.paid = memoryGasCost(words);
  }

  /** A copy of [offset, offset+size); the region is inside memory. */
  read(offset: number, size: number): Bytes {
    return this.buf.slice(offset, offset + size);
  }

  /** Writes `size` bytes of `src` starting at `srcOffset`, zero-filling what lies past the end of `src`. */
  writePadded(offset: number, src: Bytes, srcOffset: bigint, size: number): void {
    if (size === 0) return;
    const start = srcOffset < BigInt(src.length) ? Number(srcOffset) : src.length;
    const available = Math.min(size, src.length - start);
    if (available > 0) this.buf.set(src.subarray(start, start + available), offset);
    if (available < size) this.buf.fill(0, offset + Math.max(available, 0), offset + size);
  }
}
