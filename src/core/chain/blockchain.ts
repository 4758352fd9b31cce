// The chain over the node's key-value store (geth's core.BlockChain): imports blocks (verify, execute, validate),
// stores every valid block with its state, receipts and indexes, keeps the head by fork choice and rewrites the
// canonical index on a reorg. Each block lands in one atomic batch (state nodes and code, header, body, receipts,
// total difficulty, and when it becomes the head the canonical index, transaction lookups and head pointers), so a
// crash leaves either the old head or the new one. State is kept for every block: nothing is pruned.
import { bytesEqual, bytesToHex, type Bytes } from '../../common/bytes.js';
import { log as rootLog, type Logger } from '../../common/log.js';
import { LruCache } from '../../common/lru.js';
import { prettyDuration } from '../../common/prettyDuration.js';
import type { ChainHeaderReader, Engine } from '../../consensus/engine.js';
import { EMPTY_TRIE_ROOT } from '../../crypto/keccak.js';
import type { KeyValueStore, WriteBatch } from '../../db/keyValueStore.js';
import { bodyKey, trieNodeKey } from '../../db/schema.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { MissingNodeError } from '../../trie/errors.js';
import { ancestorHashFn, blockRules } from '../evmContext.js';
import type { Genesis } from '../genesis/genesis.js';
import { setupGenesis } from '../genesis/setupGenesis.js';
import { StateProcessor } from '../processor.js';
import { deleteBody, readBody, writeBody } from '../rawdb/bodies.js';
import { readChainConfig } from '../rawdb/chainConfig.js';
import { corrupt, DatabaseCorruptionError } from '../rawdb/corruption.js';
import { deleteDevStateRoot, readDevSenders, readDevStateRoots, writeDevSender, writeDevStateRoot } from '../rawdb/devEdits.js';
import {
  deleteCanonicalHash,
  deleteHeader,
  readAllHashes,
  readCanonicalHash,
  readHeader,
  readHeaderNumber,
  readTotalDifficulty,
  writeCanonicalHash,
  writeHeader,
  writeTotalDifficulty,
} from '../rawdb/headers.js';
import { readHeadBlockHash, writeHeadBlockHash, writeHeadHeaderHash } from '../rawdb/heads.js';
import { deleteReceipts, readReceiptsRlp, writeReceiptsRlp } from '../rawdb/receipts.js';
import { deleteTxLookup, readTxLookup, writeTxLookup } from '../rawdb/txLookup.js';
import { StateDatabase } from '../state/stateDatabase.js';
import { StateDB } from '../state/stateDb.js';
import { Block } from '../types/block.js';
import type { Header } from '../types/header.js';
import { decodeStoredReceipts, encodeStoredReceipts, type Receipt } from '../types/receipt.js';
import type { Transaction } from '../types/transaction.js';
import { validateBody, validateState } from './blockValidator.js';
import { ChainEvents, type ReorgEvent } from './chainEvents.js';
import { InvalidBlockError, UnknownAncestorError } from './errors.js';
import { reorgNeeded, type ChainTip } from './forkChoice.js';

export interface BlockchainOptions {
  engine: Engine;
  /**
   * Written into an empty store, or checked against the one it holds (a different genesis is refused). Without
   * it the store must already hold a chain.
   */
  genesis?: Genesis;
  log?: Logger;
}

/** Where a canonical transaction is. */
export interface TransactionLookup {
  transaction: Transaction;
  blockHash: Bytes;
  blockNumber: bigint;
  index: number;
}

/** A block that passed every check, with what it takes to store it. */
interface ExecutedBlock {
  block: Block;
  state: StateDB;
  deleteEmptyObjects: boolean;
  receipts: Receipt[];
  td: bigint;
}

/** Decoded headers, blocks and receipts kept for readers (geth's headerCache, blockCache and receiptsCache). */
const HEADER_CACHE_SIZE = 512;
const BLOCK_CACHE_SIZE = 256;
const RECEIPTS_CACHE_SIZE = 256;

