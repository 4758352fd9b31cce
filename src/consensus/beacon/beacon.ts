// The post-merge engine (geth's consensus/beacon): blocks are proposed and sealed by the beacon chain, so the
// execution layer only checks that a header carries the fixed proof-of-stake values (difficulty 0, nonce 0, no
// ommers) and follows its parent. Pre-merge headers go to the engine the chain used before the merge (clique,
// or one that takes proof-of-work history as given), handed to the constructor as geth wraps ethash and clique.
import { bytesEqual, bytesToHex, type Bytes } from '../../common/bytes.js';
import type { Block } from '../../core/types/block.js';
import type { Header, HeaderFields } from '../../core/types/header.js';
import { EMPTY_UNCLE_HASH } from '../../crypto/keccak.js';
import { isMergedAtGenesis, rulesFor, type ChainConfig } from '../../params/chainConfig.js';
import type { ChainHeaderReader, Engine } from '../engine.js';
import { ConsensusError } from '../errors.js';
import { verifyCommonHeader } from '../misc/headerRules.js';

/** The nonce of every proof-of-stake header. */
export const BEACON_NONCE: Bytes = new Uint8Array(8);

/**
 * Whether a header is governed by the post-merge rules. A chain with a terminal total difficulty of zero is merged
 * from genesis, one without any never merges; otherwise, as in geth, a zero difficulty marks a proof-of-stake
 * header. Whether the switch happened at the right total difficulty is the chain's check, not the engine's.
 */
export function isPostMergeHeader(config: ChainConfig, header: Header): boolean {
  if (isMergedAtGenesis(config)) return true;
  return config.terminalTotalDifficulty !== undefined && header.difficulty === 0n;
}

export class BeaconEngine implements Engine {
  readonly #preMerge: Engine | undefined;

  /** `preMerge` verifies and prepares headers before the merge; chains merged from genesis need none. */
  constructor(preMerge?: Engine) {
    this.#preMerge = preMerge;
  }

  author(header: Header): Bytes {
    // No chain config here: a positive difficulty is pre-merge whenever a pre-merge engine exists at all.
    if (header.difficulty > 0n && this.#preMerge !== undefined) return this.#preMerge.author(header);
    return header.coinbase;
  }

  verifyHeader(chain: ChainHeaderReader, header: Header, parent?: Header): void {
    const config = chain.config;
    const p = resolveParent(chain, header, parent);
    if (!isPostMergeHeader(config, header)) {
      // A proof-of-work header cannot follow a proof-of-stake one.
      if (isPostMergeHeader(config, p)) {
        throw new ConsensusError(
          'difficulty',
          `invalid terminal block: difficulty ${header.difficulty} after the merge`,
        );
      }
      this.#requirePreMerge(header.number, header.difficulty).verifyHeader(chain, header, p);
      return;
    }
    if (header.difficulty !== 0n) {
      throw new ConsensusError('difficulty', `invalid difficulty: have ${header.difficulty}, want 0`);
    }
    if (!bytesEqual(header.nonce, BEACON_NONCE)) {
      throw new ConsensusError(
        'nonce',
        `invalid nonce: have ${bytesToHex(header.nonce)}, want ${bytesToHex(BEACON_NONCE)}`,
      );
    }
    if (!bytesEqual(header.ommersHash, EMPTY_UNCLE_HASH)) {
      throw new ConsensusError(
        'ommersHash',
        `invalid uncle hash: have ${bytesToHex(header.ommersHash)}, want ${bytesToHex(EMPTY_UNCLE_HASH)}`,
      );
    }
    verifyCommonHeader(config, rulesFor(config, header.number, true, header.timestamp), p, header);
  }

  verifyUncles(chain: ChainHeaderReader, block: Block): void {
    if (!isPostMergeHeader(chain.config, block.header)) {
      this.#requirePreMerge(block.number, block.header.difficulty).verifyUncles(chain, block);
      return;
    }
    if (block.ommers.length > 0) {
      throw new ConsensusError('ommers', `too many uncles: have ${block.ommers.length}, want 0 after the merge`);
    }
  }

  prepare(chain: ChainHeaderReader, header: HeaderFields): void {
    const parent = chain.getHeader(header.parentHash, header.number - 1n);
    if (parent === undefined) throw unknownAncestor(header.parentHash);
    // A post-merge parent has post-merge children. The child of the terminal proof-of-work block is post-merge
    // too, but only the total difficulty tells that block apart, and building on it is the pre-merge engine's call.
    if (!isPostMergeHeader(chain.config, parent)) {
      this.#requirePreMerge(header.number, parent.difficulty).prepare(chain, header);
      return;
    }
    header.difficulty = 0n;
    header.nonce = new Uint8Array(8);
  }

  calcDifficulty(chain: ChainHeaderReader, time: bigint, parent: Header): bigint {
    if (isPostMergeHeader(chain.config, parent)) return 0n;
    return this.#requirePreMerge(parent.number + 1n, parent.difficulty).calcDifficulty(chain, time, parent);
  }

  #requirePreMerge(number: bigint, difficulty: bigint): Engine {
    if (this.#preMerge === undefined) {
      throw new ConsensusError(
        'difficulty',
        `block ${number} is pre-merge (difficulty ${difficulty}) and no pre-merge engine is configured`,
      );
    }
    return this.#preMerge;
  }
}

function unknownAncestor(parentHash: Bytes): ConsensusError {
  return new ConsensusError('parentHash', `unknown ancestor: ${bytesToHex(parentHash)}`);
}

/** The given parent, checked to be the header's, or the one the chain stores. */
function resolveParent(chain: ChainHeaderReader, header: Header, parent: Header | undefined): Header {
  if (parent !== undefined) {
    if (!bytesEqual(parent.hash, header.parentHash)) {
      throw new ConsensusError(
        'parentHash',
        `unknown ancestor: parentHash ${bytesToHex(header.parentHash)} ` +
          `is not the given parent ${bytesToHex(parent.hash)}`,
      );
    }
    return parent;
  }
  // Genesis has no parent to check against; the chain never verifies it through an engine.
  const found = header.number === 0n ? undefined : chain.getHeader(header.parentHash, header.number - 1n);
  if (found === undefined) throw unknownAncestor(header.parentHash);
  return found;
}
