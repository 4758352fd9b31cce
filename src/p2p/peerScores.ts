// Our opinion of each peer, as one number: misbehaviour (a rejected message, junk bytes, a bad response) lowers
// it, and it decays back toward 0 with a half-life so that old sins are forgiven. A peer whose score falls below
// the ban threshold is banned for a while: the `ban` listeners (the network layer) disconnect it, and isBanned
// keeps it out until the ban expires, when it starts again from 0. Scores are computed when read from the last
// value and its time, so no timer runs and a test can drive the clock.
import { log as rootLog, type Logger } from '../common/log.js';
import { TypedEmitter } from '../common/typedEmitter.js';
import { Registry } from '../metrics/registry.js';
import { Verdict } from './verdict.js';

export interface PeerScoresOptions {
  /** Subtracted for each message the validators rejected. */
  rejectPenalty: number;
  /** A peer whose score falls below this (negative) value is banned. */
  banThreshold: number;
  /** How long a ban lasts. */
  banDurationMs: number;
  /** The time in which a score decays halfway back to 0. */
  decayHalfLifeMs: number;
  /** The highest score rewards can build up, so good behaviour cannot bank credit for unlimited misbehaviour. */
  maxScore: number;
  /** Milliseconds since some fixed point (Date.now by default). */
  now: () => number;
  log: Logger;
  registry: Registry;
}

export interface PeerBan {
  peer: string;
  /** The reason of the penalty that took the peer below the threshold. */
  reason: string;
  /** The score that triggered the ban. */
  score: number;
  /** When the ban ends, on the `now` clock. */
  until: number;
}

interface PeerScoreEvents {
  ban: PeerBan;
}

const DEFAULTS = {
  rejectPenalty: 10,
  banThreshold: -50,
  banDurationMs: 30 * 60_000,
  decayHalfLifeMs: 10 * 60_000,
  maxScore: 100,
} as const;

/** Below this magnitude a decayed score counts as 0 and the peer is no longer tracked. */
const NEGLIGIBLE = 0.01;
/** Tracking at least this many peers is allowed before the first sweep of forgotten ones. */
const MIN_SWEEP_SIZE = 256;

export class PeerScores {
  readonly #opts: Omit<PeerScoresOptions, 'log' | 'registry'>;
  readonly #log: Logger;
  readonly #events: TypedEmitter<PeerScoreEvents>;
  readonly #scores = new Map<string, { value: number; at: number }>();
  readonly #bans = new Map<string, number>();
  /** The tracked-peer count at which the next sweep runs, so sweeping costs O(1) amortised per update. */
  #sweepAt = MIN_SWEEP_SIZE;
  readonly #penalties;
  readonly #banCount;

  constructor(options: Partial<PeerScoresOptions> = {}) {
    const opts = { ...DEFAULTS, now: Date.now, ...options };
    checkOptions(opts);
    this.#opts = opts;
    this.#log = options.log ?? rootLog.child({ module: 'peerscores' });
    this.#events = new TypedEmitter<PeerScoreEvents>('peer ban listener failed', this.#log);
    const registry = options.registry ?? new Registry();
    this.#penalties = registry.counter('p2p_peer_penalties_total', 'Penalties given to peers, by reason', ['reason']);
    this.#banCount = registry.counter('p2p_peer_bans_total', 'Peers banned for a low score');
    registry.gaugeFunc('p2p_peers_banned', 'Peers currently banned', () => this.bannedCount);
    registry.gaugeFunc('p2p_peers_scored', 'Peers with a non-zero score or a ban being remembered', () => this.tracked);
  }

  /** Calls `listener` for every ban; the returned function removes it. */
  onBan(listener: (ban: PeerBan) => void): () => void {
    return this.#events.on('ban', listener);
  }

  /** The peer's current score: 0 when unknown or banned (a ban replaces the score). */
  score(peer: string): number {
    return this.#current(peer, this.#opts.now());
  }

  isBanned(peer: string): boolean {
    return this.bannedUntil(peer) !== undefined;
  }

