import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, type Bytes } from '../../common/bytes.js';
import { Block, decodeBlock } from '../../core/types/block.js';
import { Header, headerFromJson, type HeaderFields } from '../../core/types/header.js';
import { EMPTY_TRIE_ROOT, EMPTY_UNCLE_HASH } from '../../crypto/keccak.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { configForFork } from '../../params/forks.js';
import type { ChainHeaderReader, Engine } from '../engine.js';
import { ConsensusError } from '../errors.js';
import { BEACON_NONCE, BeaconEngine, isPostMergeHeader } from './beacon.js';

interface FixtureTest {
  genesisBlockHeader: unknown;
  blocks: { rlp: string }[];
}

/** The genesis header and the blocks of the one test in a BlockchainTests fixture file. */
function fixtureChain(name: string): { genesis: Header; blocks: Block[] } {
  const url = new URL(`../../../test/fixtures/BlockchainTests/${name}.json`, import.meta.url);
  const test = Object.values(JSON.parse(readFileSync(url, 'utf8')) as Record<string, FixtureTest>)[0]!;
  return {
    genesis: headerFromJson(test.genesisBlockHeader),
    blocks: test.blocks.map((b) => decodeBlock(hexToBytes(b.rlp))),
  };
}

function reader(config: ChainConfig, headers: Header[]): ChainHeaderReader {
  const byHash = new Map(headers.map((h) => [bytesToHex(h.hash), h]));
  return {
    config,
    getHeader: (hash, number) => {
      const h = byHash.get(bytesToHex(hash));
      return h !== undefined && h.number === number ? h : undefined;
    },
    getHeaderByNumber: (number) => headers.find((h) => h.number === number),
  };
}

const CANCUN = configForFork('Cancun');
const engine = new BeaconEngine();

/** The header with some fields replaced (undefined drops an optional field). */
function withFields(header: Header, changes: Partial<HeaderFields>): Header {
  return new Header({ ...header, ...changes });
}

function expectConsensusError(fn: () => unknown, field: string, message: string | RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ConsensusError);
  const err = caught as ConsensusError;
  expect(err.field).toBe(field);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
}

describe('BeaconEngine.verifyHeader on real Cancun blocks', () => {
  it.each(['blockWithAllTransactionTypes', 'log1_correct', 'shanghaiExample', 'transType'])('%s', (name) => {
    const { genesis, blocks } = fixtureChain(name);
    const chain = reader(CANCUN, [genesis, ...blocks.map((b) => b.header)]);
    let parent = genesis;
    for (const block of blocks) {
      // Once with the parent read from the chain, once with the parent handed in.
      engine.verifyHeader(chain, block.header);
      engine.verifyHeader(chain, block.header, parent);
      engine.verifyUncles(chain, block);
      parent = block.header;
    }
  });
});

