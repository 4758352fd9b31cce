import { describe, expect, it } from 'vitest';
import { Logger } from '../common/log.js';
import { Registry } from '../metrics/registry.js';
import { PeerScores, type PeerBan, type PeerScoresOptions } from './peerScores.js';
import { Verdict } from './verdict.js';

const MINUTE = 60_000;

class SilentLogger extends Logger {
  override log(): void {}
}

function setup(opts: Partial<PeerScoresOptions> = {}) {
  const clock = { t: 1_000_000 };
  const registry = new Registry();
  const scores = new PeerScores({
    rejectPenalty: 10,
    banThreshold: -50,
    banDurationMs: 30 * MINUTE,
    decayHalfLifeMs: 10 * MINUTE,
    maxScore: 100,
    now: () => clock.t,
    registry,
    log: new SilentLogger(),
    ...opts,
  });
  const bans: PeerBan[] = [];
  scores.onBan((b) => bans.push(b));
  return { clock, registry, scores, bans };
}

describe('PeerScores', () => {
  it('lowers the score by the reject penalty for REJECT only', () => {
    const { scores } = setup();
    expect(scores.score('p')).toBe(0);
    scores.applyVerdict('p', Verdict.Accept);
    scores.applyVerdict('p', Verdict.Ignore);
    expect(scores.score('p')).toBe(0);
    scores.applyVerdict('p', Verdict.Reject);
    expect(scores.score('p')).toBe(-10);
    scores.applyVerdict('p', Verdict.Reject);
    expect(scores.score('p')).toBe(-20);
    expect(scores.score('other')).toBe(0);
  });

  it('decays a score halfway to 0 per half-life, both ways', () => {
    const { scores, clock } = setup();
    scores.penalise('bad', 40, 'bad-response');
    scores.reward('good', 40);
    clock.t += 10 * MINUTE;
    expect(scores.score('bad')).toBeCloseTo(-20, 9);
    expect(scores.score('good')).toBeCloseTo(20, 9);
    clock.t += 20 * MINUTE;
    expect(scores.score('bad')).toBeCloseTo(-5, 9);
    // A later penalty adds to the decayed value, not to the original one.
    scores.penalise('bad', 10, 'bad-response');
    expect(scores.score('bad')).toBeCloseTo(-15, 9);
  });

  it('forgets a score that has decayed to nothing', () => {
    const { scores, clock } = setup();
    scores.penalise('p', 1, 'junk');
    expect(scores.tracked).toBe(1);
    clock.t += 200 * MINUTE;
    scores.reward('p', 0.001); // the decayed score plus this is negligible
    expect(scores.score('p')).toBe(0);
    expect(scores.tracked).toBe(0);
  });

  it('does not grow a score when the clock steps back', () => {
    const { scores, clock } = setup();
    scores.penalise('p', 30, 'junk');
    clock.t -= 5 * MINUTE;
    expect(scores.score('p')).toBe(-30);
  });

  it('bans a peer that falls below the threshold, once, until the ban expires', () => {
    const { scores, clock, bans } = setup();
    for (let i = 0; i < 5; i++) scores.applyVerdict('p', Verdict.Reject);
    expect(scores.score('p')).toBe(-50); // at the threshold, not below it
    expect(scores.isBanned('p')).toBe(false);
    expect(bans).toEqual([]);

    scores.applyVerdict('p', Verdict.Reject);
    const until = clock.t + 30 * MINUTE;
    expect(bans).toEqual([{ peer: 'p', reason: 'reject', score: -60, until }]);
    expect(scores.isBanned('p')).toBe(true);
    expect(scores.bannedUntil('p')).toBe(until);
    expect(scores.score('p')).toBe(0);
    expect(scores.isBanned('q')).toBe(false);

    // More misbehaviour while banned neither bans again nor extends the ban; rewards do nothing either.
    scores.penalise('p', 1000, 'junk');
    scores.reward('p', 50);
    expect(bans).toHaveLength(1);
    expect(scores.bannedUntil('p')).toBe(until);
    expect(scores.score('p')).toBe(0);

    clock.t = until - 1;
    expect(scores.isBanned('p')).toBe(true);
    clock.t = until;
    expect(scores.isBanned('p')).toBe(false);
    expect(scores.bannedUntil('p')).toBeUndefined();
    // A fresh start: one more reject does not ban it again.
    scores.applyVerdict('p', Verdict.Reject);
    expect(scores.score('p')).toBe(-10);
    expect(scores.isBanned('p')).toBe(false);
  });

  it('bans at once for a penalty bigger than the threshold', () => {
    const { scores, bans } = setup();
    scores.penalise('p', 100, 'bad-rlp');
    expect(scores.isBanned('p')).toBe(true);
    expect(bans.map((b) => [b.peer, b.reason, b.score])).toEqual([['p', 'bad-rlp', -100]]);
  });

  it('lets decay save a peer that misbehaves slowly', () => {
    const { scores, clock } = setup();
    for (let i = 0; i < 20; i++) {
      scores.applyVerdict('p', Verdict.Reject);
      clock.t += 10 * MINUTE; // halves the score between rejects: it never passes -20
    }
    expect(scores.isBanned('p')).toBe(false);
    expect(scores.score('p')).toBeGreaterThan(-20);
  });

  it('caps rewards at the maximum score, and a reward offsets penalties', () => {
    const { scores } = setup();
    scores.reward('p', 70);
    scores.reward('p', 70);
    expect(scores.score('p')).toBe(100);
    for (let i = 0; i < 15; i++) scores.applyVerdict('p', Verdict.Reject);
    expect(scores.score('p')).toBe(-50);
    expect(scores.isBanned('p')).toBe(false);
  });

  it('keeps calling the other ban listeners when one throws, and stops calling a removed one', () => {
    const { scores } = setup();
    const seen: string[] = [];
    scores.onBan(() => {
      throw new Error('listener broke');
    });
    const off = scores.onBan((b) => seen.push(b.peer));
    scores.penalise('a', 100, 'junk');
    off();
    scores.penalise('b', 100, 'junk');
    expect(seen).toEqual(['a']);
    expect(scores.isBanned('b')).toBe(true);
  });

  it('reports penalties, bans and banned peers as metrics', () => {
    const { scores, registry, clock } = setup();
    scores.applyVerdict('a', Verdict.Reject);
    scores.penalise('a', 5, 'bad-response');
    scores.penalise('b', 100, 'bad-rlp');
    const text = registry.exposition();
    expect(text).toContain('p2p_peer_penalties_total{reason="reject"} 1');
    expect(text).toContain('p2p_peer_penalties_total{reason="bad-response"} 1');
    expect(text).toContain('p2p_peer_penalties_total{reason="bad-rlp"} 1');
    expect(text).toContain('p2p_peer_bans_total 1');
    expect(text).toContain('p2p_peers_banned 1');
    expect(text).toContain('p2p_peers_scored 2');
    clock.t += 30 * MINUTE;
    expect(registry.exposition()).toContain('p2p_peers_banned 0');
  });

  it('sweeps forgotten peers so that many short-lived peers do not pile up', () => {
    const { scores, clock } = setup();
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 200; i++) scores.penalise(`peer-${round}-${i}`, 100, 'junk'); // banned
      for (let i = 0; i < 200; i++) scores.penalise(`slow-${round}-${i}`, 1, 'junk');
      clock.t += 300 * MINUTE; // bans expire, scores decay to nothing
    }
    // 4000 peers went through; only the last rounds can still be remembered.
    expect(scores.tracked).toBeLessThanOrEqual(1024);
    expect(scores.bannedCount).toBe(0);
  });

  it('rejects bad options and bad amounts with clear errors', () => {
    expect(() => setup({ rejectPenalty: 0 })).toThrow('peer scores: rejectPenalty must be a positive number, got 0');
    expect(() => setup({ banDurationMs: -1 })).toThrow(/banDurationMs must be a positive number/);
    expect(() => setup({ decayHalfLifeMs: NaN })).toThrow(/decayHalfLifeMs must be a positive number/);
    expect(() => setup({ maxScore: Infinity })).toThrow(/maxScore must be a positive number/);
    expect(() => setup({ banThreshold: 0 })).toThrow('peer scores: banThreshold must be a negative number, got 0');
    expect(() => setup({ banThreshold: -Infinity })).toThrow(/banThreshold must be a negative number/);

    const { scores } = setup();
    expect(() => scores.penalise('p', -5, 'junk')).toThrow('peer scores: a penalty must be a positive number, got -5');
    expect(() => scores.penalise('p', NaN, 'junk')).toThrow(/a penalty must be a positive number/);
    expect(() => scores.reward('p', 0)).toThrow('peer scores: a reward must be a positive number, got 0');
    expect(scores.score('p')).toBe(0);
  });

  it('registers its metrics once per registry', () => {
    const registry = new Registry();
    new PeerScores({ registry });
    expect(() => new PeerScores({ registry })).toThrow(/already registered/);
  });
});
