import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes } from '../../common/bytes.js';
import type { Header } from '../../core/types/header.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { configForFork } from '../../params/forks.js';
import { ConsensusError } from '../errors.js';
import { CliqueEngine } from './clique.js';
import { cliqueExtraData, EXTRA_SEAL, EXTRA_VANITY } from './extraData.js';
import { recoverCliqueSigner } from './seal.js';
import { NONCE_AUTH_VOTE, NONCE_DROP_VOTE, Snapshot } from './snapshot.js';
import { cliqueChild, cliqueGenesisHeader, MemoryHeaderChain, TestAccounts } from './testKit.js';

/**
 * One block of a scenario: "A" (A signs, no vote), "A+C" / "A-C" (A signs and votes to add / drop C), "A|ABC"
 * (A signs a checkpoint listing A, B and C); a trailing "^" verifies the block with a fresh engine, whose
 * snapshot must be rebuilt from the stored headers.
 */
interface Step {
  signer: string;
  voted?: string;
  authorize: boolean;
  checkpoint?: string[];
  fresh: boolean;
}

function parseStep(token: string): Step {
  const m = /^([A-Z])(?:([+-])([A-Z])|\|([A-Z]*))?(\^)?$/.exec(token);
  if (m === null) throw new Error(`bad scenario step ${token}`);
  return {
    signer: m[1]!,
    voted: m[3],
    authorize: m[2] === '+',
    checkpoint: m[4]?.split(''),
    fresh: m[5] !== undefined,
  };
}

interface Scenario {
  name: string;
  epoch?: number;
  signers: string;
  votes: string;
  /** The signers after the last block. */
  result?: string;
  /** Or the error of the last block. */
  failure?: RegExp;
}

// The voting scenarios of EIP-225's test cases (geth's TestClique): signers A..F, each block signed by one.
const SCENARIOS: Scenario[] = [
  { name: 'single signer, no votes cast', signers: 'A', votes: 'A', result: 'A' },
  { name: 'single signer, voting to add two others (the second needs 2 votes)', signers: 'A', votes: 'A+B B A+C', result: 'AB' },
  {
    name: 'two signers, voting to add three others (the third needs 3 votes)',
    signers: 'AB',
    votes: 'A+C B+C A+D B+D C A+E B+E',
    result: 'ABCD',
  },
  { name: 'single signer, dropping itself', signers: 'A', votes: 'A-A', result: '' },
  { name: 'two signers, dropping one without consent', signers: 'AB', votes: 'A-B', result: 'AB' },
  { name: 'two signers, dropping one with mutual consent', signers: 'AB', votes: 'A-B B-B', result: 'A' },
  { name: 'three signers, two dropping the third', signers: 'ABC', votes: 'A-C B-C', result: 'AB' },
  { name: 'four signers, two votes are not enough to drop one', signers: 'ABCD', votes: 'A-C B-C', result: 'ABCD' },
  { name: 'four signers, three votes drop one', signers: 'ABCD', votes: 'A-D B-D C-D', result: 'ABC' },
  { name: 'authorizations count once per signer per target', signers: 'AB', votes: 'A+C B A+C B A+C', result: 'AB' },
  { name: 'authorizing several accounts at once', signers: 'AB', votes: 'A+C B A+D B A B+D A B+C', result: 'ABCD' },
  { name: 'deauthorizations count once per signer per target', signers: 'AB', votes: 'A-B B A-B B A-B', result: 'AB' },
  {
    name: 'deauthorizing several accounts at once',
    signers: 'ABCD',
    votes: 'A-C B C A-D B C A B-D C-D A B-C',
    result: 'AB',
  },
  { name: "a dropped signer's drop votes are discarded", signers: 'ABC', votes: 'C-B A-C B-C A-B', result: 'AB' },
  { name: "a dropped signer's add votes are discarded", signers: 'ABC', votes: 'C+D A-C B-C A+D', result: 'AB' },
  {
    name: 'no cascading changes: only the account voted on changes',
    signers: 'ABCD',
    votes: 'A-C B C A-D B-C C A B-D C-D',
    result: 'ABC',
  },
  {
    name: 'a change that reached consensus out of bounds executes on touch',
    signers: 'ABCD',
    votes: 'A-C B C A-D B-C C A B-D C-D A C+C',
    result: 'AB',
  },
  {
    name: 'a change that reached consensus out of bounds may fall out of consensus on first touch',
    signers: 'ABCD',
    votes: 'A-C B C A-D B-C C A B-D C-D A B+C',
    result: 'ABC',
  },
  {
    name: 'pending votes do not survive authorization changes',
    signers: 'ABCDE',
    votes: 'A+F B+F C+F D-F E-F B-F C-F D+F E+F B-A C-A D-A B+F',
    result: 'BCDEF',
  },
  { name: 'an epoch checkpoint resets the votes', epoch: 3, signers: 'AB', votes: 'A+C B A|AB B+C', result: 'AB' },
  { name: 'an unauthorized signer cannot sign', signers: 'A', votes: 'B', failure: /^unauthorized signer/ },
  { name: 'a signer cannot sign twice in a row of two', signers: 'AB', votes: 'A A', failure: /^recently signed/ },
  {
    name: 'recent signers are not reset by a checkpoint',
    epoch: 3,
    signers: 'ABC',
    votes: 'A B A|ABC A',
    failure: /^recently signed/,
  },
  {
    name: 'recent signers are not reset by a checkpoint, with a cold snapshot cache (the Rinkeby split)',
    epoch: 3,
    signers: 'ABC',
    votes: 'A B A|ABC A^',
    failure: /^recently signed/,
  },
];

