// The Status handshake, geth's eth handshake over request/response: as soon as a peer connects, each side asks
// the other for its Status and decides whether to keep it (same network, same genesis, ...). What a Status
// holds and what makes two incompatible belongs to the caller; this module only runs the exchange.
import type { ReqResp } from './reqResp.js';

export const STATUS_PROTOCOL = '/tsgeth/status/1';
/** geth's handshakeTimeout. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 5_000;

export interface StatusExchange {
  /** This node's Status, encoded; asked for at every handshake, as the head moves. */
  localStatus(): Uint8Array | Promise<Uint8Array>;
  /** Throws an Error whose message is the reason when the peer's Status rules it out; returns to accept it. */
  checkStatus(remote: Uint8Array, peer: string): void | Promise<void>;
  /** Milliseconds to wait for the peer's Status (default DEFAULT_HANDSHAKE_TIMEOUT_MS). */
  timeoutMs?: number;
}

export class HandshakeError extends Error {
  override name = 'HandshakeError';
  constructor(
    readonly peer: string,
    readonly reason: string,
    /** True when the peer answered and its Status was ruled out; false when no Status came. */
    readonly mismatch: boolean,
  ) {
    super(`handshake with ${peer} failed: ${reason}`);
  }
}

const NO_BYTES = new Uint8Array(0);

export class StatusHandshake {
  constructor(
    private readonly reqResp: ReqResp,
    private readonly exchange: StatusExchange,
  ) {}

  /** Answers the peers' Status requests. */
  async register(): Promise<void> {
    await this.reqResp.handle(STATUS_PROTOCOL, async () => this.exchange.localStatus());
  }

  /** Asks `peer` for its Status and checks it; resolves with the Status, throws a HandshakeError. */
  async run(peer: string): Promise<Uint8Array> {
    let remote: Uint8Array;
    try {
      remote = await this.reqResp.request(peer, STATUS_PROTOCOL, NO_BYTES, {
        timeoutMs: this.exchange.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
      });
    } catch (e) {
      throw new HandshakeError(peer, `no status: ${(e as Error).message}`, false);
    }
    try {
      await this.exchange.checkStatus(remote, peer);
    } catch (e) {
      throw new HandshakeError(peer, e instanceof Error ? e.message : String(e), true);
    }
    return remote;
  }
}
