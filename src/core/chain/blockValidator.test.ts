import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { ConsensusError } from '../../consensus/errors.js';
import { calcRequestsHash } from '../../consensus/misc/eip7685.js';
import { EMPTY_TRIE_ROOT } from '../../crypto/keccak.js';
import { configForFork } from '../../params/forks.js';
import { orderedTrieRoot } from '../../trie/orderedTrieRoot.js';
import { Block, decodeBlock } from '../types/block.js';
import { logsBloom } from '../types/bloom.js';
import { Header, headerFromJson, type HeaderFields } from '../types/header.js';
import type { Receipt } from '../types/receipt.js';
import { encodeTransaction, Transaction } from '../types/transaction.js';
import { BLOB_TX_TYPE } from '../types/txData.js';
import { validateBody, validateState } from './blockValidator.js';

interface FixtureTest {
  genesisBlockHeader: unknown;
  blocks: { rlp: string }[];
}

function fixtureBlocks(name: string): { genesis: Header; blocks: Block[] } {
  const url = new URL(`../../../test/fixtures/BlockchainTests/${name}.json`, import.meta.url);
  const test = Object.values(JSON.parse(readFileSync(url, 'utf8')) as Record<string, FixtureTest>)[0]!;
  return { genesis: headerFromJson(test.genesisBlockHeader), blocks: test.blocks.map((b) => decodeBlock(hexToBytes(b.rlp))) };
}

const CANCUN = configForFork('Cancun');
const FIXTURES = ['blockWithAllTransactionTypes', 'log1_correct', 'shanghaiExample', 'transType'];

function withHeader(block: Block, changes: Partial<HeaderFields>): Block {
  return new Block(new Header({ ...block.header, ...changes }), block.body);
}

function expectConsensusError(fn: () => unknown, field: string, message: string | RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ConsensusError);
  expect((caught as ConsensusError).field).toBe(field);
  if (typeof message === 'string') expect((caught as ConsensusError).message).toBe(message);
  else expect((caught as ConsensusError).message).toMatch(message);
}

/** Receipts of transfers that each used 21000 gas, succeeded and logged nothing. */
function transferReceipts(block: Block): Receipt[] {
  return block.transactions.map((tx, i) => ({
    type: tx.type,
    status: 1,
    cumulativeGasUsed: 21_000n * BigInt(i + 1),
    logsBloom: new Uint8Array(256),
    logs: [],
  }));
}