describe('BeaconEngine.verifyHeader rejects one bad field at a time', () => {
  // A block with one blob (blobGasUsed 131072) on a Cancun genesis.
  const { genesis, blocks } = fixtureChain('blockWithAllTransactionTypes');
  const child = blocks[0]!.header;
  const chain = reader(CANCUN, [genesis]);
  // The parent is handed in: read from the chain, a header with a wrong number would have no parent at all.
  const verify = (h: Header, config: ChainConfig = CANCUN) => engine.verifyHeader(reader(config, [genesis]), h, genesis);

  it('accepts the unchanged header and 32 bytes of extra-data', () => {
    verify(child);
    verify(withFields(child, { extraData: new Uint8Array(32) }));
  });

  const step = genesis.gasLimit / 1024n;
  it.each<[string, Partial<HeaderFields>, string, string | RegExp]>([
    [
      'timestamp equal to the parent',
      { timestamp: genesis.timestamp },
      'timestamp',
      `invalid timestamp: have ${genesis.timestamp}, parent ${genesis.timestamp}`,
    ],
    ['timestamp before the parent', { timestamp: genesis.timestamp - 1n }, 'timestamp', /^invalid timestamp/],
    ['number', { number: 2n }, 'number', 'invalid block number: have 2, want 1'],
    [
      'gasLimit too far up',
      { gasLimit: genesis.gasLimit + step },
      'gasLimit',
      `invalid gas limit: have ${genesis.gasLimit + step}, want ${genesis.gasLimit} +-= ${step - 1n}`,
    ],
    ['gasLimit too far down', { gasLimit: genesis.gasLimit - step }, 'gasLimit', /^invalid gas limit: have/],
    [
      'gasUsed above gasLimit',
      { gasUsed: child.gasLimit + 1n },
      'gasUsed',
      `invalid gasUsed: have ${child.gasLimit + 1n}, gasLimit ${child.gasLimit}`,
    ],
    [
      'baseFee',
      { baseFeePerGas: child.baseFeePerGas! + 1n },
      'baseFeePerGas',
      `invalid baseFee: have ${child.baseFeePerGas! + 1n}, want ${child.baseFeePerGas}, ` +
        `parentBaseFee ${genesis.baseFeePerGas}, parentGasUsed 0`,
    ],
    ['excessBlobGas', { excessBlobGas: 131072n }, 'excessBlobGas', /^invalid excessBlobGas: have 131072, want 0, /],
    [
      'blobGasUsed above the maximum',
      { blobGasUsed: 7n * 131072n },
      'blobGasUsed',
      'blob gas used 917504 exceeds maximum allowance 786432',
    ],
    [
      'blobGasUsed not a multiple of a blob',
      { blobGasUsed: 131071n },
      'blobGasUsed',
      'blob gas used 131071 not a multiple of blob gas per blob 131072',
    ],
    ['extraData of 33 bytes', { extraData: new Uint8Array(33) }, 'extraData', 'extra-data too long: 33 > 32'],
    ['difficulty', { difficulty: 1n }, 'difficulty', 'invalid difficulty: have 1, want 0'],
    [
      'nonce',
      { nonce: hexToBytes('0x0000000000000001') },
      'nonce',
      'invalid nonce: have 0x0000000000000001, want 0x0000000000000000',
    ],
    [
      'ommersHash',
      { ommersHash: EMPTY_TRIE_ROOT },
      'ommersHash',
      `invalid uncle hash: have ${bytesToHex(EMPTY_TRIE_ROOT)}, want ${bytesToHex(EMPTY_UNCLE_HASH)}`,
    ],
    [
      'missing parentBeaconBlockRoot',
      { parentBeaconBlockRoot: undefined },
      'parentBeaconBlockRoot',
      'missing parentBeaconBlockRoot',
    ],
    [
      'a requestsHash before Prague',
      { requestsHash: new Uint8Array(32) },
      'requestsHash',
      `unexpected requestsHash: Prague is not active (have ${bytesToHex(new Uint8Array(32))})`,
    ],
    [
      'no Cancun fields',
      { blobGasUsed: undefined, excessBlobGas: undefined, parentBeaconBlockRoot: undefined },
      'blobGasUsed',
      'missing blobGasUsed',
    ],
    [
      'no Shanghai field',
      { withdrawalsRoot: undefined, blobGasUsed: undefined, excessBlobGas: undefined, parentBeaconBlockRoot: undefined },
      'withdrawalsRoot',
      'missing withdrawalsRoot',
    ],
    [
      'no London field',
      {
        baseFeePerGas: undefined,
        withdrawalsRoot: undefined,
        blobGasUsed: undefined,
        excessBlobGas: undefined,
        parentBeaconBlockRoot: undefined,
      },
      'baseFeePerGas',
      'missing baseFeePerGas',
    ],
  ])('%s', (_name, changes, field, message) => {
    expectConsensusError(() => verify(withFields(child, changes)), field, message);
  });

  it('rejects a gas limit above 2^63-1 even when the step is allowed', () => {
    const { genesis: g, blocks: bs } = fixtureChain('shanghaiExample');
    expect(g.gasLimit).toBe((1n << 63n) - 1n);
    const h = withFields(bs[0]!.header, { gasLimit: 1n << 63n });
    expectConsensusError(
      () => engine.verifyHeader(reader(CANCUN, [g]), h),
      'gasLimit',
      'invalid gasLimit: have 9223372036854775808, max 9223372036854775807',
    );
  });

  it('rejects the fields of forks the config has not reached', () => {
    expectConsensusError(
      () => verify(child, configForFork('Shanghai')),
      'blobGasUsed',
      'unexpected blobGasUsed: Cancun is not active (have 131072)',
    );
    const londonHeader = withFields(child, {
      blobGasUsed: undefined,
      excessBlobGas: undefined,
      parentBeaconBlockRoot: undefined,
    });
    expectConsensusError(
      () => verify(londonHeader, configForFork('Paris')),
      'withdrawalsRoot',
      /^unexpected withdrawalsRoot: Shanghai is not active/,
    );
    expectConsensusError(() => verify(child, configForFork('Prague')), 'requestsHash', 'missing requestsHash');
    verify(withFields(child, { requestsHash: new Uint8Array(32) }), configForFork('Prague'));
  });

  it('reports an unknown parent and a parent that is not the header\'s', () => {
    expectConsensusError(
      () => engine.verifyHeader(reader(CANCUN, []), child),
      'parentHash',
      `unknown ancestor: ${bytesToHex(child.parentHash)}`,
    );
    // The right hash at the wrong height is not the parent either.
    expectConsensusError(() => engine.verifyHeader(chain, withFields(child, { number: 5n })), 'parentHash', /^unknown ancestor/);
    expectConsensusError(() => engine.verifyHeader(chain, child, child), 'parentHash', /is not the given parent/);
    expectConsensusError(() => engine.verifyHeader(chain, genesis), 'parentHash', /^unknown ancestor/);
  });
});

