// The world state while blocks run (geth's state.StateDB): accounts, storage and code over the secure account
// trie, with a journal so that any change can be undone back to a snapshot.
//
// Lifecycle: the EVM reads and writes through the EvmStateDB methods; finalise() ends each transaction (applies
// self-destructs and EIP-161 deletions, makes the writes the next transaction's committed values, drops the
// journal); intermediateRoot() hashes the state so far without writing; commit(writer) queues the changed trie
// nodes and new code and returns the root. The tries keep their nodes in memory after a commit, so the StateDB
// stays usable while the batch is still unwritten.
import { bytesEqual, bytesToHex, EMPTY_BYTES, hexToBytes, type Bytes } from '../../common/bytes.js';
import { EMPTY_TRIE_ROOT, keccak256 } from '../../crypto/keccak.js';
import type { KeyValueWriter } from '../../db/keyValueStore.js';
import type { Rules } from '../../params/chainConfig.js';
import type { SecureTrie } from '../../trie/secureTrie.js';
import { decodeAccount, newAccount } from '../types/account.js';
import type { Log } from '../types/log.js';
import type { AccessListEntry, Address, EvmLog, EvmStateDB } from '../vm/stateDb.js';
import { AccessList } from './accessList.js';
import { Journal, type JournalEntry } from './journal.js';
import type { StateDatabase } from './stateDatabase.js';
import { StateObject } from './stateObject.js';
import { TransientStorage } from './transientStorage.js';

/** What getCodeHash gives for an account that does not exist (EXTCODEHASH turns it into 0 as well). */
const ZERO_HASH: Bytes = new Uint8Array(32);

/**
 * The RIPEMD-160 precompile. Mainnet block 2675119 touched it in a call that ran out of gas, and the touch
 * survived the revert in the clients of the time; geth keeps that behaviour, so must we (the account is deleted
 * as empty although the revert undid its touch).
 */
const RIPEMD_ADDRESS = '0x0000000000000000000000000000000000000003';

export class StateDB implements EvmStateDB {
  private readonly accountTrie: SecureTrie;
  private readonly objects = new Map<string, StateObject>();
  /** Accounts deleted earlier in this block: reads must not fall through to the (stale) trie. */
  private readonly destructed = new Set<string>();
  /** Accounts known to be absent from the account trie (a negative cache; live objects take precedence). */
  private readonly absent = new Set<string>();
  /** Finalised changes not yet applied to the account trie: true for a deletion, false for an update. */
  private readonly mutations = new Map<string, boolean>();
  /** Accounts whose storage nodes and code the next commit writes. */
  private readonly uncommitted = new Set<string>();

  private readonly journal = new Journal();
  private refund = 0n;
  private accessList = new AccessList();
  private transientStorage = new TransientStorage();

  private txHashKey = bytesToHex(ZERO_HASH);
  private txIndexValue = 0;
  private readonly logs = new Map<string, Log[]>();

  /** Opens the state with root `root` (the empty root gives an empty state); a missing root node throws. */
  constructor(
    readonly db: StateDatabase,
    root: Bytes = EMPTY_TRIE_ROOT,
  ) {
    this.accountTrie = db.openTrie(root);
  }

  // --- accounts ---

  private getObject(addr: Address): StateObject | undefined {
    const key = bytesToHex(addr);
    const live = this.objects.get(key);
    if (live !== undefined) return live;
    if (this.destructed.has(key) || this.absent.has(key)) return undefined;
    const raw = this.accountTrie.get(addr);
    if (raw === undefined) {
      this.absent.add(key);
      return undefined;
    }
    const obj = new StateObject(this.db, addr.slice(), key, decodeAccount(raw));
    this.objects.set(key, obj);
    return obj;
  }

  private getOrNewObject(addr: Address): StateObject {
    return this.getObject(addr) ?? this.newObject(addr, undefined);
  }

  /** Replaces (or creates) the account with an empty one; the journal keeps the one it replaced. */
  private newObject(addr: Address, prev: StateObject | undefined): StateObject {
    const key = bytesToHex(addr);
    const obj = new StateObject(this.db, addr.slice(), key, newAccount());
    this.journal.append({ kind: 'createObject', addr: key, prev });
    this.objects.set(key, obj);
    return obj;
  }

