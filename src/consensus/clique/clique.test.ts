import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes, type Bytes } from '../../common/bytes.js';
import { Block } from '../../core/types/block.js';
import { Header, headerFromRlp, type HeaderFields } from '../../core/types/header.js';
import { EMPTY_TRIE_ROOT, keccak256 } from '../../crypto/keccak.js';
import { sign, signatureToBytes } from '../../crypto/secp256k1.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { configForFork } from '../../params/forks.js';
import { decodeRlp, encodeRlp, type RlpItem } from '../../rlp/rlp.js';
import { BeaconEngine } from '../beacon/beacon.js';
import { calcBaseFee } from '../misc/eip1559.js';
import { ConsensusError } from '../errors.js';
import { CliqueEngine, DEFAULT_EPOCH, sealDelay, WIGGLE_TIME_MS } from './clique.js';
import { cliqueExtraData, EXTRA_SEAL, EXTRA_VANITY } from './extraData.js';
import { cliqueSealHash, privateKeySignFn, recoverCliqueSigner, withSeal } from './seal.js';
import { DIFF_IN_TURN, DIFF_NO_TURN, NONCE_AUTH_VOTE } from './snapshot.js';
import { cliqueChild, cliqueGenesisHeader, MemoryHeaderChain, TestAccounts } from './testKit.js';

const accounts = new TestAccounts();
const address = (name: string): Bytes => accounts.address(name);
/** Far enough ahead that no test block is in the future. */
const NOW = 1n << 40n;

interface Setup {
  config: ChainConfig;
  chain: MemoryHeaderChain;
  genesis: Header;
  engine: CliqueEngine;
  period: bigint;
}

function setup(
  options: { signers?: string; period?: number; epoch?: number; config?: ChainConfig; now?: bigint } = {},
): Setup {
  const period = options.period ?? 5;
  const config: ChainConfig = {
    ...(options.config ?? configForFork('Berlin', 1337n)),
    clique: { period, epoch: options.epoch ?? 0 },
  };
  const chain = new MemoryHeaderChain(config);
  const london = config.londonBlock === 0n;
  const genesis = cliqueGenesisHeader([...(options.signers ?? 'ABC')].map(address), {
    baseFeePerGas: london ? 1_000_000_000n : undefined,
  });
  chain.add(genesis);
  const now = options.now ?? NOW;
  const engine = new CliqueEngine(config.clique!, { now: () => now });
  return { config, chain, genesis, engine, period: BigInt(period) };
}

/** The difficulty `name` must give block parent+1. */
function difficultyFor(s: Setup, parent: Header, name: string): bigint {
  return s.engine.snapshot(s.chain, parent.number, parent.hash, [parent]).inTurn(parent.number + 1n, address(name))
    ? DIFF_IN_TURN
    : DIFF_NO_TURN;
}

/** A child of `parent` sealed by `name`, valid unless `fields` make it otherwise; not stored. */
function child(s: Setup, parent: Header, name: string, fields: Partial<HeaderFields> = {}): Header {
  const london = s.config.londonBlock !== undefined && s.config.londonBlock <= parent.number + 1n;
  const base: Partial<HeaderFields> = { difficulty: difficultyFor(s, parent, name) };
  if (london) base.baseFeePerGas = calcBaseFee(parent, parent.baseFeePerGas !== undefined);
  return accounts.seal(cliqueChild(parent, s.period, { ...base, ...fields }), name);
}

/** Verifies and stores a child of `parent` sealed by `name`. */
function extend(s: Setup, parent: Header, name: string, fields: Partial<HeaderFields> = {}): Header {
  const header = child(s, parent, name, fields);
  s.engine.verifyHeader(s.chain, header);
  s.chain.add(header);
  return header;
}

/** The signer names in turn order (ascending address). */
function turnOrder(names: string): string[] {
  return [...names].sort((x, y) => (bytesToHex(address(x)) < bytesToHex(address(y)) ? -1 : 1));
}

