// The state of clique's authorization voting at one block (geth's clique.Snapshot): who may sign, who signed
// recently, and the votes cast since the last checkpoint. Snapshots are immutable: apply returns a new one.
import { bytesEqual, bytesToHex, hexToBytes, type Bytes } from '../../common/bytes.js';
import type { Header } from '../../core/types/header.js';
import { ConsensusError } from '../errors.js';
import { checkpointSigners, compareAddresses } from './extraData.js';

/** The nonce of a vote to add the coinbase as a signer. */
export const NONCE_AUTH_VOTE: Bytes = new Uint8Array(8).fill(0xff);
/** The nonce of a vote to remove the coinbase, and of a block casting no vote. */
export const NONCE_DROP_VOTE: Bytes = new Uint8Array(8);
/** Difficulty of a block signed in turn, and out of turn. */
export const DIFF_IN_TURN = 2n;
export const DIFF_NO_TURN = 1n;

/** One signer's standing vote. */
export interface Vote {
  signer: Bytes;
  /** The block that cast it (votes expire at the next checkpoint). */
  block: bigint;
  address: Bytes;
  authorize: boolean;
}

/** The votes on one account, all for the same change. */
export interface Tally {
  authorize: boolean;
  votes: number;
}

/** Recovers a header's signer (the engine passes its cached recovery). */
export type SignerRecovery = (header: Header) => Bytes;

const key = (address: Bytes): string => bytesToHex(address);

export class Snapshot {
  readonly #signers: Set<string>;
  /** Block number -> its signer, for the last floor(N/2)+1 blocks. */
  readonly #recents: Map<bigint, string>;
  readonly #votes: Vote[];
  readonly #tally: Map<string, Tally>;
  #sorted: Bytes[] | undefined;

  private constructor(
    readonly epoch: bigint,
    readonly number: bigint,
    readonly hash: Bytes,
    signers: Set<string>,
    recents: Map<bigint, string>,
    votes: Vote[],
    tally: Map<string, Tally>,
  ) {
    this.#signers = signers;
    this.#recents = recents;
    this.#votes = votes;
    this.#tally = tally;
  }

  /** The snapshot at a trusted block (genesis, or a checkpoint taken as given): its signers, no history. */
  static fromSigners(epoch: bigint, number: bigint, hash: Bytes, signers: readonly Bytes[]): Snapshot {
    return new Snapshot(epoch, number, hash, new Set(signers.map(key)), new Map(), [], new Map());
  }

  /** The snapshot at a trusted checkpoint header, with the signers its extra-data lists. */
  static fromCheckpoint(epoch: bigint, header: Header): Snapshot {
    return Snapshot.fromSigners(epoch, header.number, header.hash, checkpointSigners(header.extraData));
  }

  /** The authorized signers, ascending: the order of turns and of checkpoint signer lists. */
  get signers(): Bytes[] {
    return this.#sortedSigners().map((s) => s.slice());
  }

  get signerCount(): number {
    return this.#signers.size;
  }

