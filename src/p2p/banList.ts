// Peers refused for a while (a failed handshake repeated, a score under the threshold). libp2p consults the
// list through its connection gater, so a banned peer is refused whichever side dials; a ban lapses by itself,
// checked when asked, with no timer to clear.
import type { ConnectionGater, PeerId } from '@libp2p/interface';

export class BanList {
  /** Peer id -> the time (ms since the epoch) its ban ends. */
  readonly #until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Bans `peer` for `ms` milliseconds from now; a longer ban already in place stays. */
  ban(peer: PeerId | string, ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`ban duration must be a positive number of ms, got ${ms}`);
    const key = peer.toString();
    const until = this.now() + ms;
    if ((this.#until.get(key) ?? 0) < until) this.#until.set(key, until);
  }

  /** Milliseconds left of the ban on `peer`, 0 when it is not banned. */
  remaining(peer: PeerId | string): number {
    const key = peer.toString();
    const until = this.#until.get(key);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return left;
    this.#until.delete(key);
    return 0;
  }

  isBanned(peer: PeerId | string): boolean {
    return this.remaining(peer) > 0;
  }

  /** The libp2p connection gater: refuses dials to and connections from banned peers (after the key exchange). */
  gater(): ConnectionGater {
    return {
      denyDialPeer: (peer) => this.isBanned(peer),
      denyInboundEncryptedConnection: (peer) => this.isBanned(peer),
      denyOutboundEncryptedConnection: (peer) => this.isBanned(peer),
    };
  }
}
