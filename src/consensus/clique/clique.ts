// The clique proof-of-authority engine (EIP-225, geth's consensus/clique): a fixed set of signers seals blocks
// in turn, each at most once in any floor(N/2)+1 blocks, and votes signers in and out through the coinbase and
// nonce of the blocks it seals. Snapshots of the voting state are rebuilt by walking back through the chain's
// headers to genesis or a trusted checkpoint, and kept in memory (nothing is persisted: a restarted node walks
// back again, at most one immutability threshold plus an epoch of headers).
//
// Unlike geth's, which stops at London, this clique runs Shanghai and Cancun (withdrawals and blob fields are
// part of the sealed header): PoA devnets get the forks mainnet has. Prague is refused.
import { bytesEqual, bytesToHex, concatBytes, type Bytes } from '../../common/bytes.js';
import { Block } from '../../core/types/block.js';
import type { Header, HeaderFields } from '../../core/types/header.js';
import { EMPTY_UNCLE_HASH } from '../../crypto/keccak.js';
import { rulesFor, type ChainConfig, type CliqueConfig } from '../../params/chainConfig.js';
import type { ChainHeaderReader, Engine } from '../engine.js';
import { ConsensusError } from '../errors.js';
import { verifyGasAndForkFields } from '../misc/headerRules.js';
import { ADDRESS_LENGTH, checkExtraDataFrame, EXTRA_SEAL, EXTRA_VANITY, signerSection } from './extraData.js';
import { LruCache } from '../../common/lru.js';
import { cliqueSealHash, recoverCliqueSigner, withSeal, type CliqueSignFn } from './seal.js';
import { DIFF_IN_TURN, DIFF_NO_TURN, NONCE_AUTH_VOTE, NONCE_DROP_VOTE, Snapshot } from './snapshot.js';

/** geth's default epoch: blocks between checkpoints that reset the votes. */
export const DEFAULT_EPOCH = 30_000n;
/** Per-signer step of the random delay of out-of-turn sealing, so that not every signer seals at once. */
export const WIGGLE_TIME_MS = 500;
/**
 * geth's params.FullImmutabilityThreshold: a checkpoint this many headers back is trusted as it is, so rebuilding
 * a snapshot never walks further.
 */
export const IMMUTABILITY_THRESHOLD = 90_000;

const SNAPSHOT_CACHE = 128;
const SIGNATURE_CACHE = 4096;

const ZERO_ADDRESS: Bytes = new Uint8Array(ADDRESS_LENGTH);
const ZERO_HASH: Bytes = new Uint8Array(32);


export interface CliqueEngineOptions {
  /** The wall clock in seconds (future-block check, block times); Date.now() by default. */
  now?: () => bigint;
  /** Uniform in [0, 1): the choice among proposals and the out-of-turn wiggle; Math.random by default. */
  random?: () => number;
}

/**
 * How long to wait before sealing `header`, in milliseconds from `nowMs`: until its time, and for an out-of-turn
 * block a random wiggle in [0, (floor(N/2)+1) * 500ms) on top, N the number of signers. Never negative.
 */
export function sealDelay(
  header: Pick<HeaderFields, 'timestamp' | 'difficulty'>,
  signerCount: number,
  nowMs: number,
  random: () => number = Math.random,
): number {
  let delay = Number(header.timestamp) * 1000 - nowMs;
  if (header.difficulty === DIFF_NO_TURN) {
    delay += Math.floor(random() * (Math.floor(signerCount / 2) + 1) * WIGGLE_TIME_MS);
  }
  return Math.max(0, delay);
}

function unknownAncestor(hash: Bytes): ConsensusError {
  return new ConsensusError('parentHash', `unknown ancestor: ${bytesToHex(hash)}`);
}

export class CliqueEngine implements Engine {
  readonly period: bigint;
  readonly epoch: bigint;
  readonly #now: () => bigint;
  readonly #random: () => number;
  readonly #snapshots = new LruCache<string, Snapshot>(SNAPSHOT_CACHE);
  readonly #signatures = new LruCache<string, Bytes>(SIGNATURE_CACHE);
  /** Votes this node casts when it seals: address -> authorize. */
  readonly #proposals = new Map<string, { address: Bytes; authorize: boolean }>();
  #signer: Bytes | undefined;
  #signFn: CliqueSignFn | undefined;