function scenarioConfig(epoch: number): ChainConfig {
  return { ...configForFork('Berlin', 1337n), clique: { period: 1, epoch } };
}

function runScenario(s: Scenario): void {
  const accounts = new TestAccounts();
  const addresses = (names: string | string[]) => [...names].map((n) => accounts.address(n));
  const config = scenarioConfig(s.epoch ?? 0);
  const newEngine = () => new CliqueEngine(config.clique!, { now: () => 1n << 40n });
  const chain = new MemoryHeaderChain(config);
  let engine = newEngine();
  const genesis = cliqueGenesisHeader(addresses(s.signers));
  chain.add(genesis);
  let running = Snapshot.fromCheckpoint(engine.epoch, genesis);
  let parent: Header = genesis;
  const steps = s.votes.split(' ').map(parseStep);
  steps.forEach((step, i) => {
    const number = parent.number + 1n;
    const signer = accounts.address(step.signer);
    const unsealed = cliqueChild(parent, 1n, {
      coinbase: step.voted === undefined ? new Uint8Array(20) : accounts.address(step.voted),
      nonce: step.authorize ? NONCE_AUTH_VOTE : NONCE_DROP_VOTE,
      difficulty: running.inTurn(number, signer) ? 2n : 1n,
      ...(step.checkpoint === undefined ? {} : { extraData: cliqueExtraData(addresses(step.checkpoint)) }),
    });
    const header = accounts.seal(unsealed, step.signer);
    if (step.fresh) engine = newEngine();
    if (i === steps.length - 1 && s.failure !== undefined) {
      expect(() => engine.verifyHeader(chain, header)).toThrow(s.failure);
      expect(() => running.apply([header], recoverCliqueSigner)).toThrow(s.failure);
      return;
    }
    engine.verifyHeader(chain, header);
    chain.add(header);
    running = running.apply([header], recoverCliqueSigner);
    parent = header;
  });
  if (s.result === undefined) return;
  const names = (snap: Snapshot) => snap.signers.map((a) => accounts.nameOf(a)).sort().join('');
  expect(names(running)).toBe(s.result);
  // A cold engine rebuilds the same snapshot from the stored headers.
  expect(names(newEngine().snapshot(chain, parent.number, parent.hash))).toBe(s.result);
}

describe('clique voting (EIP-225 scenarios)', () => {
  for (const s of SCENARIOS) it(s.name, () => runScenario(s));
});