  createAccount(addr: Address): void {
    const prev = this.getObject(addr);
    const obj = this.newObject(addr, prev);
    // Ether sent to the address before the contract was created there stays with it.
    if (prev !== undefined) obj.data.balance = prev.data.balance;
  }

  createContract(addr: Address): void {
    const obj = this.getOrNewObject(addr);
    if (obj.newContract) return;
    obj.newContract = true;
    this.journal.append({ kind: 'createContract', addr: obj.key });
  }

  exist(addr: Address): boolean {
    return this.getObject(addr) !== undefined;
  }

  empty(addr: Address): boolean {
    const obj = this.getObject(addr);
    return obj === undefined || obj.empty();
  }

  // --- balance and nonce ---

  getBalance(addr: Address): bigint {
    return this.getObject(addr)?.data.balance ?? 0n;
  }

  addBalance(addr: Address, amount: bigint): void {
    const obj = this.getOrNewObject(addr);
    if (amount === 0n) {
      // EIP-161: a zero-value transfer still touches an empty account, making it eligible for deletion.
      if (obj.empty()) this.touch(obj);
      return;
    }
    this.writeBalance(obj, obj.data.balance + amount);
  }

  subBalance(addr: Address, amount: bigint): void {
    const obj = this.getOrNewObject(addr);
    if (amount === 0n) return;
    const balance = obj.data.balance - amount;
    if (balance < 0n) {
      throw new Error(`state: balance of ${obj.key} would go negative (have ${obj.data.balance}, sub ${amount})`);
    }
    this.writeBalance(obj, balance);
  }

  /** Sets the balance outright (genesis allocation, tests). */
  setBalance(addr: Address, balance: bigint): void {
    if (balance < 0n) throw new Error(`state: negative balance ${balance}`);
    this.writeBalance(this.getOrNewObject(addr), balance);
  }

  private writeBalance(obj: StateObject, balance: bigint): void {
    this.journal.append({ kind: 'balance', addr: obj.key, prev: obj.data.balance });
    obj.data.balance = balance;
  }

  getNonce(addr: Address): bigint {
    return this.getObject(addr)?.data.nonce ?? 0n;
  }

  setNonce(addr: Address, nonce: bigint): void {
    const obj = this.getOrNewObject(addr);
    this.journal.append({ kind: 'nonce', addr: obj.key, prev: obj.data.nonce });
    obj.data.nonce = nonce;
  }

  private touch(obj: StateObject): void {
    this.journal.append({ kind: 'touch', addr: obj.key });
    if (obj.key === RIPEMD_ADDRESS) this.journal.dirty(obj.key);
  }

  // --- code ---

  getCode(addr: Address): Bytes {
    return this.getObject(addr)?.getCode() ?? EMPTY_BYTES;
  }

  getCodeHash(addr: Address): Bytes {
    return this.getObject(addr)?.data.codeHash ?? ZERO_HASH;
  }

  getCodeSize(addr: Address): number {
    return this.getCode(addr).length;
  }

  setCode(addr: Address, code: Bytes): void {
    const obj = this.getOrNewObject(addr);
    this.journal.append({
      kind: 'code',
      addr: obj.key,
      prevCode: obj.code,
      prevHash: obj.data.codeHash,
      prevDirty: obj.dirtyCode,
    });
    obj.code = code;
    obj.data.codeHash = keccak256(code);
    obj.dirtyCode = true;
  }

  // --- storage ---

  getCommittedState(addr: Address, key: bigint): bigint {
    return this.getObject(addr)?.committedState(key) ?? 0n;
  }

  getState(addr: Address, key: bigint): bigint {
    return this.getObject(addr)?.state(key) ?? 0n;
  }

  setState(addr: Address, key: bigint, value: bigint): void {
    const obj = this.getOrNewObject(addr);
    // Writing the current value changes nothing, and (as in geth) does not make the account dirty.
    if (obj.state(key) === value) return;
    this.journal.append({ kind: 'storage', addr: obj.key, key, prev: obj.dirtyStorage.get(key) });
    obj.dirtyStorage.set(key, value);
  }

  /** Whether the account's storage trie is non-empty as of the last root computation (EIP-7610). */
  hasStorage(addr: Address): boolean {
    const obj = this.getObject(addr);
    return obj !== undefined && !bytesEqual(obj.data.storageRoot, EMPTY_TRIE_ROOT);
  }

