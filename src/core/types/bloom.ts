// The 2048-bit log bloom of receipts and headers: every log address and topic sets three bits, each picked by
// the low 11 bits of one of the first three big-endian 16-bit words of its keccak256 hash. Bit 0 is the lowest
// bit of the LAST byte (the filter is one big-endian 2048-bit number).
import type { Bytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import type { Log } from './log.js';

export const BLOOM_BYTE_LENGTH = 256;

export function createBloom(): Bytes {
  return new Uint8Array(BLOOM_BYTE_LENGTH);
}

function checkBloom(bloom: Bytes): void {
  if (bloom.length !== BLOOM_BYTE_LENGTH) {
    throw new Error(`bloom must be ${BLOOM_BYTE_LENGTH} bytes, got ${bloom.length}`);
  }
}

/** Byte index and mask of the k-th (0..2) bit that `hash` selects. */
function bitPosition(hash: Bytes, k: number): [number, number] {
  const bit = ((hash[2 * k]! << 8) | hash[2 * k + 1]!) & 2047;
  return [BLOOM_BYTE_LENGTH - 1 - (bit >> 3), 1 << (bit & 7)];
}

/** Sets the three bits of `data` in `bloom` (in place). */
export function bloomAdd(bloom: Bytes, data: Bytes): void {
  checkBloom(bloom);
  const hash = keccak256(data);
  for (let k = 0; k < 3; k++) {
    const [index, mask] = bitPosition(hash, k);
    bloom[index] = bloom[index]! | mask;
  }
}

/** True when all three bits of `data` are set: `data` may be in the set (false positives are possible). */
export function bloomContains(bloom: Bytes, data: Bytes): boolean {
  checkBloom(bloom);
  const hash = keccak256(data);
  for (let k = 0; k < 3; k++) {
    const [index, mask] = bitPosition(hash, k);
    if ((bloom[index]! & mask) === 0) return false;
  }
  return true;
}

/** ORs `source` into `target` (in place): a block's bloom is the union of its receipts' blooms. */
export function bloomOr(target: Bytes, source: Bytes): void {
  checkBloom(target);
  checkBloom(source);
  for (let i = 0; i < BLOOM_BYTE_LENGTH; i++) target[i] = target[i]! | source[i]!;
}

/** The bloom of a receipt: every log's address and every topic (never the data). */
export function logsBloom(logs: readonly Log[]): Bytes {
  const bloom = createBloom();
  for (const log of logs) {
    bloomAdd(bloom, log.address);
    for (const topic of log.topics) bloomAdd(bloom, topic);
  }
  return bloom;
}
