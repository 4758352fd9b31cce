// GetBlockBodies / BlockBodies: bodies by block hash. rlp([hash, ...]) / rlp([[transactions, ommers,
// withdrawals?], ...]), each body as a block carries it (typed transactions as byte strings). The server leaves out
// bodies it does not have, so the requester matches bodies to headers by their roots, not by position.
import type { Bytes } from '../../common/bytes.js';
import { bodyFromRlp, bodyToRlp, type Body } from '../../core/types/block.js';
import { decodeEach, expectBoundedList, wireCodec, type WireCodec } from './codec.js';
import { hashListCodec } from './hashList.js';
import { MAX_BODIES_SERVE } from './limits.js';

export const getBlockBodiesCodec: WireCodec<Bytes[]> = hashListCodec('GetBlockBodies');

export const blockBodiesCodec: WireCodec<Body[]> = wireCodec<Body[]>(
  'BlockBodies',
  (bodies) => bodies.map(bodyToRlp),
  (item) => decodeEach(expectBoundedList(item, 'bodies', MAX_BODIES_SERVE), 'body', bodyFromRlp),
);
