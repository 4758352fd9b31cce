import { describe, expect, it } from 'vitest';
import { Header, type HeaderFields } from '../../core/types/header.js';
import { EMPTY_TRIE_ROOT, EMPTY_UNCLE_HASH } from '../../crypto/keccak.js';
import { rulesFor, type ChainConfig } from '../../params/chainConfig.js';
import { configForFork } from '../../params/forks.js';
import { ConsensusError } from '../errors.js';
import { verifyEip1559Header } from './eip1559.js';
import { blobScheduleAt, verifyEip4844Header } from './eip4844.js';
import { verifyCommonHeader, verifyGasAndForkFields, verifyPreMergeHeader } from './headerRules.js';

function header(fields: Partial<HeaderFields>): Header {
  return new Header({
    parentHash: new Uint8Array(32),
    ommersHash: EMPTY_UNCLE_HASH,
    coinbase: new Uint8Array(20),
    stateRoot: EMPTY_TRIE_ROOT,
    transactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: new Uint8Array(256),
    difficulty: 131072n,
    number: 10n,
    gasLimit: 15_000_000n,
    gasUsed: 0n,
    timestamp: 1000n,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    ...fields,
  });
}

/** The child of `parent` one block and 12 seconds later, with `fields` on top. */
function child(parent: Header, fields: Partial<HeaderFields> = {}): Header {
  return header({ ...parent, parentHash: parent.hash, number: parent.number + 1n, timestamp: parent.timestamp + 12n, ...fields });
}

function errorOf(fn: () => unknown): ConsensusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConsensusError) return e;
    throw e;
  }
  throw new Error('expected a ConsensusError');
}

describe('verifyPreMergeHeader', () => {
  const london: ChainConfig = { ...configForFork('London'), londonBlock: 11n, terminalTotalDifficulty: 10n ** 20n };
  const parent = header({});

  it('accepts a proof-of-work header and the London fork block with a doubled gas limit', () => {
    verifyPreMergeHeader(london, parent, child(parent, { number: 11n, gasLimit: 30_000_000n, baseFeePerGas: 1_000_000_000n }));
    verifyPreMergeHeader({ ...london, londonBlock: undefined }, parent, child(parent, { gasLimit: 15_000_000n + 14_647n }));
  });

  it('rejects a zero difficulty, a base fee before London and the London rules after it', () => {
    expect(errorOf(() => verifyPreMergeHeader(london, parent, child(parent, { difficulty: 0n }))).message).toBe(
      'invalid difficulty: have 0, want > 0 before the merge',
    );
    const early = errorOf(() =>
      verifyPreMergeHeader({ ...london, londonBlock: 12n }, parent, child(parent, { baseFeePerGas: 1_000_000_000n })),
    );
    expect([early.field, early.message]).toEqual(['baseFeePerGas', 'unexpected baseFeePerGas: London is not active (have 1000000000)']);
    // Before London the limit moves from the parent's own, not from twice it.
    const jump = errorOf(() =>
      verifyPreMergeHeader({ ...london, londonBlock: 12n }, parent, child(parent, { gasLimit: 30_000_000n })),
    );
    expect(jump.message).toBe('invalid gas limit: have 30000000, want 15000000 +-= 14647');
    const missing = errorOf(() => verifyPreMergeHeader(london, parent, child(parent, { gasLimit: 30_000_000n })));
    expect([missing.field, missing.message]).toEqual(['baseFeePerGas', 'missing baseFeePerGas']);
    expect(errorOf(() => verifyPreMergeHeader(london, parent, child(parent, { gasLimit: 4999n }))).message).toMatch(
      /^invalid gas limit/,
    );
  });

  it('allows no Shanghai field before the merge, whatever the time', () => {
    const config = { ...london, londonBlock: 0n, shanghaiTime: 0n };
    const londonParent = header({ baseFeePerGas: 1_000_000_000n });
    const h = child(londonParent, { baseFeePerGas: 875_000_000n, withdrawalsRoot: EMPTY_TRIE_ROOT });
    expect(errorOf(() => verifyPreMergeHeader(config, londonParent, h)).message).toMatch(
      /^unexpected withdrawalsRoot: Shanghai is not active/,
    );
    verifyCommonHeader(config, rulesFor(config, h.number, true, h.timestamp), londonParent, h);
  });
});

describe('verifyGasAndForkFields', () => {
  const config: ChainConfig = { ...configForFork('Berlin'), terminalTotalDifficulty: 10n ** 20n };
  const parent = header({});
  const rules = (h: Header) => rulesFor(config, h.number, false, h.timestamp);

  it('leaves the extra-data size and the time step to the engine', () => {
    const h = child(parent, { number: 11n, timestamp: parent.timestamp, extraData: new Uint8Array(97) });
    verifyGasAndForkFields(config, rules(h), parent, h);
    expect(errorOf(() => verifyCommonHeader(config, rules(h), parent, h)).message).toBe('extra-data too long: 97 > 32');
  });

  it('checks the number, the gas and the fork fields', () => {
    const wrongNumber = child(parent, { number: 12n });
    expect(errorOf(() => verifyGasAndForkFields(config, rules(wrongNumber), parent, wrongNumber)).message).toBe(
      'invalid block number: have 12, want 11',
    );
    const overused = child(parent, { number: 11n, gasUsed: 15_000_001n });
    expect(errorOf(() => verifyGasAndForkFields(config, rules(overused), parent, overused)).field).toBe('gasUsed');
    const baseFee = child(parent, { number: 11n, baseFeePerGas: 1n });
    expect(errorOf(() => verifyGasAndForkFields(config, rules(baseFee), parent, baseFee)).message).toBe(
      'unexpected baseFeePerGas: London is not active (have 1)',
    );
  });
});

