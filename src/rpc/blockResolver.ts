// Turning block parameters into headers, blocks and state, with geth's answers for what is missing: lookups of
// blocks and headers give null, methods that need state fail with "header not found".
//
// "pending" is the head: there is no pending block until a miner builds one (geth without a miner answers the
// same). "safe" and "finalized" are whatever the backend names (the head on a dev chain).
import { bytesEqual } from '../common/bytes.js';
import type { StateDB } from '../core/state/stateDb.js';
import type { Block } from '../core/types/block.js';
import type { Header } from '../core/types/header.js';
import type { RpcBackend } from './backend.js';
import type { BlockNumberOrTag, BlockRef } from './blockParam.js';
import { serverError } from './jsonrpc.js';
import { rpcStateCache } from './stateCache.js';

export function headerByNumberOrTag(backend: RpcBackend, n: BlockNumberOrTag): Header | undefined {
  const chain = backend.chain;
  switch (n) {
    case 'latest':
    case 'pending':
      return chain.currentHeader;
    case 'earliest':
      return chain.getHeaderByNumber(0n);
    case 'safe': {
      const header = backend.safeHeader();
      if (header === undefined) throw serverError('safe block not found');
      return header;
    }
    case 'finalized': {
      const header = backend.finalizedHeader();
      if (header === undefined) throw serverError('finalized block not found');
      return header;
    }
    default:
      return chain.getHeaderByNumber(n);
  }
}

export function blockByNumberOrTag(backend: RpcBackend, n: BlockNumberOrTag): Block | undefined {
  if (n === 'latest' || n === 'pending') return backend.chain.currentBlock;
  const header = headerByNumberOrTag(backend, n);
  return header === undefined ? undefined : backend.chain.getBlock(header.hash, header.number);
}

/** The header a reference names; undefined for an unknown block, an error for a non-canonical one it must not be. */
export function headerByRef(backend: RpcBackend, ref: BlockRef): Header | undefined {
  if ('number' in ref) return headerByNumberOrTag(backend, ref.number);
  const header = backend.chain.getHeaderByHash(ref.hash);
  if (header !== undefined && ref.requireCanonical) checkCanonical(backend, header);
  return header;
}

export function blockByRef(backend: RpcBackend, ref: BlockRef): Block | undefined {
  if ('number' in ref) return blockByNumberOrTag(backend, ref.number);
  const header = headerByRef(backend, ref);
  return header === undefined ? undefined : backend.chain.getBlock(header.hash, header.number);
}

function checkCanonical(backend: RpcBackend, header: Header): void {
  const canonical = backend.chain.getCanonicalHash(header.number);
  if (canonical === undefined || !bytesEqual(canonical, header.hash)) {
    throw serverError('hash is not currently canonical');
  }
}

export interface StateAndHeader {
  state: StateDB;
  header: Header;
}

/** The referenced header, for methods that cannot answer null: a missing one is an error. */
export function requireHeader(backend: RpcBackend, ref: BlockRef): Header {
  const header = headerByRef(backend, ref);
  if (header === undefined) throw serverError('number' in ref ? 'header not found' : 'header for hash not found');
  return header;
}

/** The state after the referenced block (edits included), for the methods that read it; over the RPC trie cache. */
export function stateAndHeader(backend: RpcBackend, ref: BlockRef): StateAndHeader {
  const header = requireHeader(backend, ref);
  const { chain } = backend;
  return { state: rpcStateCache(chain.stateDatabase).stateAt(chain.stateRootOf(header)), header };
}
