// Answers GetBlockHeaders with geth's semantics: from the origin (a hash, or a canonical number) every
// (skip + 1)th header, towards genesis when reversed; the reply ends at the first header that is unknown, at a step
// past uint64 or below genesis, and, walking forward from a hash, as soon as the origin is not canonical (its
// descendants cannot be found by number). Walking back from a side-chain hash follows parent links and jumps by
// number once it reaches the canonical chain; with a skip, at most 100 links per request (geth's maxNonCanonical),
// as each reply header may then cost many lookups.
import { bytesEqual } from '../../common/bytes.js';
import { encodeHeader, type Header } from '../../core/types/header.js';
import type { GetBlockHeaders } from '../wire/blockHeaders.js';
import { DEFAULT_SERVE_LIMITS, ResponseBudget, type ServeLimits } from './responseBudget.js';
import type { ServeChain } from './serveChain.js';

const MAX_UINT64 = (1n << 64n) - 1n;
/** Parent links a skipping reverse walk may follow off the canonical chain per request. */
const MAX_NON_CANONICAL_STEPS = 100;

function isCanonical(chain: ServeChain, header: Header): boolean {
  const canonical = chain.getCanonicalHash(header.number);
  return canonical !== undefined && bytesEqual(canonical, header.hash);
}

export function serveBlockHeaders(
  chain: ServeChain,
  request: GetBlockHeaders,
  limits: ServeLimits = DEFAULT_SERVE_LIMITS,
): Header[] {
  const { origin } = request;
  const byNumber = typeof origin === 'bigint';
  const step = request.skip + 1n;
  let nonCanonicalSteps = MAX_NON_CANONICAL_STEPS;

  /**
   * The ancestor `distance` blocks below `header` (geth's GetAncestor): the parent directly, otherwise parent links
   * until the canonical chain is reached, then a jump by number.
   */
  const ancestor = (header: Header, distance: bigint): Header | undefined => {
    if (distance === 1n) return chain.getHeader(header.parentHash, header.number - 1n);
    let current = header;
    for (;;) {
      if (isCanonical(chain, current)) return chain.getHeaderByNumber(current.number - distance);
      if (nonCanonicalSteps-- <= 0) return undefined;
      const parent = chain.getHeader(current.parentHash, current.number - 1n);
      distance--;
      if (parent === undefined || distance === 0n) return parent;
      current = parent;
    }
  };

  const next = (header: Header): Header | undefined => {
    if (request.reverse) {
      if (header.number < step) return undefined;
      return byNumber ? chain.getHeaderByNumber(header.number - step) : ancestor(header, step);
    }
    const number = header.number + step;
    if (number > MAX_UINT64) return undefined;
    if (!byNumber && !isCanonical(chain, header)) return undefined;
    return chain.getHeaderByNumber(number);
  };

  const budget = new ResponseBudget(
    Math.min(request.amount, limits.maxHeaders),
    limits.softResponseSize,
    limits.maxResponseSize,
  );
  const headers: Header[] = [];
  let header = byNumber ? chain.getHeaderByNumber(origin) : chain.getHeaderByHash(origin);
  while (header !== undefined && budget.open && budget.admit(encodeHeader(header).length)) {
    headers.push(header);
    if (!budget.open) break;
    header = next(header);
  }
  return headers;
}
