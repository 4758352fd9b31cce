// A minimal in-memory EvmStateDB for the EVM's unit tests, until the real StateDB (src/core/state) exists.
// Every change records an undo step, so snapshots and reverts behave as the journal of the real one should.
import { bytesToHex, hexToBytes, type Bytes } from '../../common/bytes.js';
import { keccak256, KECCAK256_EMPTY } from '../../crypto/keccak.js';
import type { Rules } from '../../params/chainConfig.js';
import type { AccessListEntry, Address, EvmLog, EvmStateDB } from './stateDb.js';

interface Account {
  nonce: bigint;
  balance: bigint;
  code: Bytes;
  codeHash: Bytes;
  storage: Map<bigint, bigint>;
}

export interface GenesisAccount {
  nonce?: bigint;
  balance?: bigint;
  code?: Bytes | string;
  storage?: Record<string, bigint>;
}

export class TestState implements EvmStateDB {
  private readonly accounts = new Map<string, Account>();
  /** Storage as of the start of the transaction (what getCommittedState returns). */
  private readonly committed = new Map<string, Map<bigint, bigint>>();
  private readonly transient = new Map<string, bigint>();
  private readonly warmAddresses = new Set<string>();
  private readonly warmSlots = new Set<string>();
  private readonly created = new Set<string>();
  private readonly destructed = new Set<string>();
  private refund = 0n;
  readonly logs: EvmLog[] = [];
  private readonly undo: (() => void)[] = [];

  constructor(alloc: Record<string, GenesisAccount> = {}) {
    for (const [address, acc] of Object.entries(alloc)) {
      const code = typeof acc.code === 'string' ? hexToBytes(acc.code) : (acc.code ?? new Uint8Array(0));
      const storage = new Map<bigint, bigint>();
      for (const [k, v] of Object.entries(acc.storage ?? {})) storage.set(BigInt(k), v);
      const key = bytesToHex(hexToBytes(address));
      this.accounts.set(key, {
        nonce: acc.nonce ?? 0n,
        balance: acc.balance ?? 0n,
        code,
        codeHash: code.length === 0 ? KECCAK256_EMPTY : keccak256(code),
        storage,
      });
      this.committed.set(key, new Map(storage));
    }
  }

  private get(addr: Address): Account | undefined {
    return this.accounts.get(bytesToHex(addr));
  }

  /** The account, created empty (and journaled) when missing. */
  private ensure(addr: Address): Account {
    const key = bytesToHex(addr);
    let acc = this.accounts.get(key);
    if (acc === undefined) {
      acc = { nonce: 0n, balance: 0n, code: new Uint8Array(0), codeHash: KECCAK256_EMPTY, storage: new Map() };
      this.accounts.set(key, acc);
      this.undo.push(() => this.accounts.delete(key));
    }
    return acc;
  }

  createAccount(addr: Address): void {
    const key = bytesToHex(addr);
    const prev = this.accounts.get(key);
    // Like geth: a new account keeps the balance of whatever was there.
    this.accounts.set(key, {
      nonce: 0n,
      balance: prev?.balance ?? 0n,
      code: new Uint8Array(0),
      codeHash: KECCAK256_EMPTY,
      storage: new Map(),
    });
    this.undo.push(() => (prev === undefined ? this.accounts.delete(key) : this.accounts.set(key, prev)));
  }

  createContract(addr: Address): void {
    const key = bytesToHex(addr);
    if (this.created.has(key)) return;
    this.created.add(key);
    this.undo.push(() => this.created.delete(key));
  }

  getBalance(addr: Address): bigint {
    return this.get(addr)?.balance ?? 0n;
  }

  addBalance(addr: Address, amount: bigint): void {
    const acc = this.ensure(addr);
    const prev = acc.balance;
    acc.balance = prev + amount;
    this.undo.push(() => (acc.balance = prev));
  }

  subBalance(addr: Address, amount: bigint): void {
    const acc = this.ensure(addr);
    const prev = acc.balance;
    acc.balance = prev - amount;
    this.undo.push(() => (acc.balance = prev));
  }

  getNonce(addr: Address): bigint {
    return this.get(addr)?.nonce ?? 0n;
  }

  setNonce(addr: Address, nonce: bigint): void {
    const acc = this.ensure(addr);
    const prev = acc.nonce;
    acc.nonce = nonce;
    this.undo.push(() => (acc.nonce = prev));
  }

  getCode(addr: Address): Bytes {
    return this.get(addr)?.code ?? new Uint8Array(0);
  }

  getCodeHash(addr: Address): Bytes {
    return this.get(addr)?.codeHash ?? new Uint8Array(32);
  }

  getCodeSize(addr: Address): number {
    return this.getCode(addr).length;
  }

