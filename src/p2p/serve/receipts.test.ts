import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, type Bytes } from '../../common/bytes.js';
import { Block } from '../../core/types/block.js';
import { Header } from '../../core/types/header.js';
import { encodeReceipt, receiptToRlp, type Receipt } from '../../core/types/receipt.js';
import { EMPTY_TRIE_ROOT } from '../../crypto/keccak.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { receiptsCodec } from '../wire/receipts.js';
import { sampleHeader } from '../wire/testMessages.js';
import { serveReceipts } from './receipts.js';
import { DEFAULT_SERVE_LIMITS } from './responseBudget.js';
import type { ServeChain } from './serveChain.js';
import { servingChain, type ServingChain } from './testServeChain.js';

let s: ServingChain;
beforeAll(async () => {
  s = await servingChain();
});

const UNKNOWN = new Uint8Array(32).fill(0xee);
const show = (blocks: Receipt[][]) => blocks.map((rs) => rs.map((r) => bytesToHex(encodeReceipt(r))));

describe('serveReceipts', () => {
  it("serves each block's receipts in request order", () => {
    const hashes = [s.main[1]!.hash, s.side[0]!.hash, s.main[0]!.hash];
    const blocks = serveReceipts(s.chain, hashes);
    expect(show(blocks)).toEqual(show(hashes.map((h) => s.chain.getReceipts(h)!)));
    expect(blocks.map((rs) => rs.map((r) => [r.type, r.status, r.cumulativeGasUsed]))).toEqual([
      [[2, 1, 21_000n]],
      [[2, 1, 21_000n]],
      [[2, 1, 21_000n]],
    ]);
    expect(show(receiptsCodec.decode(receiptsCodec.encode(blocks)))).toEqual(show(blocks));
  });

  it('skips unknown blocks and serves the empty genesis receipts', () => {
    expect(serveReceipts(s.chain, [UNKNOWN, s.chain.genesis.hash, UNKNOWN])).toEqual([[]]);
    expect(serveReceipts(s.chain, [])).toEqual([]);
  });

  it('applies the count, soft and hard limits', () => {
    const hashes = s.main.map((b) => b.hash);
    expect(serveReceipts(s.chain, hashes)).toHaveLength(12);
    expect(serveReceipts(s.chain, hashes, { ...DEFAULT_SERVE_LIMITS, maxReceipts: 5 })).toHaveLength(5);
    const size = encodeRlp(s.chain.getReceipts(hashes[0]!)!.map(receiptToRlp)).length;
    expect(serveReceipts(s.chain, hashes, { ...DEFAULT_SERVE_LIMITS, softResponseSize: size })).toHaveLength(1);
    expect(serveReceipts(s.chain, hashes, { ...DEFAULT_SERVE_LIMITS, maxResponseSize: 9 + 2 * size })).toHaveLength(2);
    expect(serveReceipts(s.chain, hashes, { ...DEFAULT_SERVE_LIMITS, maxResponseSize: 9 + 2 * size - 1 })).toHaveLength(1);
  });

  it('answers a block without stored receipts with an empty list only when its header commits to none', () => {
    const empty = new Header({ ...sampleHeader(1n), receiptsRoot: EMPTY_TRIE_ROOT });
    const nonEmpty = sampleHeader(2n);
    const headers = new Map([empty, nonEmpty].map((h) => [bytesToHex(h.hash), h]));
    const chain: ServeChain = {
      getHeader: () => undefined,
      getHeaderByHash: (hash: Bytes) => headers.get(bytesToHex(hash)),
      getHeaderByNumber: () => undefined,
      getCanonicalHash: () => undefined,
      getBlockByHash: (hash: Bytes) => {
        const header = headers.get(bytesToHex(hash));
        return header && new Block(header, { transactions: [], ommers: [], withdrawals: [] });
      },
      getReceipts: () => undefined,
    };
    expect(serveReceipts(chain, [nonEmpty.hash, empty.hash, UNKNOWN])).toEqual([[]]);
  });
});