  /** The recent signers by block number. */
  get recents(): ReadonlyMap<bigint, Bytes> {
    return new Map([...this.#recents].map(([n, s]) => [n, hexToBytes(s)]));
  }

  get votes(): readonly Vote[] {
    return this.#votes;
  }

  tallyOf(address: Bytes): Tally | undefined {
    const t = this.#tally.get(key(address));
    return t === undefined ? undefined : { ...t };
  }

  isSigner(address: Bytes): boolean {
    return this.#signers.has(key(address));
  }

  /** How many blocks in a row one signer may not sign more than one of: floor(N/2)+1. */
  get signingLimit(): bigint {
    return BigInt(Math.floor(this.#signers.size / 2) + 1);
  }

  /** Whether `signer` is the one whose turn block `number` is: signers take turns in ascending order. */
  inTurn(number: bigint, signer: Bytes): boolean {
    const signers = this.#sortedSigners();
    const offset = signers.findIndex((s) => bytesEqual(s, signer));
    return offset >= 0 && number % BigInt(signers.length) === BigInt(offset);
  }

  /** Whether `signer` signed one of the blocks before `number` too recently to sign block `number` (on top of this). */
  recentlySigned(signer: Bytes, number: bigint): boolean {
    const id = key(signer);
    const limit = this.signingLimit;
    for (const [seen, recent] of this.#recents) if (recent === id && seen > number - limit) return true;
    return false;
  }

  #sortedSigners(): Bytes[] {
    return (this.#sorted ??= [...this.#signers].map((s) => hexToBytes(s)).sort(compareAddresses));
  }

  /** A vote is meaningful when it would change something: adding a non-signer or dropping a signer. */
  validVote(address: Bytes, authorize: boolean): boolean {
    return this.#signers.has(key(address)) !== authorize;
  }

  /**
   * The snapshot after `headers`, which must follow this snapshot's block one by one. Throws a ConsensusError for
   * a broken chain, a signer that is not authorized or signed too recently, or a nonce that is no vote.
   */
  apply(headers: readonly Header[], recover: SignerRecovery): Snapshot {
    if (headers.length === 0) return this;
    let prevNumber = this.number;
    let prevHash = this.hash;
    for (const header of headers) {
      if (header.number !== prevNumber + 1n || !bytesEqual(header.parentHash, prevHash)) {
        throw new ConsensusError(
          'parentHash',
          `invalid voting chain: block ${header.number} does not follow block ${prevNumber} ${bytesToHex(prevHash)}`,
        );
      }
      prevNumber = header.number;
      prevHash = header.hash;
    }
    const signers = new Set(this.#signers);
    const recents = new Map(this.#recents);
    let votes = this.#votes.map((v) => ({ ...v }));
    const tally = new Map([...this.#tally].map(([a, t]) => [a, { ...t }]));
    const limitOf = () => BigInt(Math.floor(signers.size / 2) + 1);

    const uncast = (address: string, authorize: boolean): void => {
      const t = tally.get(address);
      if (t === undefined || t.authorize !== authorize) return;
      if (t.votes > 1) t.votes--;
      else tally.delete(address);
    };

    for (const header of headers) {
      const number = header.number;
      if (number % this.epoch === 0n) {
        votes = [];
        tally.clear();
      }
      // The oldest signer leaves the window this block moves past.
      recents.delete(number - limitOf());
      const signer = recover(header);
      const signerId = key(signer);
      if (!signers.has(signerId)) {
        throw new ConsensusError('extraData', `unauthorized signer ${signerId} at block ${number}`);
      }
      for (const recent of recents.values()) {
        if (recent === signerId) {
          throw new ConsensusError('extraData', `recently signed: ${signerId} at block ${number}`);
        }
      }
      recents.set(number, signerId);

      // A signer's new vote on an account replaces its earlier one.
      const target = key(header.coinbase);
      const previous = votes.findIndex((v) => key(v.signer) === signerId && key(v.address) === target);
      if (previous >= 0) {
        uncast(target, votes[previous]!.authorize);
        votes.splice(previous, 1);
      }
      let authorize: boolean;
      if (bytesEqual(header.nonce, NONCE_AUTH_VOTE)) authorize = true;
      else if (bytesEqual(header.nonce, NONCE_DROP_VOTE)) authorize = false;
      else throw new ConsensusError('nonce', `vote nonce not 0x00..0 or 0xff..f: ${bytesToHex(header.nonce)}`);
      // Only a vote that would change something counts.
      if (signers.has(target) !== authorize) {
        const t = tally.get(target);
        if (t === undefined) tally.set(target, { authorize, votes: 1 });
        else t.votes++;
        votes.push({ signer, block: number, address: header.coinbase, authorize });
      }

      const t = tally.get(target);
      if (t === undefined || t.votes <= Math.floor(signers.size / 2)) continue;
      // A majority: the change takes effect.
      if (t.authorize) {
        signers.add(target);
      } else {
        signers.delete(target);
        // The window shrank with the signer set: its oldest entry leaves too.
        recents.delete(number - limitOf());
        // The dropped signer's votes no longer count.
        votes = votes.filter((v) => {
          if (key(v.signer) !== target) return true;
          uncast(key(v.address), v.authorize);
          return false;
        });
      }
      // Votes on the account just changed are settled.
      votes = votes.filter((v) => key(v.address) !== target);
      tally.delete(target);
    }
    const last = headers[headers.length - 1]!;
    return new Snapshot(this.epoch, last.number, last.hash, signers, recents, votes, tally);
  }
}
