import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../common/bytes.js';
import { decodeRlp, encodeRlp, RlpError, type RlpItem } from '../../rlp/rlp.js';
import { Block, blockFromRlp, decodeBlock, decodeBody, encodeBlock, encodeBody, type Body } from './block.js';
import { Header, headerFromJson, headerToJson } from './header.js';
import { transactionToBlockItem } from './transaction.js';
import { withdrawalFromJson } from './withdrawal.js';

interface VectorBlock {
  rlp: string;
  blockHeader: { hash: string };
  transactions: { type?: string }[];
  uncleHeaders: unknown[];
  withdrawals?: unknown[];
}
interface VectorTest {
  genesisBlockHeader: { hash: string };
  genesisRLP: string;
  blocks: VectorBlock[];
  lastblockhash: string;
}

const fixture = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), 'utf8'));

const FILES = ['shanghaiExample.json', 'blockWithAllTransactionTypes.json', 'log1_correct.json', 'transType.json'];
const vectorTests = (file: string) => Object.values(fixture(`BlockchainTests/${file}`) as Record<string, VectorTest>);

/** The block of blockWithAllTransactionTypes: legacy, 2930, 1559 and blob transactions, an empty withdrawals list. */
function sampleBlock(): Block {
  return decodeBlock(hexToBytes(vectorTests('blockWithAllTransactionTypes.json')[0]!.blocks[0]!.rlp));
}

describe('BlockchainTests blocks', () => {
  it.each(FILES)('%s: every block decodes, hashes to its header hash and re-encodes to the same bytes', (file) => {
    let blocks = 0;
    for (const test of vectorTests(file)) {
      const genesis = decodeBlock(hexToBytes(test.genesisRLP));
      expect(bytesToHex(genesis.hash)).toBe(test.genesisBlockHeader.hash);
      expect(genesis.header).toEqual(headerFromJson(test.genesisBlockHeader));

      for (const vector of test.blocks) {
        const bytes = hexToBytes(vector.rlp);
        const block = decodeBlock(bytes);
        expect(bytesToHex(block.hash)).toBe(vector.blockHeader.hash);
        expect(headerToJson(block.header)).toEqual(vector.blockHeader);
        expect(encodeBlock(block)).toEqual(bytes);
        expect(block.transactions.map((tx) => tx.type)).toEqual(
          vector.transactions.map((t) => Number(t.type ?? 0)),
        );
        expect(block.ommers).toHaveLength(vector.uncleHeaders.length);
        expect(block.withdrawals).toEqual((vector.withdrawals ?? []).map((w) => withdrawalFromJson(w)));
        blocks++;
      }
      expect(bytesToHex(decodeBlock(hexToBytes(test.blocks.at(-1)!.rlp)).hash)).toBe(test.lastblockhash);
    }
    expect(blocks).toBeGreaterThan(0);
  });

  it('covers every transaction type of Cancun', () => {
    expect(sampleBlock().transactions.map((tx) => tx.type)).toEqual([0, 1, 2, 3]);
  });

  it('reads the body of a vector block on its own', () => {
    const block = sampleBlock();
    const items = decodeRlp(encodeBlock(block)) as RlpItem[];
    const bodyBytes = encodeBody(block.body);
    expect(bodyBytes).toEqual(encodeRlp(items.slice(1)));
    const body = decodeBody(bodyBytes);
    expect(body.transactions.map((tx) => bytesToHex(tx.hash))).toEqual(block.transactions.map((tx) => bytesToHex(tx.hash)));
    expect(body.withdrawals).toEqual([]);
    expect(new Block(block.header, body).hash).toEqual(block.hash);
  });
});

