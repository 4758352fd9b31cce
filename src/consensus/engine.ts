// The consensus engine contract (geth's consensus.Engine, trimmed): the chain verifies headers and uncles through
// it, and a block builder asks it to fill the engine's header fields and, for engines that seal, to seal.
// Engines see the chain only through ChainHeaderReader, so they never import the chain or the database.
//
// There is no finalize hook: withdrawals are applied by the block processor, and none of our engines pays block
// rewards (proof-of-work execution is not part of this node).
import type { Bytes } from '../common/bytes.js';
import type { Block } from '../core/types/block.js';
import type { Header, HeaderFields } from '../core/types/header.js';
import type { ChainConfig } from '../params/chainConfig.js';

/** What the chain hands an engine: its configuration and read access to stored headers. */
export interface ChainHeaderReader {
  readonly config: ChainConfig;
  /** The header with this hash at this height, canonical or not; undefined when it is not stored. */
  getHeader(hash: Bytes, number: bigint): Header | undefined;
  /** The canonical header at this height. */
  getHeaderByNumber(number: bigint): Header | undefined;
}

export interface Engine {
  /** The account credited for the block: the coinbase, or (clique) the signer recovered from the seal. */
  author(header: Header): Bytes;

  /**
   * Throws a ConsensusError when the header breaks a rule of this engine. `parent` may be given when the caller
   * already has it (a batch of new headers); otherwise it is read from the chain, and a missing one is an
   * "unknown ancestor".
   */
  verifyHeader(chain: ChainHeaderReader, header: Header, parent?: Header): void;

  /** Throws a ConsensusError when the block's ommers break the engine's rules. */
  verifyUncles(chain: ChainHeaderReader, block: Block): void;

  /** Fills the engine's fields (difficulty, nonce, ...) of a header being built, in place. */
  prepare(chain: ChainHeaderReader, header: HeaderFields): void;

  /** The difficulty a child of `parent` made at `time` must have. */
  calcDifficulty(chain: ChainHeaderReader, time: bigint, parent: Header): bigint;

  /** Engines that seal (dev, clique) return the block with its seal; post-merge blocks come sealed already. */
  seal?(chain: ChainHeaderReader, block: Block): Promise<Block>;
}

/**
 * The engine's author of `header` for executing calls on it, or its coinbase when the engine cannot name one (a
 * clique genesis has no seal): geth's EVM context ignores the engine's error in the same way.
 */
export function callAuthor(engine: Pick<Engine, 'author'>, header: Header): Bytes {
  try {
    return engine.author(header);
  } catch {
    return header.coinbase;
  }
}
