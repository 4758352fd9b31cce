// Test support: a proof-of-work engine that checks no seal (geth's ethash.NewFaker), so tests can build
// pre-merge chains of chosen difficulty and exercise total-difficulty fork choice and the merge transition.
import type { Bytes } from '../../common/bytes.js';
import type { ChainHeaderReader, Engine } from '../../consensus/engine.js';
import { ConsensusError } from '../../consensus/errors.js';
import { verifyPreMergeHeader } from '../../consensus/misc/headerRules.js';
import type { Block } from '../types/block.js';
import type { Header, HeaderFields } from '../types/header.js';

export class FakePowEngine implements Engine {
  /** `difficulty` is what prepare gives new headers; 0 builds the first proof-of-stake block on a terminal one. */
  constructor(readonly difficulty = 1000n) {}

  author(header: Header): Bytes {
    return header.coinbase;
  }

  verifyHeader(chain: ChainHeaderReader, header: Header, parent?: Header): void {
    const p = parent ?? chain.getHeader(header.parentHash, header.number - 1n);
    if (p === undefined) throw new ConsensusError('parentHash', 'unknown ancestor');
    verifyPreMergeHeader(chain.config, p, header);
  }

  verifyUncles(_chain: ChainHeaderReader, block: Block): void {
    if (block.ommers.length > 0) throw new ConsensusError('ommers', 'the fake engine takes no uncles');
  }

  prepare(_chain: ChainHeaderReader, header: HeaderFields): void {
    header.difficulty = this.difficulty;
    header.nonce = new Uint8Array(8);
  }

  calcDifficulty(): bigint {
    return this.difficulty;
  }
}
