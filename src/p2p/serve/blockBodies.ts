// Answers GetBlockBodies: the bodies of the requested blocks that are stored, in request order. Unknown hashes are
// skipped rather than answered with a placeholder, as geth does; the requester matches bodies to its headers.
import type { Bytes } from '../../common/bytes.js';
import { encodeBody, type Body } from '../../core/types/block.js';
import { DEFAULT_SERVE_LIMITS, ResponseBudget, type ServeLimits } from './responseBudget.js';
import type { ServeChain } from './serveChain.js';

export function serveBlockBodies(
  chain: ServeChain,
  hashes: readonly Bytes[],
  limits: ServeLimits = DEFAULT_SERVE_LIMITS,
): Body[] {
  const budget = new ResponseBudget(limits.maxBodies, limits.softResponseSize, limits.maxResponseSize);
  const bodies: Body[] = [];
  for (const hash of hashes) {
    if (!budget.open) break;
    const block = chain.getBlockByHash(hash);
    if (block === undefined) continue;
    const body = block.body;
    if (!budget.admit(encodeBody(body).length)) break;
    bodies.push(body);
  }
  return bodies;
}