describe('BeaconEngine.verifyUncles', () => {
  it('allows no ommers after the merge', () => {
    const { genesis, blocks } = fixtureChain('shanghaiExample');
    const block = blocks[0]!;
    const withOmmer = new Block(block.header, { ...block.body, ommers: [genesis] });
    expectConsensusError(
      () => engine.verifyUncles(reader(CANCUN, [genesis]), withOmmer),
      'ommers',
      'too many uncles: have 1, want 0 after the merge',
    );
  });
});

/** A pre-merge engine that records what the beacon engine hands it. */
class RecordingEngine implements Engine {
  readonly calls: string[] = [];
  author(): Bytes {
    this.calls.push('author');
    return new Uint8Array(20).fill(0xaa);
  }
  verifyHeader(_chain: ChainHeaderReader, header: Header, parent?: Header): void {
    this.calls.push(`verifyHeader ${header.number} parent ${parent?.number}`);
  }
  verifyUncles(_chain: ChainHeaderReader, block: Block): void {
    this.calls.push(`verifyUncles ${block.number}`);
  }
  prepare(_chain: ChainHeaderReader, header: HeaderFields): void {
    this.calls.push('prepare');
    header.difficulty = 7n;
  }
  calcDifficulty(): bigint {
    this.calls.push('calcDifficulty');
    return 7n;
  }
}

