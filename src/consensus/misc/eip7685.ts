// EIP-7685 (Prague): the header commits to the execution-layer requests a block produced (deposits, withdrawal and
// consolidation requests) through one hash over the per-request hashes.
import { sha256 } from '@noble/hashes/sha2.js';
import type { Bytes } from '../../common/bytes.js';

/**
 * sha256 of the concatenated sha256 of every request (each is its type byte followed by its data). A request of
 * the type byte alone carries nothing and is left out, so a block without requests hashes the empty string.
 */
export function calcRequestsHash(requests: readonly Bytes[]): Bytes {
  const outer = sha256.create();
  for (const request of requests) {
    if (request.length > 1) outer.update(sha256(request));
  }
  return outer.digest();
}