function consensusError(fn: () => unknown): ConsensusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConsensusError) return e;
    throw e;
  }
  throw new Error('expected a ConsensusError');
}

function expectConsensusError(fn: () => unknown, field: string, message: string | RegExp): void {
  const err = consensusError(fn);
  expect(err.field).toBe(field);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
}

describe('cliqueExtraData', () => {
  it('lays out vanity, the sorted signers and an empty seal', () => {
    const [a, b] = [address('A'), address('B')];
    const extra = cliqueExtraData([b, a], hexToBytes('0x1234'));
    expect(extra.length).toBe(EXTRA_VANITY + 40 + EXTRA_SEAL);
    expect(bytesToHex(extra.subarray(0, 2))).toBe('0x1234');
    expect(extra.subarray(2, EXTRA_VANITY).every((x) => x === 0)).toBe(true);
    const listed = [extra.subarray(32, 52), extra.subarray(52, 72)].map(bytesToHex);
    expect(listed).toEqual([a, b].map(bytesToHex).sort());
    expect(extra.subarray(72).every((x) => x === 0)).toBe(true);
    expect(cliqueExtraData([]).length).toBe(EXTRA_VANITY + EXTRA_SEAL);
  });

  it('refuses bad signers and a long vanity', () => {
    expect(() => cliqueExtraData([new Uint8Array(19)])).toThrow('clique signer 0x00000000000000000000000000000000000000 is 19 bytes, not 20');
    expect(() => cliqueExtraData([address('A'), address('A')])).toThrow(/is listed twice$/);
    expect(() => cliqueExtraData([], new Uint8Array(33))).toThrow('clique vanity is 33 bytes, at most 32');
  });
});

