import { peerIdFromString } from '@libp2p/peer-id';
import { describe, expect, it } from 'vitest';
import { BanList } from './banList.js';

const PEER = '16Uiu2HAmFzAcpWwksZvDPbaNuLRc9q9hjgHgQh6zH84uHkGHs42p';

describe('BanList', () => {
  it('bans for the given time, then lets the peer back', () => {
    let now = 1_000;
    const bans = new BanList(() => now);
    expect(bans.isBanned(PEER)).toBe(false);
    bans.ban(PEER, 500);
    expect(bans.isBanned(PEER)).toBe(true);
    expect(bans.remaining(PEER)).toBe(500);
    now = 1_499;
    expect(bans.isBanned(PEER)).toBe(true);
    now = 1_500;
    expect(bans.isBanned(PEER)).toBe(false);
    expect(bans.remaining(PEER)).toBe(0);
  });

  it('keeps the longer of two bans', () => {
    const now = 0;
    const bans = new BanList(() => now);
    bans.ban(PEER, 1_000);
    bans.ban(PEER, 10);
    expect(bans.remaining(PEER)).toBe(1_000);
  });

  it('refuses a duration that is not a positive number', () => {
    const bans = new BanList();
    for (const ms of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => bans.ban(PEER, ms)).toThrow(/ban duration must be a positive number of ms/);
    }
  });

  it('gates dials and connections of banned peers only', () => {
    const bans = new BanList();
    const gater = bans.gater();
    const peer = peerIdFromString(PEER);
    expect(gater.denyDialPeer!(peer)).toBe(false);
    bans.ban(peer, 60_000);
    expect(gater.denyDialPeer!(peer)).toBe(true);
    const conn = {} as Parameters<NonNullable<typeof gater.denyInboundEncryptedConnection>>[1];
    expect(gater.denyInboundEncryptedConnection!(peer, conn)).toBe(true);
    expect(gater.denyOutboundEncryptedConnection!(peer, conn)).toBe(true);
  });
});