describe('Snapshot', () => {
  const accounts = new TestAccounts();
  const [a, b, c] = ['A', 'B', 'C'].map((n) => accounts.address(n)) as [Uint8Array, Uint8Array, Uint8Array];
  const genesis = cliqueGenesisHeader([a, b, c]);

  it('takes turns in ascending address order and keeps floor(N/2)+1 recents', () => {
    const snap = Snapshot.fromCheckpoint(30_000n, genesis);
    const sorted = snap.signers;
    expect(sorted.map(bytesToHex)).toEqual([a, b, c].map(bytesToHex).sort());
    expect(snap.signingLimit).toBe(2n);
    for (let n = 0n; n < 6n; n++) {
      const turn = sorted[Number(n % 3n)]!;
      expect(snap.inTurn(n, turn)).toBe(true);
      expect(sorted.filter((s) => snap.inTurn(n, s))).toHaveLength(1);
    }
    expect(snap.inTurn(1n, new Uint8Array(20))).toBe(false);
    expect(Snapshot.fromSigners(30_000n, 0n, genesis.hash, []).inTurn(0n, a)).toBe(false);
  });

  it('records recents and votes, and expires a vote at the checkpoint', () => {
    const d = accounts.address('D');
    const h1 = accounts.seal(cliqueChild(genesis, 1n, { coinbase: d, nonce: NONCE_AUTH_VOTE }), 'A');
    const h2 = accounts.seal(cliqueChild(h1, 1n), 'B');
    const snap = Snapshot.fromCheckpoint(3n, genesis).apply([h1, h2], recoverCliqueSigner);
    expect(snap.number).toBe(2n);
    expect(bytesToHex(snap.hash)).toBe(bytesToHex(h2.hash));
    expect([...snap.recents].map(([n, s]) => [n, accounts.nameOf(s)])).toEqual([
      [1n, 'A'],
      [2n, 'B'],
    ]);
    expect(snap.votes.map((v) => [accounts.nameOf(v.signer), accounts.nameOf(v.address), v.authorize, v.block])).toEqual([
      ['A', 'D', true, 1n],
    ]);
    expect(snap.tallyOf(d)).toEqual({ authorize: true, votes: 1 });
    // A may sign again at 3: block 1 leaves the window of two.
    expect(snap.recentlySigned(a, 3n)).toBe(false);
    expect(snap.recentlySigned(b, 3n)).toBe(true);
    const h3 = accounts.seal(cliqueChild(h2, 1n, { extraData: cliqueExtraData([a, b, c]) }), 'A');
    const after = snap.apply([h3], recoverCliqueSigner);
    expect(after.votes).toEqual([]);
    expect(after.tallyOf(d)).toBeUndefined();
    // The input snapshot is unchanged.
    expect(snap.votes).toHaveLength(1);
  });

  it('refuses headers that do not follow it, and nonces that are no vote', () => {
    const snap = Snapshot.fromCheckpoint(30_000n, genesis);
    const h1 = accounts.seal(cliqueChild(genesis, 1n), 'A');
    const h2 = accounts.seal(cliqueChild(h1, 1n), 'B');
    expect(() => snap.apply([h2], recoverCliqueSigner)).toThrow(/^invalid voting chain: block 2 does not follow block 0/);
    expect(() => snap.apply([h1, h1], recoverCliqueSigner)).toThrow(/^invalid voting chain/);
    const orphan = accounts.seal(cliqueChild(genesis, 1n, { parentHash: new Uint8Array(32).fill(1) }), 'A');
    expect(() => snap.apply([orphan], recoverCliqueSigner)).toThrow(/^invalid voting chain/);
    const badNonce = accounts.seal(cliqueChild(genesis, 1n, { nonce: new Uint8Array(8).fill(1) }), 'A');
    const err = (() => {
      try {
        snap.apply([badNonce], recoverCliqueSigner);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConsensusError);
    expect((err as ConsensusError).field).toBe('nonce');
    expect((err as ConsensusError).message).toBe('vote nonce not 0x00..0 or 0xff..f: 0x0101010101010101');
    expect(snap.apply([], recoverCliqueSigner)).toBe(snap);
  });

  it('reads a checkpoint signer list and refuses a malformed one', () => {
    const bad = cliqueGenesisHeader([], { extraData: concatBytes(new Uint8Array(EXTRA_VANITY + 19), new Uint8Array(EXTRA_SEAL)) });
    expect(() => Snapshot.fromCheckpoint(30_000n, bad)).toThrow(
      'invalid signer list on checkpoint block: 19 bytes is not a whole number of addresses',
    );
    const short = cliqueGenesisHeader([], { extraData: new Uint8Array(EXTRA_VANITY + 10) });
    expect(() => Snapshot.fromCheckpoint(30_000n, short)).toThrow('extra-data 65 byte signature suffix missing');
  });
});