  getTransientState(addr: Address, key: bigint): bigint {
    return this.transientStorage.get(bytesToHex(addr), key);
  }

  setTransientState(addr: Address, key: bigint, value: bigint): void {
    const account = bytesToHex(addr);
    const prev = this.transientStorage.get(account, key);
    if (prev === value) return;
    this.journal.append({ kind: 'transientStorage', account, key, prev });
    this.transientStorage.set(account, key, value);
  }

  // --- self-destruct ---

  selfDestruct(addr: Address): void {
    const obj = this.getObject(addr);
    if (obj === undefined) return;
    if (obj.data.balance !== 0n) this.writeBalance(obj, 0n);
    if (obj.selfDestructed) return;
    this.journal.append({ kind: 'selfDestruct', addr: obj.key });
    obj.selfDestructed = true;
  }

  selfDestruct6780(addr: Address): void {
    if (this.getObject(addr)?.newContract) this.selfDestruct(addr);
  }

  hasSelfDestructed(addr: Address): boolean {
    return this.getObject(addr)?.selfDestructed ?? false;
  }

  // --- refund ---

  addRefund(gas: bigint): void {
    this.journal.append({ kind: 'refund', prev: this.refund });
    this.refund += gas;
  }

  subRefund(gas: bigint): void {
    if (gas > this.refund) throw new Error(`state: refund counter below zero (gas: ${gas} > refund: ${this.refund})`);
    this.journal.append({ kind: 'refund', prev: this.refund });
    this.refund -= gas;
  }

  getRefund(): bigint {
    return this.refund;
  }

  // --- access list ---

  addressInAccessList(addr: Address): boolean {
    return this.accessList.containsAddress(bytesToHex(addr));
  }

  slotInAccessList(addr: Address, slot: bigint): { addressPresent: boolean; slotPresent: boolean } {
    return this.accessList.containsSlot(bytesToHex(addr), slot);
  }

  addAddressToAccessList(addr: Address): void {
    const account = bytesToHex(addr);
    if (this.accessList.addAddress(account)) this.journal.append({ kind: 'accessListAddress', account });
  }

  addSlotToAccessList(addr: Address, slot: bigint): void {
    const account = bytesToHex(addr);
    const { addressAdded, slotAdded } = this.accessList.addSlot(account, slot);
    // Address first: undo runs backwards, so the slot goes before its address.
    if (addressAdded) this.journal.append({ kind: 'accessListAddress', account });
    if (slotAdded) this.journal.append({ kind: 'accessListSlot', account, slot });
  }

  prepare(
    rules: Rules,
    sender: Address,
    coinbase: Address,
    dest: Address | undefined,
    precompiles: Address[],
    accessList: AccessListEntry[],
  ): void {
    const list = new AccessList();
    if (rules.isBerlin) {
      list.addAddress(bytesToHex(sender));
      // A creation's own address is warmed by the EVM once it is known.
      if (dest !== undefined) list.addAddress(bytesToHex(dest));
      for (const p of precompiles) list.addAddress(bytesToHex(p));
      for (const entry of accessList) {
        const account = bytesToHex(entry.address);
        list.addAddress(account);
        for (const slot of entry.storageKeys) list.addSlot(account, slot);
      }
      // EIP-3651: the coinbase is warm from Shanghai on.
      if (rules.isShanghai) list.addAddress(bytesToHex(coinbase));
    }
    this.accessList = list;
    this.transientStorage = new TransientStorage();
    this.refund = 0n;
  }

  // --- logs ---

  /** Which transaction the next logs belong to (its hash and its index in the block). */
  setTxContext(txHash: Bytes, txIndex: number): void {
    this.txHashKey = bytesToHex(txHash);
    this.txIndexValue = txIndex;
  }

  get txIndex(): number {
    return this.txIndexValue;
  }

  addLog(log: EvmLog): void {
    let list = this.logs.get(this.txHashKey);
    if (list === undefined) {
      list = [];
      this.logs.set(this.txHashKey, list);
    }
    list.push({ address: log.address, topics: log.topics, data: log.data });
    this.journal.append({ kind: 'addLog', txHash: this.txHashKey });
  }

  /** The logs the transaction with this hash emitted (and did not revert), in order. */
  getLogs(txHash: Bytes): Log[] {
    return this.logs.get(bytesToHex(txHash))?.slice() ?? [];
  }

