// Peers are named by their id string (16Uiu2HAm...) everywhere above libp2p; this turns one back into libp2p's
// PeerId where a call needs it, with an error that says what was wrong.
import type { PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';

export class InvalidPeerIdError extends Error {
  override name = 'InvalidPeerIdError';
}

export function toPeerId(peer: PeerId | string): PeerId {
  if (typeof peer !== 'string') return peer;
  try {
    return peerIdFromString(peer);
  } catch (e) {
    throw new InvalidPeerIdError(`invalid peer id ${JSON.stringify(peer)}: ${(e as Error).message}`);
  }
}