describe('the clique seal', () => {
  it('matches a header sealed on a public clique chain', () => {
    // Block 7269 of a clique chain, as a third-party signer-recovery tool documents it: the RLP without the seal,
    // the seal and the signer.
    const unsealed = decodeRlp(
      hexToBytes(
        '0xf90216a012e8a425926ba32afd3d55e0dbdf083de02e96845041914129e3d03e3bd461faa01dcc4de8dec75d7aab85b567b6ccd41ad3' +
          '12451b948a7413f0a142fd40d49347940000000000000000000000000000000000000000a0093b304253d9f02698a68d410803c4cf92' +
          '2b8a12f9f15ceed0208ec31cd1f431a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421a056e81f171b' +
          'cc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421b9010000' +
          '00'.repeat(255) +
          '01821c65837a120080845c087102a0d683010810846765746886676f312e3131856c696e7578000000000000000000a0' +
          '00'.repeat(32) +
          '880000000000000000',
      ),
    ) as RlpItem[];
    const seal = hexToBytes(
      '0x332dfeffacf8eb84d09fc22df6862673b57ad721648c81c577976513386bd80a4c3c581664196dd83866165ae6f57fff59b31d63' +
        '788867cf2ac77904d09c5b4901',
    );
    unsealed[12] = concatBytes(unsealed[12] as Bytes, seal);
    const header = headerFromRlp(unsealed);
    expect(header.number).toBe(7269n);
    expect(bytesToHex(cliqueSealHash(header))).toBe('0x6adaaeb02efa0aced16e5931a2935b43da653d12e978c130bbdda1fb6214ff7e');
    expect(bytesToHex(recoverCliqueSigner(header))).toBe('0xf979deb61f2e982761ac22b2a647cafdc5263ffc');
  });

  it('signs the London base fee too', () => {
    const s = setup({ config: configForFork('London', 1337n) });
    const header = child(s, s.genesis, 'A');
    expect(header.baseFeePerGas).toBe(875_000_000n);
    const fields = [
      header.parentHash,
      header.ommersHash,
      header.coinbase,
      header.stateRoot,
      header.transactionsRoot,
      header.receiptsRoot,
      header.logsBloom,
      header.difficulty,
      header.number,
      header.gasLimit,
      header.gasUsed,
      header.timestamp,
      header.extraData.subarray(0, EXTRA_VANITY),
      header.mixHash,
      header.nonce,
      header.baseFeePerGas!,
    ];
    expect(bytesToHex(cliqueSealHash(header))).toBe(bytesToHex(keccak256(encodeRlp(fields))));
    expect(bytesToHex(recoverCliqueSigner(header))).toBe(bytesToHex(address('A')));
  });

  it('signs every field a header carries, and has no seal hash for a Prague header nor for a short extra-data', () => {
    const s = setup();
    const london = new Header({ ...child(s, s.genesis, 'A'), baseFeePerGas: 1n });
    const shanghai = new Header({ ...london, withdrawalsRoot: EMPTY_TRIE_ROOT });
    const cancun = new Header({ ...shanghai, blobGasUsed: 0n, excessBlobGas: 0n, parentBeaconBlockRoot: new Uint8Array(32) });
    const hashes = [london, shanghai, cancun].map((h) => bytesToHex(cliqueSealHash(h)));
    expect(new Set(hashes).size).toBe(3);
    // The seal covers the Cancun fields: changing one changes the signer recovered.
    const sealed = accounts.seal(cancun, 'A');
    expect(recoverCliqueSigner(sealed)).toEqual(address('A'));
    expect(recoverCliqueSigner(new Header({ ...sealed, excessBlobGas: 131072n }))).not.toEqual(address('A'));
    const prague = new Header({ ...cancun, requestsHash: new Uint8Array(32) });
    expectConsensusError(() => cliqueSealHash(prague), 'requestsHash', /^unexpected requestsHash value in clique header/);
    const short = new Header({ ...child(s, s.genesis, 'A'), extraData: new Uint8Array(EXTRA_VANITY + 64) });
    expectConsensusError(() => cliqueSealHash(short), 'extraData', 'extra-data 65 byte signature suffix missing');
    expect(() => withSeal(short, new Uint8Array(EXTRA_SEAL))).toThrow('extra-data 65 byte signature suffix missing');
    expect(() => withSeal(s.genesis, new Uint8Array(64))).toThrow('clique seal must be 65 bytes, got 64');
  });

  it('reports a seal that is no signature', () => {
    const s = setup();
    const unsealed = cliqueChild(s.genesis, s.period);
    expectConsensusError(() => recoverCliqueSigner(unsealed), 'extraData', 'invalid seal: invalid signature: r out of range');
    const badId = withSeal(unsealed, concatBytes(new Uint8Array(64).fill(1), Uint8Array.of(4)));
    expectConsensusError(() => s.engine.author(badId), 'extraData', 'invalid seal: invalid signature: recovery id 4 is not 0 or 1');
  });
});