  // --- journal ---

  snapshot(): number {
    return this.journal.snapshot();
  }

  revertToSnapshot(id: number): void {
    this.journal.revertToSnapshot(id, (entry) => this.undo(entry));
  }

  private undo(entry: JournalEntry): void {
    switch (entry.kind) {
      case 'createObject':
        if (entry.prev === undefined) this.objects.delete(entry.addr);
        else this.objects.set(entry.addr, entry.prev);
        return;
      case 'createContract':
        this.liveObject(entry.addr).newContract = false;
        return;
      case 'selfDestruct':
        this.liveObject(entry.addr).selfDestructed = false;
        return;
      case 'balance':
        this.liveObject(entry.addr).data.balance = entry.prev;
        return;
      case 'nonce':
        this.liveObject(entry.addr).data.nonce = entry.prev;
        return;
      case 'code': {
        const obj = this.liveObject(entry.addr);
        obj.code = entry.prevCode;
        obj.data.codeHash = entry.prevHash;
        obj.dirtyCode = entry.prevDirty;
        return;
      }
      case 'storage': {
        const obj = this.liveObject(entry.addr);
        if (entry.prev === undefined) obj.dirtyStorage.delete(entry.key);
        else obj.dirtyStorage.set(entry.key, entry.prev);
        return;
      }
      case 'touch':
        return;
      case 'transientStorage':
        this.transientStorage.set(entry.account, entry.key, entry.prev);
        return;
      case 'refund':
        this.refund = entry.prev;
        return;
      case 'addLog':
        this.logs.get(entry.txHash)!.pop();
        return;
      case 'accessListAddress':
        this.accessList.deleteAddress(entry.account);
        return;
      case 'accessListSlot':
        this.accessList.deleteSlot(entry.account, entry.slot);
        return;
    }
  }

  /** The object an entry refers to: entries are undone newest first, so it is always there. */
  private liveObject(key: string): StateObject {
    const obj = this.objects.get(key);
    if (obj === undefined) throw new Error(`state journal: no live account ${key} to undo a change of`);
    return obj;
  }

  // --- end of transaction, block ---

  /**
   * Ends a transaction: self-destructed accounts, and from EIP-158 on touched empty ones (`deleteEmptyObjects`),
   * are deleted; the other changed accounts keep their writes as committed values. The journal and the refund
   * counter start afresh: no snapshot taken before can be reverted to.
   */
  finalise(deleteEmptyObjects: boolean): void {
    for (const key of this.journal.dirtyAddresses()) {
      // Only RIPEMD-160's reverted touch can leave a dirty address without an object.
      const obj = this.objects.get(key);
      if (obj === undefined) continue;
      if (obj.selfDestructed || (deleteEmptyObjects && obj.empty())) {
        this.objects.delete(key);
        this.destructed.add(key);
        this.mutations.set(key, true);
      } else {
        obj.finalise();
        this.mutations.set(key, false);
      }
    }
    this.journal.reset();
    this.refund = 0n;
  }

  /** finalise(), then the state root with every change so far; writes nothing. */
  intermediateRoot(deleteEmptyObjects: boolean): Bytes {
    this.finalise(deleteEmptyObjects);
    for (const [key, deleted] of this.mutations) {
      if (deleted) {
        this.accountTrie.delete(hexToBytes(key));
        this.uncommitted.delete(key);
        continue;
      }
      const obj = this.objects.get(key)!;
      obj.updateStorageRoot();
      this.accountTrie.put(obj.address, obj.encode());
      this.uncommitted.add(key);
    }
    this.mutations.clear();
    return this.accountTrie.hash();
  }

  /**
   * intermediateRoot(), then queues into `writer` the trie nodes the store does not have yet and the code set
   * since the last commit; returns the state root.
   */
  commit(writer: KeyValueWriter, deleteEmptyObjects: boolean): Bytes {
    this.intermediateRoot(deleteEmptyObjects);
    for (const key of this.uncommitted) {
      const obj = this.objects.get(key)!;
      if (obj.dirtyCode) {
        this.db.writeCode(writer, obj.data.codeHash, obj.getCode());
        obj.dirtyCode = false;
      }
      obj.commitStorage(writer);
    }
    this.uncommitted.clear();
    return this.accountTrie.commit(writer);
  }
}