describe('validateBody', () => {
  it.each(FIXTURES)('accepts the bodies of %s', (name) => {
    for (const block of fixtureBlocks(name).blocks) validateBody(CANCUN, block);
  });

  it('rejects a body whose transactions are not the header\'s', () => {
    const block = fixtureBlocks('transType').blocks[0]!;
    const tampered = new Block(block.header, { ...block.body, transactions: block.transactions.slice(1) });
    const calculated = orderedTrieRoot(tampered.transactions.map(encodeTransaction));
    expectConsensusError(
      () => validateBody(CANCUN, tampered),
      'transactionsRoot',
      `transaction root hash mismatch (header value ${bytesToHex(block.header.transactionsRoot)}, calculated ${bytesToHex(calculated)})`,
    );
    // Reordering changes the root as well.
    const reordered = new Block(block.header, { ...block.body, transactions: [...block.transactions].reverse() });
    expectConsensusError(() => validateBody(CANCUN, reordered), 'transactionsRoot', /^transaction root hash mismatch/);
  });

  it('rejects a body whose withdrawals are not the header\'s', () => {
    const block = fixtureBlocks('shanghaiExample').blocks[0]!;
    expect(block.withdrawals).toHaveLength(1);
    const tampered = new Block(block.header, { ...block.body, withdrawals: [] });
    expectConsensusError(
      () => validateBody(CANCUN, tampered),
      'withdrawalsRoot',
      `withdrawals root hash mismatch (header value ${bytesToHex(block.header.withdrawalsRoot!)}, calculated ${bytesToHex(EMPTY_TRIE_ROOT)})`,
    );
    const changed = new Block(block.header, { ...block.body, withdrawals: [{ ...block.withdrawals![0]!, amount: 1n }] });
    expectConsensusError(() => validateBody(CANCUN, changed), 'withdrawalsRoot', /^withdrawals root hash mismatch/);
  });

  it('rejects ommers the header does not commit to', () => {
    const { genesis, blocks } = fixtureBlocks('shanghaiExample');
    const tampered = new Block(blocks[0]!.header, { ...blocks[0]!.body, ommers: [genesis] });
    expectConsensusError(() => validateBody(CANCUN, tampered), 'ommersHash', /^uncle root hash mismatch \(header value 0x1dcc4de8/);
  });

  describe('blob gas', () => {
    const block = fixtureBlocks('blockWithAllTransactionTypes').blocks[0]!;
    const blobTx = block.transactions.find((tx) => tx.type === BLOB_TX_TYPE)!;

    it('must match the blobs the transactions carry', () => {
      expect(blobTx.blobVersionedHashes).toHaveLength(1);
      expectConsensusError(
        () => validateBody(CANCUN, withHeader(block, { blobGasUsed: 262_144n })),
        'blobGasUsed',
        'blob gas used mismatch (header 262144, calculated 131072)',
      );
      expectConsensusError(
        () => validateBody(CANCUN, withHeader(block, { blobGasUsed: 0n })),
        'blobGasUsed',
        'blob gas used mismatch (header 0, calculated 131072)',
      );
    });

    it('admits no blobs before Cancun', () => {
      const preCancun = withHeader(block, { blobGasUsed: undefined, excessBlobGas: undefined, parentBeaconBlockRoot: undefined });
      expectConsensusError(
        () => validateBody(configForFork('Shanghai'), preCancun),
        'blobGasUsed',
        'data blobs present in block body: 1 before Cancun',
      );
    });

    it('stays within the block\'s allowance', () => {
      const inner = blobTx.inner;
      if (inner.type !== BLOB_TX_TYPE) throw new Error('not a blob transaction');
      const hashes = Array.from({ length: 7 }, () => inner.blobVersionedHashes[0]!);
      const bigTx = new Transaction({ ...inner, blobVersionedHashes: hashes }, blobTx.signature);
      const transactions = block.transactions.map((tx) => (tx === blobTx ? bigTx : tx));
      const header = new Header({
        ...block.header,
        transactionsRoot: orderedTrieRoot(transactions.map(encodeTransaction)),
        blobGasUsed: 7n * 131_072n,
      });
      const tampered = new Block(header, { ...block.body, transactions });
      expectConsensusError(() => validateBody(CANCUN, tampered), 'blobGasUsed', 'blob gas used 917504 exceeds maximum allowance 786432');
      // Prague allows nine blobs.
      validateBody(configForFork('Prague'), tampered);
    });
  });
});

describe('validateState', () => {
  const allTypes = fixtureBlocks('blockWithAllTransactionTypes').blocks[0]!;
  const shanghai = fixtureBlocks('shanghaiExample').blocks[0]!;
  const shanghaiReceipts: Receipt[] = [
    { type: 0, status: 1, cumulativeGasUsed: 75_192n, logsBloom: new Uint8Array(256), logs: [] },
  ];

  it('accepts the receipts, gas and state root the real blocks were built with', () => {
    expect(shanghai.header.gasUsed).toBe(75_192n);
    validateState(shanghai, shanghaiReceipts, 75_192n, shanghai.header.stateRoot);
    // Four transfers, one of each type 0..3.
    validateState(allTypes, transferReceipts(allTypes), 84_000n, allTypes.header.stateRoot);
  });

  it('rejects a different gas used', () => {
    expectConsensusError(
      () => validateState(shanghai, shanghaiReceipts, 75_193n, shanghai.header.stateRoot),
      'gasUsed',
      'invalid gas used (remote: 75192 local: 75193)',
    );
  });

  it('rejects logs the header\'s bloom does not hold', () => {
    const log = { address: new Uint8Array(20).fill(1), topics: [new Uint8Array(32).fill(2)], data: new Uint8Array(0) };
    const receipts: Receipt[] = [{ ...shanghaiReceipts[0]!, logs: [log], logsBloom: logsBloom([log]) }];
    expectConsensusError(
      () => validateState(shanghai, receipts, 75_192n, shanghai.header.stateRoot),
      'logsBloom',
      `invalid bloom (remote: ${bytesToHex(shanghai.header.logsBloom)} local: ${bytesToHex(logsBloom([log]))})`,
    );
  });

  it('rejects receipts the header does not commit to', () => {
    const failed: Receipt[] = [{ ...shanghaiReceipts[0]!, status: 0 }];
    expectConsensusError(
      () => validateState(shanghai, failed, 75_192n, shanghai.header.stateRoot),
      'receiptsRoot',
      /^invalid receipt root hash \(remote: 0xed9c51ea52c968e552e370a77a41dac98606e98b915092fb5f949d6452fce1c4 local: 0x/,
    );
    const wrongTypes = transferReceipts(allTypes).map((r) => ({ ...r, type: 0 }));
    expectConsensusError(() => validateState(allTypes, wrongTypes, 84_000n, allTypes.header.stateRoot), 'receiptsRoot', /^invalid receipt root hash/);
  });

  it('rejects a different state root', () => {
    expectConsensusError(
      () => validateState(shanghai, shanghaiReceipts, 75_192n, EMPTY_TRIE_ROOT),
      'stateRoot',
      `invalid merkle root (remote: ${bytesToHex(shanghai.header.stateRoot)} local: ${bytesToHex(EMPTY_TRIE_ROOT)})`,
    );
  });

  describe('Prague requests', () => {
    const deposit = hexToBytes('0x00aabb');
    const prague = withHeader(shanghai, { requestsHash: calcRequestsHash([deposit]) });

    it('checks the requests hash when the header has one', () => {
      validateState(prague, shanghaiReceipts, 75_192n, shanghai.header.stateRoot, [deposit]);
      expectConsensusError(
        () => validateState(prague, shanghaiReceipts, 75_192n, shanghai.header.stateRoot, []),
        'requestsHash',
        `invalid requests hash (remote: ${bytesToHex(calcRequestsHash([deposit]))} local: ${bytesToHex(calcRequestsHash([]))})`,
      );
    });

    it('needs the requests of a Prague block', () => {
      expect(() => validateState(prague, shanghaiReceipts, 75_192n, shanghai.header.stateRoot)).toThrow(
        'validateState: block 1 has a requestsHash, so its requests must be given',
      );
    });
  });
});