function reasonOf(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

export class Blockchain implements ChainHeaderReader {
  readonly events: ChainEvents;
  readonly stateDatabase: StateDatabase;
  readonly processor: StateProcessor;
  #head: Block;
  #headTd: bigint;
  /** Dev chains: roots of states edited outside blocks, by block hash (see editHeadState). */
  readonly #editedRoots: Map<string, Bytes>;
  /** Dev chains: senders of impersonated transactions, whose signatures recover nobody, by transaction hash. */
  readonly #devSenders: Map<string, Bytes>;
  /** Serialises the writers (insertChain, setHead); readers never wait. */
  #lock: Promise<unknown> = Promise.resolve();
  /**
   * Recently read headers, blocks and receipts by block hash: RPC reads the same recent blocks again and again
   * (eth_getLogs, receipts, block fetches) and decoding and re-hashing is most of what that costs. A hash names its
   * content, so an entry only goes stale when setHead deletes the block, which empties them all.
   */
  readonly #headers = new LruCache<string, Header>(HEADER_CACHE_SIZE);
  readonly #blocks = new LruCache<string, Block>(BLOCK_CACHE_SIZE);
  readonly #receipts = new LruCache<string, Receipt[]>(RECEIPTS_CACHE_SIZE);

  private constructor(
    readonly store: KeyValueStore,
    readonly config: ChainConfig,
    readonly engine: Engine,
    readonly genesis: Block,
    head: Block,
    headTd: bigint,
    private readonly log: Logger,
    devEdits: { roots: Map<string, Bytes>; senders: Map<string, Bytes> },
  ) {
    this.events = new ChainEvents(log);
    this.stateDatabase = new StateDatabase(store);
    this.processor = new StateProcessor(config, engine);
    this.#editedRoots = devEdits.roots;
    this.#devSenders = devEdits.senders;
    this.#head = head;
    this.#headTd = headTd;
    this.#withDevSenders(head);
  }

  /** Opens the chain a store holds (setting up `options.genesis` first when given). */
  static async open(store: KeyValueStore, options: BlockchainOptions): Promise<Blockchain> {
    if (options.genesis !== undefined) await setupGenesis(store, options.genesis);
    const genesisHash = readCanonicalHash(store, 0n);
    if (genesisHash === undefined) throw new Error('database holds no chain: it has no genesis block (run init first)');
    const config = readChainConfig(store, genesisHash);
    if (config === undefined) throw corrupt(`chain of genesis ${bytesToHex(genesisHash)}`, 'no chain config stored');
    const genesis = readStoredBlock(store, genesisHash, 0n, 'genesis block');
    const headHash = readHeadBlockHash(store);
    if (headHash === undefined) throw corrupt('head block pointer', 'missing');
    const headNumber = readHeaderNumber(store, headHash);
    if (headNumber === undefined) throw corrupt(`head block ${bytesToHex(headHash)}`, 'its header is not stored');
    const head = readStoredBlock(store, headHash, headNumber, 'head block');
    const headTd = readTotalDifficulty(store, headHash, headNumber);
    if (headTd === undefined) throw corrupt(`head block ${headNumber} ${bytesToHex(headHash)}`, 'no total difficulty');
    const devEdits = { roots: await readDevStateRoots(store), senders: await readDevSenders(store) };
    return new Blockchain(store, config, options.engine, genesis, head, headTd, options.log ?? rootLog, devEdits);
  }

  // --- reading ---

  get currentBlock(): Block {
    return this.#head;
  }

  get currentHeader(): Header {
    return this.#head.header;
  }

  /** Total difficulty of the head. */
  get currentTd(): bigint {
    return this.#headTd;
  }

  getHeader(hash: Bytes, number: bigint): Header | undefined {
    if (number < 0n) return undefined;
    const key = bytesToHex(hash);
    const cached = this.#headers.get(key);
    if (cached !== undefined) return cached.number === number ? cached : undefined;
    const header = readHeader(this.store, hash, number);
    if (header !== undefined) this.#headers.set(key, header);
    return header;
  }

  getHeaderByHash(hash: Bytes): Header | undefined {
    const cached = this.#headers.get(bytesToHex(hash));
    if (cached !== undefined) return cached;
    const number = readHeaderNumber(this.store, hash);
    return number === undefined ? undefined : this.getHeader(hash, number);
  }

  getHeaderByNumber(number: bigint): Header | undefined {
    const hash = this.getCanonicalHash(number);
    return hash === undefined ? undefined : this.getHeader(hash, number);
  }

  getCanonicalHash(number: bigint): Bytes | undefined {
    return number < 0n ? undefined : readCanonicalHash(this.store, number);
  }

  getBlock(hash: Bytes, number: bigint): Block | undefined {
    const key = bytesToHex(hash);
    const cached = this.#blocks.get(key);
    if (cached !== undefined) return cached.number === number ? this.#withDevSenders(cached) : undefined;
    const header = this.getHeader(hash, number);
    if (header === undefined) return undefined;
    const body = readBody(this.store, hash, number);
    if (body === undefined) return undefined;
    const block = new Block(header, body);
    this.#blocks.set(key, block);
    return this.#withDevSenders(block);
  }

  getBlockByHash(hash: Bytes): Block | undefined {
    const cached = this.#blocks.get(bytesToHex(hash));
    if (cached !== undefined) return this.#withDevSenders(cached);
    const number = readHeaderNumber(this.store, hash);
    return number === undefined ? undefined : this.getBlock(hash, number);
  }

  getBlockByNumber(number: bigint): Block | undefined {
    const hash = this.getCanonicalHash(number);
    return hash === undefined ? undefined : this.getBlock(hash, number);
  }

  /** Whether the block's header and body are stored (its state then is too: they are written together). */
  hasBlock(hash: Bytes, number: bigint): boolean {
    return number >= 0n && this.store.get(bodyKey(number, hash)) !== undefined;
  }

  getTd(hash: Bytes, number: bigint): bigint | undefined {
    return number < 0n ? undefined : readTotalDifficulty(this.store, hash, number);
  }

  /** The receipts of a stored block (canonical or not), in transaction order. */
  getReceipts(hash: Bytes): Receipt[] | undefined {
    const key = bytesToHex(hash);
    const cached = this.#receipts.get(key);
    if (cached !== undefined) return cached;
    const block = this.getBlockByHash(hash);
    if (block === undefined) return undefined;
    const rlp = readReceiptsRlp(this.store, hash, block.number);
    if (rlp === undefined) return undefined;
    let receipts: Receipt[];
    try {
      receipts = decodeStoredReceipts(rlp, block.transactions.map((tx) => tx.type));
    } catch (e) {
      throw corrupt(`receipts of ${block.number} ${key}`, e);
    }
    this.#receipts.set(key, receipts);
    return receipts;
  }

  /** Where a transaction of the canonical chain is; undefined for one that is not in it. */
  getTransactionLookup(txHash: Bytes): TransactionLookup | undefined {
    const blockNumber = readTxLookup(this.store, txHash);
    if (blockNumber === undefined) return undefined;
    const blockHash = this.getCanonicalHash(blockNumber);
    if (blockHash === undefined) return undefined;
    const transactions = this.getBlock(blockHash, blockNumber)?.transactions ?? [];
    const index = transactions.findIndex((tx) => bytesEqual(tx.hash, txHash));
    return index < 0 ? undefined : { transaction: transactions[index]!, blockHash, blockNumber, index };
  }

  /** Whether the state with this root is stored. */
  hasState(root: Bytes): boolean {
    return bytesEqual(root, EMPTY_TRIE_ROOT) || this.store.get(trieNodeKey(root)) !== undefined;
  }

  /** A StateDB on the stored state `root`; throws MissingNodeError when it is not stored. */
  stateAt(root: Bytes): StateDB {
    return new StateDB(this.stateDatabase, root);
  }

  // --- importing ---

  /**
   * Imports a contiguous run of blocks, in order (each the parent of the next). Known blocks are skipped; each
   * new one is verified, executed on its parent's state, validated and stored, and becomes the head when fork
   * choice says so. Stops at the first invalid block with an InvalidBlockError; the blocks before it stay.
   * Returns how many blocks were newly stored.
   */
  insertChain(blocks: readonly Block[]): Promise<number> {
    for (let i = 1; i < blocks.length; i++) {
      const prev = blocks[i - 1]!;
      const cur = blocks[i]!;
      if (cur.number !== prev.number + 1n || !bytesEqual(cur.header.parentHash, prev.hash)) {
        return Promise.reject(
          new Error(
            `non contiguous insert: item ${i - 1} is #${prev.number} [${bytesToHex(prev.hash)}], ` +
              `item ${i} is #${cur.number} [${bytesToHex(cur.hash)}] (parent [${bytesToHex(cur.header.parentHash)}])`,
          ),
        );
      }
    }
    return this.exclusive(() => this.insertBlocks(blocks));
  }

  private async insertBlocks(blocks: readonly Block[]): Promise<number> {
    const started = performance.now();
    let written = 0;
    let txs = 0;
    let gas = 0n;
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i]!;
      if (this.hasBlock(block.hash, block.number)) {
        await this.importKnown(block);
        continue;
      }
      let executed: ExecutedBlock;
      try {
        executed = this.execute(block);
      } catch (e) {
        // A damaged or incomplete database says nothing about the block: that is not reported as its fault.
        if (e instanceof DatabaseCorruptionError || e instanceof MissingNodeError) throw e;
        const err = new InvalidBlockError(i, block.number, block.hash, reasonOf(e));
        this.log.warn('Invalid block', { number: block.number, hash: block.hash, err: err.reason });
        throw err;
      }
      await this.writeBlock(executed);
      written++;
      txs += block.transactions.length;
      gas += block.header.gasUsed;
    }
    if (written > 0) {
      const last = blocks[blocks.length - 1]!;
      const elapsed = performance.now() - started;
      const mgas = Number(gas) / 1e6;
      // geth's fields, so that import and sync progress reads the same.
      this.log.info('Imported new chain segment', {
        number: last.number,
        hash: last.hash,
        blocks: written,
        txs,
        mgas: mgas.toFixed(3),
        elapsed: prettyDuration(elapsed),
        mgasps: elapsed > 0 ? ((mgas * 1000) / elapsed).toFixed(3) : '0.000',
      });
    }
    return written;
  }

  /** Every check of a new block, and its execution; throws the reason it is invalid. */
  private execute(block: Block): ExecutedBlock {
    const { header } = block;
    if (header.number === 0n) throw new Error('a genesis block cannot be imported');
    const parent = this.getHeader(header.parentHash, header.number - 1n);
    if (parent === undefined) throw new UnknownAncestorError(header.parentHash);
    const parentTd = this.getTd(parent.hash, parent.number);
    if (parentTd === undefined) {
      throw corrupt(`block ${parent.number} ${bytesToHex(parent.hash)}`, 'no total difficulty');
    }
    this.engine.verifyHeader(this, header, parent);
    this.engine.verifyUncles(this, block);
    validateBody(this.config, block);
    const parentRoot = this.stateRootOf(parent);
    if (!this.hasState(parentRoot)) {
      throw new Error(`state ${bytesToHex(parentRoot)} of parent #${parent.number} is not available`);
    }
    const state = this.stateAt(parentRoot);
    const result = this.processor.process(block, state, ancestorHashFn(header, this));
    const deleteEmptyObjects = blockRules(this.config, header).isEIP158;
    validateState(block, result.receipts, result.gasUsed, state.intermediateRoot(deleteEmptyObjects));
    return { block, state, deleteEmptyObjects, receipts: result.receipts, td: parentTd + header.difficulty };
  }

  /** Writes a validated block, making it the head when fork choice prefers it. */
  private async writeBlock(executed: ExecutedBlock): Promise<void> {
    const { block, td } = executed;
    const batch = this.store.batch();
    executed.state.commit(batch, executed.deleteEmptyObjects);
    writeHeader(batch, block.header);
    writeBody(batch, block.hash, block.number, block.body);
    writeReceiptsRlp(batch, block.hash, block.number, encodeStoredReceipts(executed.receipts));
    writeTotalDifficulty(batch, block.hash, block.number, td);
    if (this.#devSenders.size > 0) {
      for (const tx of block.transactions) {
        const sender = this.#devSenders.get(bytesToHex(tx.hash));
        if (sender !== undefined) writeDevSender(batch, tx.hash, sender);
      }
    }
    if (!reorgNeeded(this.config, this.headTip(), { number: block.number, td })) {
      await batch.write();
      this.log.debug('Inserted block on a side chain', { number: block.number, hash: block.hash });
      this.events.emit('chainSideHead', block);
      return;
    }
    await this.writeHead(batch, block, td);
  }

  /**
   * A block already stored: kept as it is, unless it is off the canonical chain and fork choice now prefers it
   * (after the merge every block handed in is the consensus layer's choice), in which case it becomes the head.
   */
  private async importKnown(given: Block): Promise<void> {
    const canonical = this.getCanonicalHash(given.number);
    const td = this.getTd(given.hash, given.number);
    if (td === undefined) throw corrupt(`block ${given.number} ${bytesToHex(given.hash)}`, 'no total difficulty');
    const isCanonical = canonical !== undefined && bytesEqual(canonical, given.hash);
    if (isCanonical || !reorgNeeded(this.config, this.headTip(), { number: given.number, td })) {
      this.log.debug('Ignoring already known block', { number: given.number, hash: given.hash });
      return;
    }
    // The stored body is the validated one; the given block only shares the header.
    const block = this.#withDevSenders(readStoredBlock(this.store, given.hash, given.number, 'known block'));
    await this.writeHead(this.store.batch(), block, td);
  }

  /**
   * Adds to `batch` what makes `block` (stored, or being stored in `batch`) the head: canonical hashes,
   * transaction lookups and head pointers, across a reorg when it is not a child of the current head. Writes the
   * batch and fires the events.
   */
  private async writeHead(batch: WriteBatch, block: Block, td: bigint): Promise<void> {
    const oldHead = this.#head;
    let reorg: ReorgEvent | undefined;
    if (bytesEqual(block.header.parentHash, oldHead.hash)) {
      this.writeCanonical(batch, block);
    } else {
      reorg = this.planReorg(oldHead, block);
      for (const removed of reorg.removed) {
        for (const tx of removed.transactions) deleteTxLookup(batch, tx.hash);
      }
      // Heights above the new head that the old chain had are no longer canonical.
      for (let n = block.number + 1n; n <= oldHead.number; n++) deleteCanonicalHash(batch, n);
      for (const added of reorg.added) this.writeCanonical(batch, added);
    }
    writeHeadHeaderHash(batch, block.hash);
    writeHeadBlockHash(batch, block.hash);
    await batch.write();
    this.#head = block;
    this.#headTd = td;
    if (reorg !== undefined) {
      const fields = {
        number: block.number,
        hash: block.hash,
        drop: reorg.removed.length,
        add: reorg.added.length,
        ancestor: reorg.ancestor.number,
      };
      if (reorg.removed.length > 0) this.log.info('Chain reorg detected', fields);
      else this.log.debug('Extended the chain from an ancestor of the head', fields);
      this.events.emit('reorg', reorg);
    }
    this.events.emit('chainHead', block);
  }

  private headTip(): ChainTip {
    return { number: this.#head.number, td: this.#headTd };
  }

  private writeCanonical(batch: WriteBatch, block: Block): void {
    writeCanonicalHash(batch, block.hash, block.number);
    for (const tx of block.transactions) writeTxLookup(batch, tx.hash, block.number);
  }

  /** The blocks leaving and joining the canonical chain when `newHead` (whose parent is stored) replaces `oldHead`. */
  private planReorg(oldHead: Block, newHead: Block): ReorgEvent {
    const removed: Block[] = [];
    // Collected newest first, like `removed`, and turned around at the end.
    const added: Block[] = [newHead];
    let oldBlock = oldHead;
    let newBlock = this.storedParent(newHead);
    while (oldBlock.number > newBlock.number) {
      removed.push(oldBlock);
      oldBlock = this.storedParent(oldBlock);
    }
    while (newBlock.number > oldBlock.number) {
      added.push(newBlock);
      newBlock = this.storedParent(newBlock);
    }
    while (!bytesEqual(oldBlock.hash, newBlock.hash)) {
      removed.push(oldBlock);
      added.push(newBlock);
      oldBlock = this.storedParent(oldBlock);
      newBlock = this.storedParent(newBlock);
    }
    return { oldHead, newHead, ancestor: oldBlock, removed, added: added.reverse() };
  }

  private storedParent(block: Block): Block {
    const parent = readStoredBlock(this.store, block.header.parentHash, block.number - 1n, `parent of block ${block.number}`);
    return this.#withDevSenders(parent);
  }

  // --- rewinding ---

  /**
   * Rewinds the head to the canonical block at `number` (geth's SetHead, for debug_setHead): every stored block
   * above it, canonical or not, is deleted with its receipts and indexes. State nodes stay (they are shared).
   */
  setHead(number: bigint): Promise<void> {
    return this.exclusive(async () => {
      const oldHead = this.#head;
      if (number < 0n || number > oldHead.number) {
        throw new Error(`cannot set head to ${number}: the head is at ${oldHead.number}`);
      }
      if (number === oldHead.number) return;
      const target = this.getBlockByNumber(number);
      const td = target === undefined ? undefined : this.getTd(target.hash, number);
      if (target === undefined || td === undefined) throw corrupt(`canonical block ${number}`, 'not stored');
      const batch = this.store.batch();
      for (let n = oldHead.number; n > number; n--) {
        const hash = this.getCanonicalHash(n);
        if (hash === undefined) continue;
        for (const tx of readBody(this.store, hash, n)?.transactions ?? []) deleteTxLookup(batch, tx.hash);
        deleteCanonicalHash(batch, n);
      }
      // Every stored block has a stored parent, so the first height without headers ends them all.
      for (let n = number + 1n; ; n++) {
        const hashes = await readAllHashes(this.store, n);
        if (hashes.length === 0) break;
        for (const hash of hashes) {
          deleteHeader(batch, hash, n);
          deleteBody(batch, hash, n);
          deleteReceipts(batch, hash, n);
        }
      }
      writeHeadHeaderHash(batch, target.hash);
      writeHeadBlockHash(batch, target.hash);
      await batch.write();
      this.#headers.clear();
      this.#blocks.clear();
      this.#receipts.clear();
      this.#head = target;
      this.#headTd = td;
      this.log.warn('Rewound the chain', { from: oldHead.number, to: number, hash: target.hash });
      this.events.emit('chainHead', target);
    });
  }

  // --- dev chains: edits outside blocks ---
  // anvil_setBalance and its kin change the head's state without a block, and impersonation sends transactions
  // nobody signed. A block built on an edited head starts from the edited state, so its own state root is right;
  // the edited root is kept per block hash, so that the block's import here, a trace of it and a restart read
  // the same state. Other nodes could not verify such blocks, which is why only dev chains allow edits.

  /** The root of the state after `header`'s block: the header's, or the edited one. */
  stateRootOf(header: Header): Bytes {
    if (this.#editedRoots.size === 0) return header.stateRoot;
    return this.#editedRoots.get(bytesToHex(header.hash)) ?? header.stateRoot;
  }

  /** A StateDB on the state after `header`'s block (edits included). */
  stateAtHeader(header: Header): StateDB {
    return this.stateAt(this.stateRootOf(header));
  }

  /**
   * Applies `edit` to the head's state and stores the result as the head's state: every later read and the next
   * block see it. Returns the new root. Listeners hear `headStateChanged`.
   */
  editHeadState(edit: (state: StateDB) => void): Promise<Bytes> {
    return this.exclusive(async () => {
      const head = this.#head;
      const state = this.stateAtHeader(head.header);
      edit(state);
      const deleteEmptyObjects = blockRules(this.config, head.header).isEIP158;
      const batch = this.store.batch();
      const root = state.commit(batch, deleteEmptyObjects);
      writeDevStateRoot(batch, head.hash, root);
      await batch.write();
      this.#editedRoots.set(bytesToHex(head.hash), root);
      this.events.emit('headStateChanged', head);
      return root;
    });
  }

  /** Makes `root` (a state the head had, as stateRootOf told) the head's state again: evm_revert's undo. */
  setHeadStateRoot(root: Bytes): Promise<void> {
    return this.exclusive(async () => {
      const head = this.#head;
      if (!this.hasState(root)) throw new Error(`state ${bytesToHex(root)} is not available`);
      const batch = this.store.batch();
      const own = bytesEqual(root, head.header.stateRoot);
      if (own) deleteDevStateRoot(batch, head.hash);
      else writeDevStateRoot(batch, head.hash, root);
      await batch.write();
      if (own) this.#editedRoots.delete(bytesToHex(head.hash));
      else this.#editedRoots.set(bytesToHex(head.hash), root);
      this.events.emit('headStateChanged', head);
    });
  }

  /**
   * Records `sender` as the sender of `tx`, whose signature is a placeholder (an impersonated account's
   * transaction): this object and every copy read back from the store resolve to it. Stored with the block that
   * includes the transaction.
   */
  registerSender(tx: Transaction, sender: Bytes): void {
    this.#devSenders.set(bytesToHex(tx.hash), sender);
    this.#withDevSender(tx);
  }

  #withDevSenders(block: Block): Block {
    if (this.#devSenders.size > 0) for (const tx of block.transactions) this.#withDevSender(tx);
    return block;
  }

  #withDevSender(tx: Transaction): void {
    if (this.#devSenders.size === 0) return;
    const sender = this.#devSenders.get(bytesToHex(tx.hash));
    if (sender !== undefined) tx.resolveSender(() => sender);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }
}

function readStoredBlock(store: KeyValueStore, hash: Bytes, number: bigint, what: string): Block {
  const header = readHeader(store, hash, number);
  const body = readBody(store, hash, number);
  if (header === undefined || body === undefined) {
    const missing = header === undefined ? 'header' : 'body';
    throw corrupt(`${what} ${number} ${bytesToHex(hash)}`, `its ${missing} is not stored`);
  }
  return new Block(header, body);
}