describe('verifyEip1559Header', () => {
  const config = configForFork('London');
  const parent = header({ baseFeePerGas: 1_000_000_000n, gasLimit: 30_000_000n, gasUsed: 15_000_000n });

  it('keeps the base fee after a block at target and raises it after a full one', () => {
    verifyEip1559Header(config, parent, child(parent, { baseFeePerGas: 1_000_000_000n }));
    const full = header({ baseFeePerGas: 1_000_000_000n, gasUsed: 15_000_000n, gasLimit: 15_000_000n });
    verifyEip1559Header(config, full, child(full, { baseFeePerGas: 1_125_000_000n }));
    const e = errorOf(() => verifyEip1559Header(config, full, child(full, { baseFeePerGas: 1_000_000_000n })));
    expect(e.message).toBe('invalid baseFee: have 1000000000, want 1125000000, parentBaseFee 1000000000, parentGasUsed 15000000');
  });
});

describe('verifyEip4844Header', () => {
  const cancun = configForFork('Cancun');
  const parent = header({ baseFeePerGas: 7n, withdrawalsRoot: EMPTY_TRIE_ROOT, blobGasUsed: 786_432n, excessBlobGas: 393_216n });
  const blobChild = (fields: Partial<HeaderFields>) => child(parent, { parentBeaconBlockRoot: new Uint8Array(32), ...fields });

  it('carries the excess over the target of the schedule in force', () => {
    // Cancun: target 3 blobs; 393216 + 786432 - 393216.
    verifyEip4844Header(cancun, parent, blobChild({ blobGasUsed: 0n, excessBlobGas: 786_432n }));
    // Prague: target 6 blobs, so a full Cancun-sized block leaves 393216 + 786432 - 786432.
    verifyEip4844Header(configForFork('Prague'), parent, blobChild({ blobGasUsed: 9n * 131_072n, excessBlobGas: 393_216n }));
    const e = errorOf(() => verifyEip4844Header(cancun, parent, blobChild({ blobGasUsed: 0n, excessBlobGas: 0n })));
    expect([e.field, e.message]).toEqual([
      'excessBlobGas',
      'invalid excessBlobGas: have 0, want 786432, parentExcessBlobGas 393216, parentBlobGasUsed 786432',
    ]);
  });

  it('uses the allowance of the schedule in force', () => {
    const nine = blobChild({ blobGasUsed: 9n * 131_072n, excessBlobGas: 786_432n });
    expect(errorOf(() => verifyEip4844Header(cancun, parent, nine)).message).toBe(
      'blob gas used 1179648 exceeds maximum allowance 786432',
    );
  });

  it('reports missing blob fields and a config without Cancun', () => {
    const noExcess = child(parent, { blobGasUsed: 0n, excessBlobGas: undefined, parentBeaconBlockRoot: undefined });
    expect(errorOf(() => verifyEip4844Header(cancun, parent, noExcess)).message).toBe('missing excessBlobGas');
    const e = errorOf(() => verifyEip4844Header(configForFork('Shanghai'), parent, blobChild({ blobGasUsed: 0n, excessBlobGas: 0n })));
    expect(e.message).toBe('no blob schedule at time 1012: Cancun is not active');
  });
});

describe('blobScheduleAt', () => {
  const config: ChainConfig = { ...configForFork('Shanghai'), cancunTime: 100n, pragueTime: 200n, osakaTime: 300n, bpo1Time: 400n };

  it('picks the latest active fork, with the default Cancun and Prague values', () => {
    expect(blobScheduleAt(config, 99n)).toBeUndefined();
    expect(blobScheduleAt(config, 100n)).toEqual({ target: 3, max: 6, baseFeeUpdateFraction: 3_338_477n });
    expect(blobScheduleAt(config, 200n)).toEqual({ target: 6, max: 9, baseFeeUpdateFraction: 5_007_716n });
    // Osaka and BPO1 have no entry here, so Prague's schedule stays in force.
    expect(blobScheduleAt(config, 500n)).toEqual({ target: 6, max: 9, baseFeeUpdateFraction: 5_007_716n });
  });

  it('prefers the config\'s own entries', () => {
    const bpo1 = { target: 10, max: 15, baseFeeUpdateFraction: 8_346_193n };
    const cancun = { target: 1, max: 2, baseFeeUpdateFraction: 1_000n };
    const custom: ChainConfig = { ...config, blobSchedule: { cancun, bpo1 } };
    expect(blobScheduleAt(custom, 150n)).toEqual(cancun);
    expect(blobScheduleAt(custom, 350n)).toEqual({ target: 6, max: 9, baseFeeUpdateFraction: 5_007_716n });
    expect(blobScheduleAt(custom, 400n)).toEqual(bpo1);
  });
});