  setCode(addr: Address, code: Bytes): void {
    const acc = this.ensure(addr);
    const prev = { code: acc.code, codeHash: acc.codeHash };
    acc.code = code;
    acc.codeHash = code.length === 0 ? KECCAK256_EMPTY : keccak256(code);
    this.undo.push(() => Object.assign(acc, prev));
  }

  getCommittedState(addr: Address, key: bigint): bigint {
    return this.committed.get(bytesToHex(addr))?.get(key) ?? 0n;
  }

  getState(addr: Address, key: bigint): bigint {
    return this.get(addr)?.storage.get(key) ?? 0n;
  }

  setState(addr: Address, key: bigint, value: bigint): void {
    const acc = this.ensure(addr);
    const prev = acc.storage.get(key);
    acc.storage.set(key, value);
    this.undo.push(() => (prev === undefined ? acc.storage.delete(key) : acc.storage.set(key, prev)));
  }

  hasStorage(addr: Address): boolean {
    const acc = this.get(addr);
    if (acc === undefined) return false;
    for (const v of acc.storage.values()) if (v !== 0n) return true;
    return false;
  }

  getTransientState(addr: Address, key: bigint): bigint {
    return this.transient.get(`${bytesToHex(addr)}:${key}`) ?? 0n;
  }

  setTransientState(addr: Address, key: bigint, value: bigint): void {
    const k = `${bytesToHex(addr)}:${key}`;
    const prev = this.transient.get(k);
    this.transient.set(k, value);
    this.undo.push(() => (prev === undefined ? this.transient.delete(k) : this.transient.set(k, prev)));
  }

  selfDestruct(addr: Address): void {
    const key = bytesToHex(addr);
    const acc = this.ensure(addr);
    const prev = acc.balance;
    const was = this.destructed.has(key);
    acc.balance = 0n;
    this.destructed.add(key);
    this.undo.push(() => {
      acc.balance = prev;
      if (!was) this.destructed.delete(key);
    });
  }

  selfDestruct6780(addr: Address): void {
    if (this.created.has(bytesToHex(addr))) this.selfDestruct(addr);
  }

  hasSelfDestructed(addr: Address): boolean {
    return this.destructed.has(bytesToHex(addr));
  }

  exist(addr: Address): boolean {
    return this.get(addr) !== undefined;
  }

  empty(addr: Address): boolean {
    const acc = this.get(addr);
    return acc === undefined || (acc.nonce === 0n && acc.balance === 0n && acc.code.length === 0);
  }

  addRefund(gas: bigint): void {
    const prev = this.refund;
    this.refund += gas;
    this.undo.push(() => (this.refund = prev));
  }

  subRefund(gas: bigint): void {
    if (gas > this.refund) throw new Error(`refund counter below zero (gas: ${gas} > refund: ${this.refund})`);
    const prev = this.refund;
    this.refund -= gas;
    this.undo.push(() => (this.refund = prev));
  }

  getRefund(): bigint {
    return this.refund;
  }

  addressInAccessList(addr: Address): boolean {
    return this.warmAddresses.has(bytesToHex(addr));
  }

  slotInAccessList(addr: Address, slot: bigint): { addressPresent: boolean; slotPresent: boolean } {
    const a = bytesToHex(addr);
    return { addressPresent: this.warmAddresses.has(a), slotPresent: this.warmSlots.has(`${a}:${slot}`) };
  }

  addAddressToAccessList(addr: Address): void {
    const a = bytesToHex(addr);
    if (this.warmAddresses.has(a)) return;
    this.warmAddresses.add(a);
    this.undo.push(() => this.warmAddresses.delete(a));
  }

  addSlotToAccessList(addr: Address, slot: bigint): void {
    this.addAddressToAccessList(addr);
    const k = `${bytesToHex(addr)}:${slot}`;
    if (this.warmSlots.has(k)) return;
    this.warmSlots.add(k);
    this.undo.push(() => this.warmSlots.delete(k));
  }

  prepare(
    _rules: Rules,
    sender: Address,
    coinbase: Address,
    dest: Address | undefined,
    precompiles: Address[],
    accessList: AccessListEntry[],
  ): void {
    this.warmAddresses.clear();
    this.warmSlots.clear();
    this.transient.clear();
    this.refund = 0n;
    for (const a of [sender, coinbase, ...(dest ? [dest] : []), ...precompiles]) this.warmAddresses.add(bytesToHex(a));
    for (const e of accessList) {
      this.warmAddresses.add(bytesToHex(e.address));
      for (const k of e.storageKeys) this.warmSlots.add(`${bytesToHex(e.address)}:${k}`);
    }
    this.undo.length = 0;
  }

  snapshot(): number {
    return this.undo.length;
  }

  revertToSnapshot(id: number): void {
    while (this.undo.length > id) this.undo.pop()!();
  }

  addLog(log: EvmLog): void {
    this.logs.push(log);
    this.undo.push(() => this.logs.pop());
  }
}