describe('BeaconEngine across the merge', () => {
  // A chain that merges at a non-zero total difficulty: difficulty 0 marks a post-merge header.
  const config: ChainConfig = { ...configForFork('London'), terminalTotalDifficulty: 1000n };
  const { genesis: cancunGenesis } = fixtureChain('shanghaiExample');
  const powParent = new Header({
    ...cancunGenesis,
    difficulty: 131072n,
    nonce: hexToBytes('0x0102030405060708'),
    withdrawalsRoot: undefined,
    blobGasUsed: undefined,
    excessBlobGas: undefined,
    parentBeaconBlockRoot: undefined,
  });
  const powChild = new Header({ ...powParent, parentHash: powParent.hash, number: 1n, timestamp: powParent.timestamp + 12n });
  const posChild = new Header({ ...powChild, difficulty: 0n, nonce: BEACON_NONCE, baseFeePerGas: 9n });

  it('tells post-merge headers apart as geth does', () => {
    expect(isPostMergeHeader(config, powChild)).toBe(false);
    expect(isPostMergeHeader(config, posChild)).toBe(true);
    expect(isPostMergeHeader(CANCUN, powChild)).toBe(true);
    expect(isPostMergeHeader({ ...config, terminalTotalDifficulty: undefined }, posChild)).toBe(false);
  });

  it('hands pre-merge headers to the pre-merge engine', () => {
    const inner = new RecordingEngine();
    const beacon = new BeaconEngine(inner);
    const chain = reader(config, [powParent]);
    beacon.verifyHeader(chain, powChild);
    beacon.verifyUncles(chain, new Block(powChild, { transactions: [], ommers: [] }));
    expect(beacon.author(powChild)).toEqual(new Uint8Array(20).fill(0xaa));
    expect(beacon.author(posChild)).toEqual(posChild.coinbase);
    expect(beacon.calcDifficulty(chain, 100n, powParent)).toBe(7n);
    const fields: HeaderFields = { ...powChild };
    beacon.prepare(chain, fields);
    expect(fields.difficulty).toBe(7n);
    expect(inner.calls).toEqual(['verifyHeader 1 parent 0', 'verifyUncles 1', 'author', 'calcDifficulty', 'prepare']);
  });

  it('checks the first proof-of-stake header with the post-merge rules', () => {
    const inner = new RecordingEngine();
    const beacon = new BeaconEngine(inner);
    const chain = reader(config, [powParent]);
    // An empty parent with base fee 10 gives 10 - 10/8.
    beacon.verifyHeader(chain, posChild);
    expect(inner.calls).toEqual([]);
    expectConsensusError(
      () => beacon.verifyHeader(chain, new Header({ ...posChild, baseFeePerGas: 10n })),
      'baseFeePerGas',
      'invalid baseFee: have 10, want 9, parentBaseFee 10, parentGasUsed 0',
    );
    expectConsensusError(
      () => beacon.verifyHeader(chain, new Header({ ...posChild, nonce: powParent.nonce })),
      'nonce',
      /^invalid nonce/,
    );
  });

  it('rejects a proof-of-work header after a proof-of-stake one', () => {
    const beacon = new BeaconEngine(new RecordingEngine());
    const posParent = new Header({ ...powParent, difficulty: 0n });
    const child = new Header({ ...powChild, parentHash: posParent.hash });
    expectConsensusError(
      () => beacon.verifyHeader(reader(config, [posParent]), child),
      'difficulty',
      'invalid terminal block: difficulty 131072 after the merge',
    );
  });

  it('refuses pre-merge work without a pre-merge engine', () => {
    const chain = reader(config, [powParent]);
    const message = 'block 1 is pre-merge (difficulty 131072) and no pre-merge engine is configured';
    expectConsensusError(() => engine.verifyHeader(chain, powChild), 'difficulty', message);
    expectConsensusError(() => engine.verifyUncles(chain, new Block(powChild, { transactions: [], ommers: [] })), 'difficulty', message);
    expectConsensusError(() => engine.calcDifficulty(chain, 100n, powParent), 'difficulty', message);
    expectConsensusError(() => engine.prepare(chain, { ...powChild }), 'difficulty', message);
  });
});

describe('BeaconEngine.prepare and calcDifficulty after the merge', () => {
  const { genesis } = fixtureChain('transType');
  const chain = reader(CANCUN, [genesis]);

  it('sets the proof-of-stake difficulty and nonce', () => {
    const fields: HeaderFields = { ...genesis, parentHash: genesis.hash, number: 1n, difficulty: 5n };
    fields.nonce = hexToBytes('0xffffffffffffffff');
    engine.prepare(chain, fields);
    expect(fields.difficulty).toBe(0n);
    expect(fields.nonce).toEqual(BEACON_NONCE);
    expect(engine.calcDifficulty(chain, genesis.timestamp + 12n, genesis)).toBe(0n);
  });

  it('needs the parent to prepare a header', () => {
    expectConsensusError(() => engine.prepare(reader(CANCUN, []), { ...genesis, number: 1n }), 'parentHash', /^unknown ancestor/);
  });

  it('credits the coinbase', () => {
    expect(engine.author(genesis)).toEqual(genesis.coinbase);
  });
});
