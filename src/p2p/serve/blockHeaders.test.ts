import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, type Bytes } from '../../common/bytes.js';
import { encodeHeader, Header } from '../../core/types/header.js';
import { blockHeadersCodec, type GetBlockHeaders } from '../wire/blockHeaders.js';
import { MAX_HEADERS_SERVE, MAX_MESSAGE_SIZE, SOFT_RESPONSE_SIZE } from '../wire/limits.js';
import { sampleHeader } from '../wire/testMessages.js';
import { serveBlockHeaders } from './blockHeaders.js';
import { DEFAULT_SERVE_LIMITS } from './responseBudget.js';
import type { ServeChain } from './serveChain.js';
import { servingChain, type ServingChain } from './testServeChain.js';

const MAX_UINT64 = (1n << 64n) - 1n;

let s: ServingChain;
beforeAll(async () => {
  s = await servingChain();
});

const request = (origin: Bytes | bigint, amount: number, skip = 0n, reverse = false): GetBlockHeaders => ({
  origin,
  amount,
  skip,
  reverse,
});
/** Block numbers of the reply, side-branch headers marked with a prime. */
function numbersOf(headers: Header[]): string[] {
  const side = new Set(s.side.map((b) => bytesToHex(b.hash)));
  return headers.map((h) => `${h.number}${side.has(bytesToHex(h.hash)) ? "'" : ''}`);
}
const serve = (r: GetBlockHeaders, limits = DEFAULT_SERVE_LIMITS) => numbersOf(serveBlockHeaders(s.chain, r, limits));
const mainHash = (n: number) => s.main[n - 1]!.hash;
const sideHash = (n: number) => s.side[n - 6]!.hash;

describe('serveBlockHeaders by number', () => {
  it.each<[string, GetBlockHeaders, string[]]>([
    ['a contiguous run', request(3n, 4), ['3', '4', '5', '6']],
    ['from genesis', request(0n, 2), ['0', '1']],
    ['with a skip', request(1n, 4, 2n), ['1', '4', '7', '10']],
    ['reversed with a skip', request(12n, 5, 1n, true), ['12', '10', '8', '6', '4']],
    ['reversed down to genesis', request(2n, 5, 0n, true), ['2', '1', '0']],
    ['reversed, stopping above genesis', request(3n, 5, 1n, true), ['3', '1']],
    ['up to the head only', request(10n, 10), ['10', '11', '12']],
    ['skipping past the head', request(5n, 3, 10n), ['5']],
    ['a skip at the uint64 limit (no wrap-around)', request(1n, 3, MAX_UINT64), ['1']],
    ['a skip one below it', request(1n, 3, MAX_UINT64 - 1n), ['1']],
    ['a reversed skip at the uint64 limit', request(12n, 3, MAX_UINT64, true), ['12']],
    ['an unknown origin', request(13n, 5), []],
    ['an origin past uint64', request(MAX_UINT64, 2), []],
    ['no headers', request(3n, 0), []],
  ])('serves %s', (_name, r, want) => {
    expect(serve(r)).toEqual(want);
  });

  it('returns the canonical headers themselves', () => {
    const headers = serveBlockHeaders(s.chain, request(6n, 3));
    expect(headers.map((h) => bytesToHex(h.hash))).toEqual(s.main.slice(5, 8).map((b) => bytesToHex(b.hash)));
  });
});

describe('serveBlockHeaders by hash', () => {
  it('serves a canonical origin forward, with a skip', () => {
    expect(serve(request(mainHash(3), 3, 1n))).toEqual(['3', '5', '7']);
  });

  it('serves a canonical origin backward, with a skip', () => {
    expect(serve(request(mainHash(9), 4, 2n, true))).toEqual(['9', '6', '3', '0']);
  });

  it('serves the genesis hash', () => {
    expect(serve(request(s.chain.genesis.hash, 2))).toEqual(['0', '1']);
  });

  it('stops after a side-branch origin when walking forward (its descendants are not found by number)', () => {
    expect(serve(request(sideHash(7), 3))).toEqual(["7'"]);
  });

  it('walks back from a side-branch origin through its parents into the canonical chain', () => {
    expect(serve(request(sideHash(8), 5, 0n, true))).toEqual(["8'", "7'", "6'", '5', '4']);
    expect(serve(request(sideHash(8), 3, 1n, true))).toEqual(["8'", "6'", '4']);
    expect(serve(request(sideHash(8), 3, 3n, true))).toEqual(["8'", '4', '0']);
  });

  it('serves nothing for an unknown hash', () => {
    expect(serve(request(new Uint8Array(32).fill(0xee), 5))).toEqual([]);
    expect(serve(request(new Uint8Array(32).fill(0xee), 5, 0n, true))).toEqual([]);
  });

  it('handles the largest skip both ways', () => {
    expect(serve(request(mainHash(4), 3, MAX_UINT64))).toEqual(['4']);
    expect(serve(request(sideHash(8), 3, MAX_UINT64, true))).toEqual(["8'"]);
  });
});