describe('pre-Shanghai and ommer blocks', () => {
  it('decodes the mainnet genesis block (three elements, no withdrawals)', () => {
    const vector = fixture('BasicTests/genesishashestest.json') as { genesis_rlp_hex: string; genesis_hash: string };
    const bytes = hexToBytes(vector.genesis_rlp_hex);
    const block = decodeBlock(bytes);
    expect(bytesToHex(block.hash)).toBe('0x' + vector.genesis_hash);
    expect(block.number).toBe(0n);
    expect(block.withdrawals).toBeUndefined();
    expect(encodeBlock(block)).toEqual(bytes);
  });

  it('round-trips a proof-of-work block with ommers', () => {
    const template = sampleBlock().header;
    const preShanghai = (number: bigint, nonceByte: number) =>
      new Header({
        ...template,
        number,
        difficulty: 131072n,
        nonce: new Uint8Array(8).fill(nonceByte),
        baseFeePerGas: undefined,
        withdrawalsRoot: undefined,
        blobGasUsed: undefined,
        excessBlobGas: undefined,
        parentBeaconBlockRoot: undefined,
      });
    const body: Body = {
      transactions: sampleBlock().transactions.slice(0, 1),
      ommers: [preShanghai(9n, 1), preShanghai(9n, 2)],
    };
    const block = new Block(preShanghai(10n, 3), body);
    const bytes = encodeBlock(block);
    expect((decodeRlp(bytes) as RlpItem[]).length).toBe(3);
    const decoded = decodeBlock(bytes);
    expect(decoded.ommers.map((o) => o.hash)).toEqual(body.ommers.map((o) => o.hash));
    expect(decoded.hash).toEqual(block.hash);
    expect(encodeBlock(decoded)).toEqual(bytes);
    expect(decodeBody(encodeBody(body)).ommers).toEqual(body.ommers);
  });

  it('round-trips a Prague block with withdrawals', () => {
    const header = new Header({ ...sampleBlock().header, requestsHash: new Uint8Array(32).fill(7) });
    const address = new Uint8Array(20).fill(1);
    const withdrawals = [{ index: 5n, validatorIndex: 9n, address, amount: 32n * 10n ** 9n }];
    const block = new Block(header, { transactions: [], ommers: [], withdrawals });
    const decoded = decodeBlock(encodeBlock(block));
    expect(decoded.header.requestsHash).toEqual(new Uint8Array(32).fill(7));
    expect(decoded.withdrawals).toEqual(withdrawals);
    expect(decoded.hash).toEqual(header.hash);
  });
});

describe('strict block decoding', () => {
  const blockItems = () => decodeRlp(encodeBlock(sampleBlock())) as RlpItem[];

  it('rejects truncated input and trailing bytes', () => {
    const bytes = encodeBlock(sampleBlock());
    expect(() => decodeBlock(bytes.subarray(0, bytes.length - 3))).toThrow(RlpError);
    expect(() => decodeBlock(concatBytes(bytes, new Uint8Array([0xc0])))).toThrow('trailing bytes');
    expect(() => decodeBlock(new Uint8Array(0))).toThrow('empty input');
  });

  it('rejects a wrong element count', () => {
    const items = blockItems();
    expect(() => decodeBlock(encodeRlp(items.slice(0, 2)))).toThrow('block: expected 3 or 4 elements, got 2');
    expect(() => decodeBlock(encodeRlp([...items, []]))).toThrow('block: expected 3 or 4 elements, got 5');
    expect(() => decodeBody(encodeRlp([[]]))).toThrow('body: expected 2 or 3 elements, got 1');
    expect(() => decodeBlock(encodeRlp(new Uint8Array(4)))).toThrow('block: expected a list');
  });

  it('rejects withdrawals that disagree with the header', () => {
    const items = blockItems();
    expect(() => decodeBlock(encodeRlp(items.slice(0, 3)))).toThrow(
      'block: header has a withdrawalsRoot but the body has no withdrawals list',
    );
    const genesis = decodeRlp(
      hexToBytes((fixture('BasicTests/genesishashestest.json') as { genesis_rlp_hex: string }).genesis_rlp_hex),
    ) as RlpItem[];
    expect(() => decodeBlock(encodeRlp([...genesis, []]))).toThrow(
      'block: body has a withdrawals list but the header has no withdrawalsRoot',
    );
  });

  it('names the broken part of the body', () => {
    const cases: [number, RlpItem, string][] = [
      [1, new Uint8Array(1).fill(1), 'block transactions: expected a list, got a string'],
      [1, [new Uint8Array([0x05, 0xc0])], 'block transaction 0: invalid transaction encoding'],
      [2, [[]], 'block ommer 0: expected 15 to 21 fields, got 0'],
      [2, new Uint8Array(1).fill(1), 'block ommers: expected a list'],
      [3, [[new Uint8Array([1]), new Uint8Array([2]), new Uint8Array([3])]], 'block withdrawal 0: expected 4 elements, got 3'],
      [3, new Uint8Array(1).fill(1), 'block withdrawals: expected a list'],
      [0, [], 'block header: expected 15 to 21 fields, got 0'],
    ];
    for (const [index, value, message] of cases) {
      const items = blockItems();
      items[index] = value;
      expect(() => decodeBlock(encodeRlp(items)), message).toThrow(message);
    }
  });

  it('keeps the position of a bad transaction among good ones', () => {
    const block = sampleBlock();
    const items = blockItems();
    items[1] = [...block.transactions.map(transactionToBlockItem), new Uint8Array([0x02])] as RlpItem[];
    expect(() => decodeBlock(encodeRlp(items))).toThrow('block transaction 4: invalid transaction encoding');
  });

  it('names the block when decoded inside a larger message', () => {
    expect(() => blockFromRlp([], 'block 12')).toThrow('block 12: expected 3 or 4 elements, got 0');
  });
});