  /** When the peer's ban ends, or undefined when it is not banned. */
  bannedUntil(peer: string): number | undefined {
    const until = this.#bans.get(peer);
    if (until === undefined) return undefined;
    if (until > this.#opts.now()) return until;
    this.#bans.delete(peer);
    return undefined;
  }

  /** Peers currently banned. */
  get bannedCount(): number {
    const now = this.#opts.now();
    let n = 0;
    for (const until of this.#bans.values()) if (until > now) n++;
    return n;
  }

  /** Peers whose score or ban is being remembered (forgotten ones are swept out from time to time). */
  get tracked(): number {
    return this.#scores.size + this.#bans.size;
  }

  /** Feeds back a validation verdict on a message the peer sent: only REJECT costs anything. */
  applyVerdict(peer: string, verdict: Verdict): void {
    if (verdict === Verdict.Reject) this.penalise(peer, this.#opts.rejectPenalty, 'reject');
  }

  /**
   * Lowers the peer's score by `amount` (> 0) for `reason`, banning it when the score falls below the threshold.
   * `reason` labels a metric, so it must come from a fixed vocabulary (e.g. 'reject', 'bad-rlp', 'bad-response').
   * A banned peer is not scored: its ban already runs.
   */
  penalise(peer: string, amount: number, reason: string): void {
    checkAmount('penalty', amount);
    if (this.isBanned(peer)) return;
    const now = this.#opts.now();
    const value = this.#current(peer, now) - amount;
    this.#penalties.inc({ reason });
    if (value < this.#opts.banThreshold) {
      this.#ban(peer, reason, value, now);
    } else {
      this.#set(peer, value, now);
    }
  }

  /** Raises the peer's score by `amount` (> 0), up to the maximum score. A banned peer gains nothing. */
  reward(peer: string, amount: number): void {
    checkAmount('reward', amount);
    if (this.isBanned(peer)) return;
    const now = this.#opts.now();
    this.#set(peer, Math.min(this.#opts.maxScore, this.#current(peer, now) + amount), now);
  }

  #ban(peer: string, reason: string, score: number, now: number): void {
    const until = now + this.#opts.banDurationMs;
    this.#scores.delete(peer);
    this.#bans.set(peer, until);
    this.#banCount.inc();
    this.#log.debug('Banning peer', { peer, reason, score, until });
    this.#sweepIfLarge(now);
    this.#events.emit('ban', { peer, reason, score, until });
  }

  #current(peer: string, now: number): number {
    const entry = this.#scores.get(peer);
    if (entry === undefined) return 0;
    // A clock that steps back (the wall clock can) must not grow the score: count it as no time passed.
    const elapsed = Math.max(0, now - entry.at);
    return entry.value * 2 ** (-elapsed / this.#opts.decayHalfLifeMs);
  }

  #set(peer: string, value: number, now: number): void {
    if (Math.abs(value) < NEGLIGIBLE) {
      this.#scores.delete(peer);
      return;
    }
    this.#scores.set(peer, { value, at: now });
    this.#sweepIfLarge(now);
  }

  /** Forgets decayed scores and expired bans once the maps have doubled since the last sweep. */
  #sweepIfLarge(now: number): void {
    if (this.tracked < this.#sweepAt) return;
    for (const [peer, until] of this.#bans) if (until <= now) this.#bans.delete(peer);
    for (const peer of this.#scores.keys()) {
      if (Math.abs(this.#current(peer, now)) < NEGLIGIBLE) this.#scores.delete(peer);
    }
    this.#sweepAt = Math.max(MIN_SWEEP_SIZE, 2 * this.tracked);
  }
}

function checkOptions(o: Omit<PeerScoresOptions, 'log' | 'registry'>): void {
  const positive = (name: string, v: number): void => {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`peer scores: ${name} must be a positive number, got ${v}`);
  };
  positive('rejectPenalty', o.rejectPenalty);
  positive('banDurationMs', o.banDurationMs);
  positive('decayHalfLifeMs', o.decayHalfLifeMs);
  positive('maxScore', o.maxScore);
  if (!(o.banThreshold < 0) || !Number.isFinite(o.banThreshold)) {
    throw new RangeError(`peer scores: banThreshold must be a negative number, got ${o.banThreshold}`);
  }
}

function checkAmount(what: string, amount: number): void {
  if (!(amount > 0) || !Number.isFinite(amount)) {
    throw new RangeError(`peer scores: a ${what} must be a positive number, got ${amount}`);
  }
}