describe('serveBlockHeaders limits', () => {
  const size = (n: bigint) => encodeHeader(s.chain.getHeaderByNumber(n)!).length;

  it('serves at most maxHeaders', () => {
    expect(serve(request(1n, 10), { ...DEFAULT_SERVE_LIMITS, maxHeaders: 4 })).toEqual(['1', '2', '3', '4']);
  });

  it('stops once the reply has passed the soft size, keeping the item that passed it', () => {
    expect(serve(request(1n, 10), { ...DEFAULT_SERVE_LIMITS, softResponseSize: 1 })).toEqual(['1']);
    const two = size(1n) + size(2n);
    expect(serve(request(1n, 10), { ...DEFAULT_SERVE_LIMITS, softResponseSize: two })).toEqual(['1', '2']);
    expect(serve(request(1n, 10), { ...DEFAULT_SERVE_LIMITS, softResponseSize: two + 1 })).toEqual(['1', '2', '3']);
  });

  it('never lets an item take the reply past the hard size', () => {
    const limits = { ...DEFAULT_SERVE_LIMITS, maxResponseSize: 9 + size(1n) + size(2n) + size(3n) - 1 };
    expect(serve(request(1n, 10), limits)).toEqual(['1', '2']);
  });
});

/**
 * A chain of synthetic headers, for sizes and counts the real test chain does not reach; headers from
 * `canonicalLength` on are stored but not canonical.
 */
function fakeChain(
  extraSizes: (n: number) => number,
  length: number,
  canonicalLength = length,
): { chain: ServeChain; headers: Header[] } {
  const headers: Header[] = [];
  for (let n = 0; n < length; n++) {
    const fields = sampleHeader(BigInt(n), new Uint8Array(extraSizes(n)).fill(0xe5));
    headers.push(new Header({ ...fields, parentHash: n === 0 ? new Uint8Array(32) : headers[n - 1]!.hash }));
  }
  const byHash = new Map(headers.map((h) => [bytesToHex(h.hash), h]));
  const canonical = (n: bigint) => (n >= 0n && n < BigInt(canonicalLength) ? headers[Number(n)] : undefined);
  const chain: ServeChain = {
    getHeader: (hash, number) => {
      const h = byHash.get(bytesToHex(hash));
      return h?.number === number ? h : undefined;
    },
    getHeaderByHash: (hash) => byHash.get(bytesToHex(hash)),
    getHeaderByNumber: canonical,
    getCanonicalHash: (n) => canonical(n)?.hash,
    getBlockByHash: () => undefined,
    getReceipts: () => undefined,
  };
  return { chain, headers };
}

describe('serveBlockHeaders default limits', () => {
  it('serves at most 1024 headers', () => {
    const { chain } = fakeChain(() => 0, 1100);
    expect(serveBlockHeaders(chain, request(0n, 1024))).toHaveLength(MAX_HEADERS_SERVE);
    expect(serveBlockHeaders(chain, request(1099n, 1024, 0n, true))).toHaveLength(MAX_HEADERS_SERVE);
  });

  it('stops after passing 2 MiB', () => {
    const { chain } = fakeChain(() => 100_000, 40);
    const headers = serveBlockHeaders(chain, request(0n, 40));
    const itemSize = encodeHeader(headers[0]!).length;
    expect(headers).toHaveLength(Math.ceil(SOFT_RESPONSE_SIZE / itemSize));
    expect(blockHeadersCodec.decode(blockHeadersCodec.encode(headers))).toHaveLength(headers.length);
  });

  it('leaves out a header that would take the reply past 10 MiB', () => {
    const { chain } = fakeChain((n) => (n === 0 ? 1_000_000 : 9_500_000), 3);
    const headers = serveBlockHeaders(chain, request(0n, 3));
    expect(headers.map((h) => h.number)).toEqual([0n]);
    const single = serveBlockHeaders(chain, request(1n, 1));
    expect(single).toHaveLength(1);
    expect(blockHeadersCodec.encode(single).length).toBeLessThanOrEqual(MAX_MESSAGE_SIZE);
  });
});

describe('serveBlockHeaders side-branch walks', () => {
  const { chain, headers: all } = fakeChain(() => 0, 300, 50);

  it('follows parent links one by one without a bound', () => {
    const headers = serveBlockHeaders(chain, request(all[299]!.hash, 1024, 0n, true));
    expect(headers.map((h) => h.number)).toEqual(Array.from({ length: 300 }, (_, i) => BigInt(299 - i)));
  });

  it('follows at most 100 parent links per request when skipping', () => {
    const headers = serveBlockHeaders(chain, request(all[299]!.hash, 1024, 1n, true));
    expect(headers.map((h) => h.number)).toEqual(Array.from({ length: 51 }, (_, i) => BigInt(299 - 2 * i)));
  });

  it('jumps by number once back on the canonical chain', () => {
    const headers = serveBlockHeaders(chain, request(all[52]!.hash, 5, 9n, true));
    expect(headers.map((h) => h.number)).toEqual([52n, 42n, 32n, 22n, 12n]);
  });
});
