// What the EVM needs from the world state (geth's vm.StateDB). src/core/state implements it; the EVM never sees
// tries or the database. Storage keys and values are 256-bit words as bigint, the form the EVM stack holds them in.
import type { Bytes } from '../../common/bytes.js';
import type { Rules } from '../../params/chainConfig.js';

/** A 20-byte account address. */
export type Address = Bytes;

export interface EvmLog {
  address: Address;
  topics: Bytes[];
  data: Bytes;
}

export interface AccessListEntry {
  address: Address;
  storageKeys: bigint[];
}

export interface EvmStateDB {
  createAccount(addr: Address): void;
  /** Marks `addr` as created in the current transaction (EIP-6780 lets only such accounts self-destruct fully). */
  createContract(addr: Address): void;

  getBalance(addr: Address): bigint;
  addBalance(addr: Address, amount: bigint): void;
  subBalance(addr: Address, amount: bigint): void;

  getNonce(addr: Address): bigint;
  setNonce(addr: Address, nonce: bigint): void;

  getCode(addr: Address): Bytes;
  getCodeHash(addr: Address): Bytes;
  getCodeSize(addr: Address): number;
  setCode(addr: Address, code: Bytes): void;

  /** The value at the start of the transaction (EIP-2200 / EIP-3529 SSTORE pricing). */
  getCommittedState(addr: Address, key: bigint): bigint;
  getState(addr: Address, key: bigint): bigint;
  setState(addr: Address, key: bigint, value: bigint): void;
  /** True when the account has non-empty storage (the CREATE collision rule counts it). */
  hasStorage(addr: Address): boolean;

  getTransientState(addr: Address, key: bigint): bigint;
  setTransientState(addr: Address, key: bigint, value: bigint): void;

  /** Pre-Cancun SELFDESTRUCT: the account is removed at the end of the transaction. */
  selfDestruct(addr: Address): void;
  /** EIP-6780: removes the account only when it was created in the same transaction. */
  selfDestruct6780(addr: Address): void;
  hasSelfDestructed(addr: Address): boolean;

  /** The account exists in the state (may be empty). */
  exist(addr: Address): boolean;
  /** EIP-161 empty: nonce 0, balance 0, no code. A non-existent account is empty. */
  empty(addr: Address): boolean;

  addRefund(gas: bigint): void;
  subRefund(gas: bigint): void;
  getRefund(): bigint;

  /** EIP-2929/2930 access list of the running transaction. */
  addressInAccessList(addr: Address): boolean;
  slotInAccessList(addr: Address, slot: bigint): { addressPresent: boolean; slotPresent: boolean };
  addAddressToAccessList(addr: Address): void;
  addSlotToAccessList(addr: Address, slot: bigint): void;

  /**
   * Resets the per-transaction state (access list, transient storage, refund, logs of the tx) and warms what the
   * rules say is warm from the start: sender, destination, precompiles, coinbase (Shanghai), the tx access list.
   */
  prepare(
    rules: Rules,
    sender: Address,
    coinbase: Address,
    dest: Address | undefined,
    precompiles: Address[],
    accessList: AccessListEntry[],
  ): void;

  /** Journal: every change above can be undone back to a snapshot (a failed call frame reverts this way). */
  snapshot(): number;
  revertToSnapshot(id: number): void;

  addLog(log: EvmLog): void;
}
