import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../common/bytes.js';
import { logsBloom } from '../core/types/bloom.js';
import type { Log } from '../core/types/log.js';
import { bloomMayMatch, decodeFilterCriteria, logMatches, MAX_FILTER_ADDRESSES } from './logFilter.js';
import { ParamError } from './params.js';

const A = hexToBytes('0x' + 'aa'.repeat(20));
const B = hexToBytes('0x' + 'bb'.repeat(20));
const T1 = hexToBytes('0x' + '11'.repeat(32));
const T2 = hexToBytes('0x' + '22'.repeat(32));
const T3 = hexToBytes('0x' + '33'.repeat(32));
const hex = bytesToHex;

const LOG: Log = { address: A, topics: [T1, T2], data: new Uint8Array([1]) };

describe('decodeFilterCriteria', () => {
  it('reads addresses, topics with wildcards and OR lists, and block bounds', () => {
    const c = decodeFilterCriteria({
      fromBlock: '0x1',
      toBlock: 'latest',
      address: [hex(A), hex(B)],
      topics: [null, [hex(T1), hex(T2)], hex(T3), [hex(T1), null]],
    });
    expect(c.fromBlock).toBe(1n);
    expect(c.toBlock).toBe('latest');
    expect(c.addresses).toEqual([A, B]);
    expect(c.topics).toEqual([[], [T1, T2], [T3], []]);
    expect(decodeFilterCriteria({ address: hex(A) }).addresses).toEqual([A]);
    expect(decodeFilterCriteria({})).toEqual({ addresses: [], topics: [] });
    expect(decodeFilterCriteria({ blockHash: hex(T1) }).blockHash).toEqual(T1);
  });

  it('refuses bad input with a reason', () => {
    const bad = (v: unknown) => () => decodeFilterCriteria(v);
    expect(bad('0x1')).toThrow(/expected an object/);
    expect(bad({ blockHash: hex(T1), fromBlock: '0x1' })).toThrow(/cannot specify both BlockHash and FromBlock\/ToBlock/);
    expect(bad({ address: '0x12' })).toThrow(/address: hex string has length 2, want 40/);
    expect(bad({ address: [hex(A), 5] })).toThrow(/address: item 1: expected a hex string/);
    expect(bad({ address: 7 })).toThrow(/expected an address or an array of addresses/);
    expect(bad({ address: Array(MAX_FILTER_ADDRESSES + 1).fill(hex(A)) })).toThrow(/exceed max addresses/);
    expect(bad({ topics: [null, null, null, null, null] })).toThrow(/exceed max topics/);
    expect(bad({ topics: [hex(A)] })).toThrow(/topics: position 0: hex string has length 40, want 64/);
    expect(bad({ topics: [[hex(T1), 3]] })).toThrow(/position 0: item 1: expected a hex string/);
    expect(bad({ topics: [{}] })).toThrow(/expected null, a topic or an array of topics/);
    expect(bad({ topics: hex(T1) })).toThrow(/expected an array of topics/);
    expect(bad({ fromBlock: 'newest' })).toThrow(/fromBlock/);
    expect(bad({ limit: 1 })).toThrow(/unknown field "limit"/);
    expect(bad({ address: 1 })).toThrow(ParamError);
  });
});

describe('logMatches', () => {
  const match = (v: unknown) => logMatches(LOG, decodeFilterCriteria(v));

  it('matches by address list and topic positions', () => {
    expect(match({})).toBe(true);
    expect(match({ address: hex(A) })).toBe(true);
    expect(match({ address: [hex(B), hex(A)] })).toBe(true);
    expect(match({ address: hex(B) })).toBe(false);
    expect(match({ topics: [hex(T1)] })).toBe(true);
    expect(match({ topics: [hex(T2)] })).toBe(false);
    expect(match({ topics: [null, hex(T2)] })).toBe(true);
    expect(match({ topics: [[hex(T3), hex(T1)], [hex(T2)]] })).toBe(true);
    expect(match({ topics: [[hex(T3)], null] })).toBe(false);
    expect(match({ topics: [[], []] })).toBe(true);
    // More positions than the log has topics never match, even wildcards (geth).
    expect(match({ topics: [null, null, null] })).toBe(false);
  });
});

describe('bloomMayMatch', () => {
  const bloom = logsBloom([LOG]);
  const may = (v: unknown) => bloomMayMatch(bloom, decodeFilterCriteria(v));

  it('rules out blocks that cannot hold a match', () => {
    expect(may({})).toBe(true);
    expect(may({ address: [hex(B), hex(A)], topics: [null, [hex(T3), hex(T2)]] })).toBe(true);
    expect(may({ address: hex(B) })).toBe(false);
    expect(may({ topics: [hex(T3)] })).toBe(false);
  });
});
