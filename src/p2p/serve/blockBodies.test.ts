import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { encodeBody, type Body } from '../../core/types/block.js';
import { blockBodiesCodec } from '../wire/blockBodies.js';
import { serveBlockBodies } from './blockBodies.js';
import { DEFAULT_SERVE_LIMITS } from './responseBudget.js';
import { servingChain, type ServingChain } from './testServeChain.js';

let s: ServingChain;
beforeAll(async () => {
  s = await servingChain();
});

const UNKNOWN = new Uint8Array(32).fill(0xee);
const show = (bodies: Body[]) => bodies.map((b) => bytesToHex(encodeBody(b)));

describe('serveBlockBodies', () => {
  it('serves the stored bodies in request order', () => {
    const blocks = [s.main[2]!, s.main[0]!, s.main[11]!];
    const bodies = serveBlockBodies(s.chain, blocks.map((b) => b.hash));
    expect(show(bodies)).toEqual(show(blocks.map((b) => b.body)));
    expect(bodies.map((b) => b.transactions.length)).toEqual([1, 1, 1]);
    expect(show(blockBodiesCodec.decode(blockBodiesCodec.encode(bodies)))).toEqual(show(bodies));
  });

  it('serves side-branch and genesis bodies too', () => {
    const bodies = serveBlockBodies(s.chain, [s.side[1]!.hash, s.chain.genesis.hash]);
    expect(show(bodies)).toEqual(show([s.side[1]!.body, s.chain.genesis.body]));
  });

  it('skips unknown hashes', () => {
    const bodies = serveBlockBodies(s.chain, [UNKNOWN, s.main[4]!.hash, UNKNOWN]);
    expect(show(bodies)).toEqual(show([s.main[4]!.body]));
    expect(serveBlockBodies(s.chain, [UNKNOWN])).toEqual([]);
    expect(serveBlockBodies(s.chain, [])).toEqual([]);
  });

  it('serves at most maxBodies', () => {
    const hashes = s.main.map((b) => b.hash);
    expect(serveBlockBodies(s.chain, hashes, { ...DEFAULT_SERVE_LIMITS, maxBodies: 3 })).toHaveLength(3);
    expect(serveBlockBodies(s.chain, hashes)).toHaveLength(12);
  });

  it('stops once past the soft size and never passes the hard size', () => {
    const hashes = s.main.map((b) => b.hash);
    const size = encodeBody(s.main[0]!.body).length;
    expect(serveBlockBodies(s.chain, hashes, { ...DEFAULT_SERVE_LIMITS, softResponseSize: 2 * size + 1 })).toHaveLength(3);
    expect(serveBlockBodies(s.chain, hashes, { ...DEFAULT_SERVE_LIMITS, maxResponseSize: 9 + 3 * size - 1 })).toHaveLength(2);
  });
});