describe('CliqueEngine.verifyHeader', () => {
  it('accepts signers in and out of turn, with difficulty 2 and 1', () => {
    const s = setup();
    const order = turnOrder('ABC');
    // Block 1 is the turn of the second signer in address order.
    const inTurn = extend(s, s.genesis, order[1]!);
    expect(inTurn.difficulty).toBe(2n);
    const outOfTurn = extend(s, inTurn, order[0]!);
    expect(outOfTurn.difficulty).toBe(1n);
    expect(bytesToHex(s.engine.author(outOfTurn))).toBe(bytesToHex(address(order[0]!)));
  });

  it('refuses a difficulty that does not match the turn', () => {
    const s = setup();
    const order = turnOrder('ABC');
    expectConsensusError(
      () => s.engine.verifyHeader(s.chain, child(s, s.genesis, order[1]!, { difficulty: 1n })),
      'difficulty',
      `wrong difficulty: have 1, want 2 (${bytesToHex(address(order[1]!))} is in turn)`,
    );
    expectConsensusError(
      () => s.engine.verifyHeader(s.chain, child(s, s.genesis, order[2]!, { difficulty: 2n })),
      'difficulty',
      /^wrong difficulty: have 2, want 1 \(0x[0-9a-f]{40} is out of turn\)$/,
    );
    expectConsensusError(
      () => s.engine.verifyHeader(s.chain, child(s, s.genesis, 'A', { difficulty: 3n })),
      'difficulty',
      'invalid difficulty: have 3, want 1 or 2',
    );
  });

  it('refuses an unauthorized signer and a bad seal', () => {
    const s = setup();
    expectConsensusError(
      () => s.engine.verifyHeader(s.chain, child(s, s.genesis, 'D')),
      'extraData',
      `unauthorized signer ${bytesToHex(address('D'))}`,
    );
    // A header changed after sealing recovers to some other address.
    const tampered = new Header({ ...child(s, s.genesis, 'A'), gasUsed: 1n });
    expectConsensusError(() => s.engine.verifyHeader(s.chain, tampered), 'extraData', /^unauthorized signer 0x/);
    const unsealed = cliqueChild(s.genesis, s.period);
    expectConsensusError(() => s.engine.verifyHeader(s.chain, unsealed), 'extraData', /^invalid seal/);
  });

  it('refuses a signer that signed one of the last floor(N/2)+1 blocks', () => {
    const s = setup();
    const h1 = extend(s, s.genesis, 'A');
    expectConsensusError(
      () => s.engine.verifyHeader(s.chain, child(s, h1, 'A')),
      'extraData',
      `recently signed: ${bytesToHex(address('A'))} may not sign block 2`,
    );
    const h2 = extend(s, h1, 'B');
    // With three signers, A may sign again two blocks later.
    extend(s, h2, 'A');
  });

  it('checks the time against the parent and the period, and refuses future blocks', () => {
    const s = setup({ period: 5 });
    expectConsensusError(
      () => s.engine.verifyHeader(s.chain, child(s, s.genesis, 'A', { timestamp: s.genesis.timestamp + 4n })),
      'timestamp',
      'invalid timestamp: have 1004, want at least parent 1000 + period 5',
    );
    extend(s, s.genesis, 'A', { timestamp: s.genesis.timestamp + 5n });

    const zero = setup({ period: 0 });
    extend(zero, zero.genesis, 'A', { timestamp: zero.genesis.timestamp });

    const early = setup({ now: 1002n });
    expectConsensusError(
      () => early.engine.verifyHeader(early.chain, child(early, early.genesis, 'A')),
      'timestamp',
      'block in the future: time 1005, now 1002',
    );
  });

  it('checks the vote fields, the extra-data frame, the mix digest and the uncles', () => {
    const s = setup();
    const h1 = extend(s, s.genesis, 'A', { coinbase: address('D'), nonce: NONCE_AUTH_VOTE });
    const cases: [Partial<HeaderFields>, string, string | RegExp][] = [
      [{ nonce: hexToBytes('0x0000000000000001') }, 'nonce', 'vote nonce not 0x00..0 or 0xff..f: 0x0000000000000001'],
      [{ extraData: new Uint8Array(31) }, 'extraData', 'extra-data 32 byte vanity prefix missing'],
      [{ extraData: new Uint8Array(EXTRA_VANITY + 64) }, 'extraData', 'extra-data 65 byte signature suffix missing'],
      [
        { extraData: new Uint8Array(EXTRA_VANITY + 20 + EXTRA_SEAL) },
        'extraData',
        'non-checkpoint block contains extra signer list (20 bytes)',
      ],
      [{ mixHash: new Uint8Array(32).fill(1) }, 'mixHash', /^non-zero mix digest: 0x0101/],
      [{ ommersHash: EMPTY_TRIE_ROOT }, 'ommersHash', /^non empty uncle hash/],
      [{ gasUsed: s.genesis.gasLimit + 1n }, 'gasUsed', 'invalid gasUsed: have 10000001, gasLimit 10000000'],
      [{ baseFeePerGas: 7n }, 'baseFeePerGas', 'unexpected baseFeePerGas: London is not active (have 7)'],
      [{ number: 3n }, 'parentHash', /^unknown ancestor/],
    ];
    for (const [fields, field, message] of cases) {
      // Sealed after the change, so that only the field itself is wrong (short extra-data cannot carry a seal).
      const unsealed = cliqueChild(h1, s.period, { difficulty: difficultyFor(s, h1, 'B'), ...fields });
      const header = unsealed.extraData.length >= EXTRA_VANITY + EXTRA_SEAL ? accounts.seal(unsealed, 'B') : unsealed;
      expectConsensusError(() => s.engine.verifyHeader(s.chain, header), field, message);
    }
  });

  it('checks checkpoint blocks: no vote, and the signer list of the snapshot', () => {
    const s = setup({ epoch: 2 });
    const h1 = extend(s, s.genesis, 'A');
    const signers = cliqueExtraData(['A', 'B', 'C'].map(address));
    const cases: [Partial<HeaderFields>, string, string | RegExp][] = [
      [{ coinbase: address('D') }, 'coinbase', `beneficiary in checkpoint block non-zero: ${bytesToHex(address('D'))}`],
      [{ nonce: NONCE_AUTH_VOTE }, 'nonce', 'vote nonce in checkpoint block non-zero: 0xffffffffffffffff'],
      [
        { extraData: new Uint8Array(EXTRA_VANITY + 19 + EXTRA_SEAL) },
        'extraData',
        'invalid signer list on checkpoint block: 19 bytes is not a whole number of addresses',
      ],
      [{ extraData: cliqueExtraData(['A', 'B'].map(address)) }, 'extraData', 'mismatching signer list on checkpoint block'],
      [{ extraData: new Uint8Array(EXTRA_VANITY + EXTRA_SEAL) }, 'extraData', 'mismatching signer list on checkpoint block'],
    ];
    for (const [fields, field, message] of cases) {
      const header = child(s, h1, 'B', { extraData: signers, ...fields });
      expectConsensusError(() => s.engine.verifyHeader(s.chain, header), field, message);
    }
    extend(s, h1, 'B', { extraData: signers });
  });

  it('uses a given parent that the chain does not store, and checks that it is the parent', () => {
    const s = setup();
    const h1 = child(s, s.genesis, 'A');
    const h2 = child(s, h1, 'B');
    s.engine.verifyHeader(s.chain, h2, h1);
    expectConsensusError(() => s.engine.verifyHeader(s.chain, h2), 'parentHash', `unknown ancestor: ${bytesToHex(h1.hash)}`);
    expectConsensusError(
      () => s.engine.verifyHeader(s.chain, h2, s.genesis),
      'parentHash',
      /^unknown ancestor: parentHash 0x[0-9a-f]+ is not the given parent/,
    );
  });

  it('accepts the London rules, runs Shanghai and Cancun once scheduled (unlike geth) and refuses Prague', () => {
    const s = setup({ config: configForFork('London', 1337n) });
    const h1 = extend(s, s.genesis, 'A');
    expectConsensusError(
      () => s.engine.verifyHeader(s.chain, child(s, h1, 'B', { baseFeePerGas: h1.baseFeePerGas! + 1n })),
      'baseFeePerGas',
      /^invalid baseFee/,
    );
    // Cancun's fields on a chain that does not schedule Cancun.
    const cancunFields = {
      withdrawalsRoot: EMPTY_TRIE_ROOT,
      blobGasUsed: 0n,
      excessBlobGas: 0n,
      parentBeaconBlockRoot: new Uint8Array(32),
    };
    const withFields = new Header({ ...child(s, h1, 'B'), ...cancunFields });
    expectConsensusError(
      () => s.engine.verifyHeader(s.chain, withFields),
      'withdrawalsRoot',
      'unexpected withdrawalsRoot: Shanghai is not active (have 0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421)',
    );
    // A chain that schedules Cancun: from its time on, blocks must carry its fields, and with them are valid.
    const scheduled = setup({ config: { ...configForFork('London', 1337n), shanghaiTime: 1006n, cancunTime: 1006n } });
    const at = { timestamp: 1006n };
    expectConsensusError(
      () => scheduled.engine.verifyHeader(scheduled.chain, child(scheduled, scheduled.genesis, 'A', at)),
      'withdrawalsRoot',
      /^missing withdrawalsRoot/,
    );
    extend(scheduled, scheduled.genesis, 'A', { ...at, ...cancunFields });
    const prague = setup({ config: { ...configForFork('London', 1337n), pragueTime: 0n } });
    expectConsensusError(
      () => prague.engine.verifyHeader(prague.chain, child(prague, prague.genesis, 'A', at)),
      'timestamp',
      /^clique does not support prague fork/,
    );
  });

  it('trusts a checkpoint whose parent the chain does not have', () => {
    const s = setup({ epoch: 2 });
    const h1 = extend(s, s.genesis, 'A');
    // The checkpoint lists a different set: only a node that starts there takes it as given.
    const checkpoint = accounts.seal(
      cliqueChild(h1, s.period, { difficulty: 1n, extraData: cliqueExtraData(['D', 'E'].map(address)) }),
      'B',
    );
    const partial = new MemoryHeaderChain(s.config);
    partial.add(checkpoint);
    const engine = new CliqueEngine(s.config.clique!, { now: () => NOW });
    const snap = engine.snapshot(partial, checkpoint.number, checkpoint.hash);
    expect(snap.signers.map(bytesToHex)).toEqual(['D', 'E'].map(address).map(bytesToHex).sort());
    expect(() => engine.snapshot(partial, 1n, h1.hash)).toThrow(`unknown ancestor: ${bytesToHex(h1.hash)}`);
  });
});

