// Dynamic gas pieces shared by the instructions that touch memory: expansion and per-word copy prices.
import type { Frame } from './frame.js';
import { regionEnd } from './memory.js';

/**
 * Expansion gas for touching [offset, offset+size), recording the end in f.memNeeded so the interpreter grows
 * memory after charging; -1 when the region ends beyond the memory cap.
 */
export function memoryCost(f: Frame, offset: bigint, size: bigint): number {
  const end = regionEnd(offset, size);
  if (end < 0) return -1;
  if (end > f.memNeeded) f.memNeeded = end;
  return f.memory.expansionCost(f.memNeeded);
}

/** Expansion plus `perWord` for each 32-byte word of `size` (copies, hashing, initcode). */
export function memoryWordCost(f: Frame, offset: bigint, size: bigint, perWord: number): number {
  const cost = memoryCost(f, offset, size);
  if (cost < 0) return -1;
  return cost + perWord * toWords(Number(size));
}

export function toWords(size: number): number {
  return Math.ceil(size / 32);
}
