// The one error family of consensus rules: a header, or a block checked against its header, breaks a rule.
// `field` names what is at fault so callers (the chain's bad-block log, RPC, peer scoring) need not parse text;
// the message follows geth's wording where geth has one.
import type { HeaderFields } from '../core/types/header.js';

/** A header field, or `ommers` for the body's ommer list when no header field is wrong. */
export type ConsensusField = keyof HeaderFields | 'ommers';

export class ConsensusError extends Error {
  readonly field: ConsensusField;

  constructor(field: ConsensusField, message: string) {
    super(message);
    this.name = 'ConsensusError';
    this.field = field;
  }
}