describe('CliqueEngine building and sealing', () => {
  function authorized(s: Setup, name: string): CliqueEngine {
    const engine = new CliqueEngine(s.config.clique!, { now: () => NOW, random: () => 0 });
    engine.authorize(address(name), privateKeySignFn(accounts.key(name)));
    return engine;
  }

  /** Header fields of a block being built on `parent`, before the engine fills its own. */
  function draft(parent: Header, extraData: Bytes = new Uint8Array(0)): HeaderFields {
    return {
      ...cliqueChild(parent, 1n),
      coinbase: address('C'),
      difficulty: 0n,
      extraData,
      mixHash: new Uint8Array(32).fill(9),
      timestamp: 0n,
    };
  }

  it('prepares the difficulty of the local turn, the extra-data frame, the mix digest and the time', () => {
    const s = setup({ now: 2000n });
    const order = turnOrder('ABC');
    const inTurn = authorized(s, order[1]!);
    const fields = draft(s.genesis, new Uint8Array(40).fill(7));
    inTurn.prepare(s.chain, fields);
    expect(fields.difficulty).toBe(2n);
    expect(bytesToHex(fields.extraData)).toBe(bytesToHex(concatBytes(new Uint8Array(32).fill(7), new Uint8Array(EXTRA_SEAL))));
    expect(fields.mixHash.every((x) => x === 0)).toBe(true);
    expect(fields.coinbase.every((x) => x === 0)).toBe(true);
    expect(fields.nonce.every((x) => x === 0)).toBe(true);
    expect(fields.timestamp).toBe(NOW); // now is later than parent + period
    expect(inTurn.calcDifficulty(s.chain, 0n, s.genesis)).toBe(2n);
    const outOfTurn = authorized(s, order[0]!);
    const other = draft(s.genesis);
    outOfTurn.prepare(s.chain, other);
    expect(other.difficulty).toBe(1n);
    expect(outOfTurn.calcDifficulty(s.chain, 0n, s.genesis)).toBe(1n);
    // No signer: never in turn.
    expect(s.engine.calcDifficulty(s.chain, 0n, s.genesis)).toBe(1n);
  });

  it('prepares the time as the parent time plus the period when that is later than now', () => {
    const s = setup({ period: 5 });
    const engine = new CliqueEngine(s.config.clique!, { now: () => 900n });
    const fields = draft(s.genesis);
    engine.prepare(s.chain, fields);
    expect(fields.timestamp).toBe(1005n);
  });

  it('lists the signers on checkpoints and casts votes on pending proposals elsewhere', () => {
    const s = setup({ epoch: 2 });
    const engine = authorized(s, 'A');
    engine.propose(address('D'), true);
    engine.propose(address('A'), true); // A is a signer already: not a vote worth casting
    expect([...engine.proposals]).toEqual([
      [bytesToHex(address('D')), true],
      [bytesToHex(address('A')), true],
    ]);
    const fields = draft(s.genesis);
    engine.prepare(s.chain, fields);
    expect(bytesToHex(fields.coinbase)).toBe(bytesToHex(address('D')));
    expect(bytesToHex(fields.nonce)).toBe('0xffffffffffffffff');
    engine.discard(address('D'));
    engine.propose(address('B'), false);
    const drop = draft(s.genesis);
    engine.prepare(s.chain, drop);
    expect(bytesToHex(drop.coinbase)).toBe(bytesToHex(address('B')));
    expect(bytesToHex(drop.nonce)).toBe('0x0000000000000000');

    const h1 = extend(s, s.genesis, 'B');
    const checkpoint = draft(h1);
    engine.prepare(s.chain, checkpoint);
    expect(checkpoint.coinbase.every((x) => x === 0)).toBe(true);
    expect(checkpoint.nonce.every((x) => x === 0)).toBe(true);
    expect(bytesToHex(checkpoint.extraData)).toBe(bytesToHex(cliqueExtraData(['A', 'B', 'C'].map(address))));
    expect(() => engine.propose(new Uint8Array(3), true)).toThrow('clique proposal must be a 20-byte address, got 3 bytes');
  });

  it('seals a prepared block that then verifies, with an async sign function too', async () => {
    const s = setup();
    const engine = new CliqueEngine(s.config.clique!, { now: () => NOW });
    const key = accounts.key('A');
    engine.authorize(address('A'), async (hash) => signatureToBytes(sign(hash, key)));
    expect(bytesToHex(engine.signer!)).toBe(bytesToHex(address('A')));
    const fields = draft(s.genesis);
    engine.prepare(s.chain, fields);
    const block = new Block(new Header(fields), { transactions: [], ommers: [] });
    const sealed = await engine.seal(s.chain, block);
    expect(sealed.header.extraData.length).toBe(EXTRA_VANITY + EXTRA_SEAL);
    expect(bytesToHex(sealed.header.extraData.subarray(0, EXTRA_VANITY))).toBe(
      bytesToHex(new Uint8Array(EXTRA_VANITY)),
    );
    s.engine.verifyHeader(s.chain, sealed.header);
    expect(bytesToHex(s.engine.author(sealed.header))).toBe(bytesToHex(address('A')));
  });

  it('refuses to seal when unauthorized, signed recently, without a signer, or with a wrong key', async () => {
    const s = setup();
    const build = (engine: CliqueEngine, parent: Header) => {
      const fields = draft(parent);
      engine.prepare(s.chain, fields);
      return new Block(new Header(fields), { transactions: [], ommers: [] });
    };
    await expect(s.engine.seal(s.chain, build(s.engine, s.genesis))).rejects.toThrow('clique: no signer authorized to seal with');
    const outsider = authorized(s, 'D');
    await expect(outsider.seal(s.chain, build(outsider, s.genesis))).rejects.toThrow(
      `unauthorized signer ${bytesToHex(address('D'))}`,
    );
    const a = authorized(s, 'A');
    const h1 = extend(s, s.genesis, 'A');
    await expect(a.seal(s.chain, build(a, h1))).rejects.toThrow(
      `recently signed: ${bytesToHex(address('A'))} must wait for others before block 2`,
    );
    const liar = new CliqueEngine(s.config.clique!, { now: () => NOW });
    liar.authorize(address('B'), privateKeySignFn(accounts.key('C')));
    await expect(liar.seal(s.chain, build(liar, h1))).rejects.toThrow(
      `clique: the sign function signed as ${bytesToHex(address('C'))}, not as the signer ${bytesToHex(address('B'))}`,
    );
    await expect(a.seal(s.chain, new Block(s.genesis, { transactions: [], ommers: [] }))).rejects.toThrow(
      'clique: sealing the genesis block is not supported',
    );
    expect(() => a.authorize(new Uint8Array(19), privateKeySignFn(accounts.key('A')))).toThrow(
      'clique signer must be a 20-byte address, got 19 bytes',
    );
  });

  it('seals no empty block on a chain with a period of 0', async () => {
    const s = setup({ period: 0 });
    const engine = authorized(s, 'A');
    const fields = draft(s.genesis);
    engine.prepare(s.chain, fields);
    await expect(engine.seal(s.chain, new Block(new Header(fields), { transactions: [], ommers: [] }))).rejects.toThrow(
      'clique: waiting for transactions (a chain with period 0 seals no empty block)',
    );
  });

  it('refuses uncles', () => {
    const s = setup();
    const header = child(s, s.genesis, 'A');
    s.engine.verifyUncles(s.chain, new Block(header, { transactions: [], ommers: [] }));
    expectConsensusError(
      () => s.engine.verifyUncles(s.chain, new Block(header, { transactions: [], ommers: [s.genesis] })),
      'ommers',
      'uncles not allowed: have 1',
    );
  });

  it('validates its configuration', () => {
    expect(new CliqueEngine({ period: 3, epoch: 0 }).epoch).toBe(DEFAULT_EPOCH);
    expect(new CliqueEngine({ period: 3, epoch: 100 }).epoch).toBe(100n);
    expect(() => new CliqueEngine({ period: -1, epoch: 0 })).toThrow('clique period must be a non-negative integer, got -1');
    expect(() => new CliqueEngine({ period: 1, epoch: 1.5 })).toThrow('clique epoch must be a non-negative integer, got 1.5');
  });
});

