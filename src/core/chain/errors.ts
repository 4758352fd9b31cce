// Why the chain refused a block. The import layer (sync, the engine API) tells the cases apart by class: an
// unknown ancestor means "fetch the parents first", anything else under InvalidBlockError means the block is bad.
import { bytesToHex, type Bytes } from '../../common/bytes.js';

/** A block of an insertChain call failed; every block before it (`index` in the list) was kept. */
export class InvalidBlockError extends Error {
  constructor(
    readonly index: number,
    readonly number: bigint,
    readonly hash: Bytes,
    readonly reason: Error,
  ) {
    super(`invalid block #${number} [${bytesToHex(hash)}]: ${reason.message}`);
    this.name = 'InvalidBlockError';
  }
}

/** The block's parent is not stored (geth's ErrUnknownAncestor): the block may be fine, its chain is missing. */
export class UnknownAncestorError extends Error {
  constructor(readonly parentHash: Bytes) {
    super(`unknown ancestor ${bytesToHex(parentHash)}`);
    this.name = 'UnknownAncestorError';
  }
}