  /** `config` is the chain config's `clique` section; an epoch of 0 means geth's default of 30000. */
  constructor(config: CliqueConfig, options: CliqueEngineOptions = {}) {
    for (const [name, value] of [['period', config.period], ['epoch', config.epoch]] as const) {
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new Error(`clique ${name} must be a non-negative integer, got ${value}`);
      }
    }
    this.period = BigInt(config.period);
    this.epoch = config.epoch === 0 ? DEFAULT_EPOCH : BigInt(config.epoch);
    this.#now = options.now ?? (() => BigInt(Math.floor(Date.now() / 1000)));
    this.#random = options.random ?? Math.random;
  }

  // --- signing identity and votes ---

  /** Sets the key this node seals with: `signFn` signs seal hashes for `address`. */
  authorize(address: Bytes, signFn: CliqueSignFn): void {
    checkAddress(address, 'signer');
    this.#signer = address;
    this.#signFn = signFn;
  }

  /** The address this node seals as, once authorized. */
  get signer(): Bytes | undefined {
    return this.#signer;
  }

  /** Votes to add (`authorize`) or remove `address` in the blocks this node seals (geth's clique_propose). */
  propose(address: Bytes, authorize: boolean): void {
    checkAddress(address, 'proposal');
    this.#proposals.set(bytesToHex(address), { address, authorize });
  }

  /** Stops voting on `address` (geth's clique_discard). */
  discard(address: Bytes): void {
    this.#proposals.delete(bytesToHex(address));
  }

  /** The pending proposals: address (hex) -> authorize. */
  get proposals(): ReadonlyMap<string, boolean> {
    return new Map([...this.#proposals].map(([k, p]) => [k, p.authorize]));
  }

  // --- Engine ---

  author(header: Header): Bytes {
    const id = bytesToHex(header.hash);
    let signer = this.#signatures.get(id);
    if (signer === undefined) {
      signer = recoverCliqueSigner(header);
      this.#signatures.set(id, signer);
    }
    return signer;
  }

  verifyHeader(chain: ChainHeaderReader, header: Header, parent?: Header): void {
    const number = header.number;
    const now = this.#now();
    if (header.timestamp > now) {
      throw new ConsensusError('timestamp', `block in the future: time ${header.timestamp}, now ${now}`);
    }
    const checkpoint = number % this.epoch === 0n;
    if (checkpoint && !bytesEqual(header.coinbase, ZERO_ADDRESS)) {
      throw new ConsensusError('coinbase', `beneficiary in checkpoint block non-zero: ${bytesToHex(header.coinbase)}`);
    }
    if (!bytesEqual(header.nonce, NONCE_AUTH_VOTE) && !bytesEqual(header.nonce, NONCE_DROP_VOTE)) {
      throw new ConsensusError('nonce', `vote nonce not 0x00..0 or 0xff..f: ${bytesToHex(header.nonce)}`);
    }
    if (checkpoint && !bytesEqual(header.nonce, NONCE_DROP_VOTE)) {
      throw new ConsensusError('nonce', `vote nonce in checkpoint block non-zero: ${bytesToHex(header.nonce)}`);
    }
    const signers = signerSection(header.extraData);
    if (!checkpoint && signers.length !== 0) {
      throw new ConsensusError(
        'extraData',
        `non-checkpoint block contains extra signer list (${signers.length} bytes)`,
      );
    }
    if (checkpoint && signers.length % ADDRESS_LENGTH !== 0) {
      throw new ConsensusError(
        'extraData',
        `invalid signer list on checkpoint block: ${signers.length} bytes is not a whole number of addresses`,
      );
    }
    if (!bytesEqual(header.mixHash, ZERO_HASH)) {
      throw new ConsensusError('mixHash', `non-zero mix digest: ${bytesToHex(header.mixHash)}`);
    }
    if (!bytesEqual(header.ommersHash, EMPTY_UNCLE_HASH)) {
      throw new ConsensusError('ommersHash', `non empty uncle hash: ${bytesToHex(header.ommersHash)}`);
    }
    if (number > 0n && header.difficulty !== DIFF_IN_TURN && header.difficulty !== DIFF_NO_TURN) {
      throw new ConsensusError('difficulty', `invalid difficulty: have ${header.difficulty}, want 1 or 2`);
    }
    checkSupportedForks(chain.config, header);
    // Genesis is the trusted start: nothing before it to check against.
    if (number === 0n) return;

    const p = this.#parentOf(chain, header, parent);
    if (p.timestamp + this.period > header.timestamp) {
      throw new ConsensusError(
        'timestamp',
        `invalid timestamp: have ${header.timestamp}, want at least parent ${p.timestamp} + period ${this.period}`,
      );
    }
    verifyGasAndForkFields(chain.config, rulesFor(chain.config, number, false, header.timestamp), p, header);

    const snap = this.#snapshotAt(chain, p);
    if (checkpoint && !bytesEqual(signers, concatBytes(...snap.signers))) {
      throw new ConsensusError('extraData', 'mismatching signer list on checkpoint block');
    }
    const signer = this.author(header);
    if (!snap.isSigner(signer)) throw new ConsensusError('extraData', `unauthorized signer ${bytesToHex(signer)}`);
    if (snap.recentlySigned(signer, number)) {
      throw new ConsensusError('extraData', `recently signed: ${bytesToHex(signer)} may not sign block ${number}`);
    }
    const inTurn = snap.inTurn(number, signer);
    const want = inTurn ? DIFF_IN_TURN : DIFF_NO_TURN;
    if (header.difficulty !== want) {
      const turn = inTurn ? 'in turn' : 'out of turn';
      throw new ConsensusError(
        'difficulty',
        `wrong difficulty: have ${header.difficulty}, want ${want} (${bytesToHex(signer)} is ${turn})`,
      );
    }
  }

  verifyUncles(_chain: ChainHeaderReader, block: Block): void {
    if (block.ommers.length > 0) {
      throw new ConsensusError('ommers', `uncles not allowed: have ${block.ommers.length}`);
    }
  }

  /**
   * Fills the clique fields of a header being built: a vote for one of the pending proposals (none on
   * checkpoints), the difficulty of the local signer's turn, the extra-data frame (vanity kept, signer list on
   * checkpoints, room for the seal), a zero mix digest, and the time: the parent's plus the period, or now.
   */
  prepare(chain: ChainHeaderReader, header: HeaderFields): void {
    const number = header.number;
    const parent = chain.getHeader(header.parentHash, number - 1n);
    if (parent === undefined) throw unknownAncestor(header.parentHash);
    const snap = this.#snapshotAt(chain, parent);
    const checkpoint = number % this.epoch === 0n;
    // Fresh arrays throughout: the header being built must share no bytes with the engine's constants.
    header.coinbase = new Uint8Array(ADDRESS_LENGTH);
    header.nonce = NONCE_DROP_VOTE.slice();
    if (!checkpoint) {
      const candidates = [...this.#proposals.values()].filter((p) => snap.validVote(p.address, p.authorize));
      if (candidates.length > 0) {
        const vote = candidates[Math.floor(this.#random() * candidates.length)]!;
        header.coinbase = vote.address.slice();
        header.nonce = (vote.authorize ? NONCE_AUTH_VOTE : NONCE_DROP_VOTE).slice();
      }
    }
    header.difficulty = this.#difficulty(snap, number);
    const vanity = new Uint8Array(EXTRA_VANITY);
    vanity.set(header.extraData.subarray(0, EXTRA_VANITY));
    header.extraData = concatBytes(vanity, ...(checkpoint ? snap.signers : []), new Uint8Array(EXTRA_SEAL));
    header.mixHash = new Uint8Array(32);
    const earliest = parent.timestamp + this.period;
    const now = this.#now();
    header.timestamp = earliest > now ? earliest : now;
  }

  /** Whether the authorized signer may seal the child of `parent`: a signer there, and not one of the recent ones. */
  canSealOn(chain: ChainHeaderReader, parent: Header): boolean {
    const signer = this.#signer;
    if (signer === undefined) return false;
    const snap = this.#snapshotAt(chain, parent);
    return snap.isSigner(signer) && !snap.recentlySigned(signer, parent.number + 1n);
  }

  calcDifficulty(chain: ChainHeaderReader, _time: bigint, parent: Header): bigint {
    return this.#difficulty(this.#snapshotAt(chain, parent), parent.number + 1n);
  }

  /**
   * Signs the block with the local signer and returns it sealed, at once: waiting `sealDelay` first is the
   * caller's part. Refuses (ConsensusError) when the signer is not authorized or signed too recently, and, on a
   * chain with a period of 0, an empty block.
   */
  async seal(chain: ChainHeaderReader, block: Block): Promise<Block> {
    const header = block.header;
    if (header.number === 0n) throw new Error('clique: sealing the genesis block is not supported');
    if (this.period === 0n && block.transactions.length === 0) {
      throw new Error('clique: waiting for transactions (a chain with period 0 seals no empty block)');
    }
    const signer = this.#signer;
    const signFn = this.#signFn;
    if (signer === undefined || signFn === undefined) throw new Error('clique: no signer authorized to seal with');
    checkExtraDataFrame(header.extraData);
    const parent = chain.getHeader(header.parentHash, header.number - 1n);
    if (parent === undefined) throw unknownAncestor(header.parentHash);
    const snap = this.#snapshotAt(chain, parent);
    if (!snap.isSigner(signer)) throw new ConsensusError('extraData', `unauthorized signer ${bytesToHex(signer)}`);
    if (snap.recentlySigned(signer, header.number)) {
      throw new ConsensusError(
        'extraData',
        `recently signed: ${bytesToHex(signer)} must wait for others before block ${header.number}`,
      );
    }
    const sealed = withSeal(header, await signFn(cliqueSealHash(header)));
    // A key that is not the signer's would make a block every node (this one too) rejects.
    const recovered = recoverCliqueSigner(sealed);
    if (!bytesEqual(recovered, signer)) {
      throw new Error(
        `clique: the sign function signed as ${bytesToHex(recovered)}, not as the signer ${bytesToHex(signer)}`,
      );
    }
    return new Block(sealed, block.body);
  }

  // --- clique specifics ---

  /** The wait before sealing `header` (see sealDelay), with the signer count of the snapshot at its parent. */
  sealDelay(chain: ChainHeaderReader, header: Header, nowMs: number = Date.now()): number {
    const parent = chain.getHeader(header.parentHash, header.number - 1n);
    if (parent === undefined) throw unknownAncestor(header.parentHash);
    return sealDelay(header, this.#snapshotAt(chain, parent).signerCount, nowMs, this.#random);
  }

  /**
   * The voting snapshot after block (`number`, `hash`) (geth's clique_getSnapshot): from the cache, or rebuilt
   * from the nearest cached snapshot, genesis or trusted checkpoint behind it. `known` may supply headers the
   * chain does not store yet.
   */
  snapshot(chain: ChainHeaderReader, number: bigint, hash: Bytes, known: readonly Header[] = []): Snapshot {
    const pending: Header[] = [];
    let snap: Snapshot | undefined;
    let n = number;
    let h = hash;
    for (;;) {
      snap = this.#snapshots.get(bytesToHex(h));
      if (snap !== undefined) break;
      const header = known.find((k) => k.number === n && bytesEqual(k.hash, h)) ?? chain.getHeader(h, n);
      if (header === undefined) throw unknownAncestor(h);
      // Genesis is trusted, and so is a checkpoint whose parent is not stored (the chain starts there) or that
      // lies deeper than any reorg may reach.
      const trusted =
        n === 0n ||
        (n % this.epoch === 0n &&
          (pending.length > IMMUTABILITY_THRESHOLD || chain.getHeader(header.parentHash, n - 1n) === undefined));
      if (trusted) {
        snap = Snapshot.fromCheckpoint(this.epoch, header);
        break;
      }
      pending.push(header);
      n--;
      h = header.parentHash;
    }
    snap = snap.apply(pending.reverse(), (header) => this.author(header));
    this.#snapshots.set(bytesToHex(snap.hash), snap);
    return snap;
  }

  #snapshotAt(chain: ChainHeaderReader, header: Header): Snapshot {
    return this.snapshot(chain, header.number, header.hash, [header]);
  }

  #difficulty(snap: Snapshot, number: bigint): bigint {
    return this.#signer !== undefined && snap.inTurn(number, this.#signer) ? DIFF_IN_TURN : DIFF_NO_TURN;
  }

  #parentOf(chain: ChainHeaderReader, header: Header, parent: Header | undefined): Header {
    if (parent !== undefined) {
      if (parent.number !== header.number - 1n || !bytesEqual(parent.hash, header.parentHash)) {
        throw new ConsensusError(
          'parentHash',
          `unknown ancestor: parentHash ${bytesToHex(header.parentHash)} ` +
            `is not the given parent ${bytesToHex(parent.hash)}`,
        );
      }
      return parent;
    }
    const found = chain.getHeader(header.parentHash, header.number - 1n);
    if (found === undefined) throw unknownAncestor(header.parentHash);
    return found;
  }
}

function checkAddress(address: Bytes, what: string): void {
  if (address.length !== ADDRESS_LENGTH) {
    throw new Error(`clique ${what} must be a 20-byte address, got ${address.length} bytes`);
  }
}

/** Prague (EIP-7685 requests, EIP-7702) is not implemented here: a clique chain stops at Cancun. */
function checkSupportedForks(config: ChainConfig, header: Header): void {
  const at = config.pragueTime;
  if (at !== undefined && at <= header.timestamp) {
    throw new ConsensusError('timestamp', `clique does not support prague fork (active from time ${at})`);
  }
}