describe('sealDelay', () => {
  const at = (timestamp: bigint, difficulty: bigint) => ({ timestamp, difficulty });

  it('waits until the block time, plus a wiggle of up to (N/2+1) * 500ms out of turn', () => {
    expect(sealDelay(at(100n, DIFF_IN_TURN), 3, 98_500, () => 0.99)).toBe(1500);
    expect(sealDelay(at(100n, DIFF_NO_TURN), 3, 98_500, () => 0)).toBe(1500);
    // Three signers: wiggle in [0, 2 * 500ms).
    expect(sealDelay(at(100n, DIFF_NO_TURN), 3, 98_500, () => 0.5)).toBe(1500 + WIGGLE_TIME_MS);
    expect(sealDelay(at(100n, DIFF_NO_TURN), 3, 98_500, () => 0.999999)).toBe(1500 + 2 * WIGGLE_TIME_MS - 1);
    expect(sealDelay(at(100n, DIFF_NO_TURN), 5, 100_000, () => 0.5)).toBe(750);
    // A block whose time has passed seals at once (the wiggle still counts from its time).
    expect(sealDelay(at(100n, DIFF_IN_TURN), 3, 105_000)).toBe(0);
    expect(sealDelay(at(100n, DIFF_NO_TURN), 3, 100_200, () => 0.5)).toBe(300);
  });

  it('counts the signers of the snapshot at the parent', () => {
    const s = setup({ signers: 'ABCDE' });
    const engine = new CliqueEngine(s.config.clique!, { now: () => NOW, random: () => 0.5 });
    const header = child(s, s.genesis, turnOrder('ABCDE')[0]!);
    expect(header.difficulty).toBe(1n);
    expect(engine.sealDelay(s.chain, header, Number(header.timestamp) * 1000)).toBe(750);
  });
});

describe('clique behind the beacon engine', () => {
  it('verifies and authors the pre-merge clique blocks of a chain that merges later', () => {
    const s = setup({ config: { ...configForFork('London', 1337n), terminalTotalDifficulty: 100n } });
    const beacon = new BeaconEngine(s.engine);
    const header = child(s, s.genesis, 'A');
    beacon.verifyHeader(s.chain, header);
    expect(bytesToHex(beacon.author(header))).toBe(bytesToHex(address('A')));
  });
});
