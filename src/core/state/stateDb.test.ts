import { describe, expect, it } from 'vitest';
import { bigintToBytes, bigintToFixedBytes, bytesToHex, hexToBytes, type Bytes } from '../../common/bytes.js';
import { EMPTY_TRIE_ROOT, KECCAK256_EMPTY, keccak256 } from '../../crypto/keccak.js';
import { MemoryStore } from '../../db/memoryStore.js';
import { codeKey } from '../../db/schema.js';
import { rulesFor } from '../../params/chainConfig.js';
import { configForFork, type ForkName } from '../../params/forks.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { MissingNodeError } from '../../trie/errors.js';
import { SecureTrie } from '../../trie/secureTrie.js';
import { decodeAccount, encodeAccount } from '../types/account.js';
import { MissingCodeError, StateDatabase } from './stateDatabase.js';
import { StateDB } from './stateDb.js';

const addr = (n: number): Bytes => bigintToFixedBytes(BigInt(n), 20);
const A = addr(0xaa);
const B = addr(0xbb);
const C = addr(0xcc);
const RIPEMD = addr(3);
const CODE = hexToBytes('0x6001600055');

const rules = (fork: ForkName) => rulesFor(configForFork(fork), 0n, true, 0n);

function freshState(store = new MemoryStore()): { store: MemoryStore; state: StateDB } {
  return { store, state: new StateDB(new StateDatabase(store)) };
}

/** Commits into the store (through a batch) and reopens the result by its root. */
async function commitAndReopen(state: StateDB, store: MemoryStore, deleteEmpty = true): Promise<[Bytes, StateDB]> {
  const batch = store.batch();
  const root = state.commit(batch, deleteEmpty);
  await batch.write();
  return [root, new StateDB(new StateDatabase(store), root)];
}

describe('StateDB accounts', () => {
  it('reads defaults for an account that does not exist', () => {
    const { state } = freshState();
    expect(state.exist(A)).toBe(false);
    expect(state.empty(A)).toBe(true);
    expect(state.getBalance(A)).toBe(0n);
    expect(state.getNonce(A)).toBe(0n);
    expect(state.getCode(A)).toEqual(new Uint8Array(0));
    expect(state.getCodeSize(A)).toBe(0);
    // geth's zero hash for a missing account (EXTCODEHASH and the CREATE collision check rely on it).
    expect(state.getCodeHash(A)).toEqual(new Uint8Array(32));
    expect(state.getState(A, 1n)).toBe(0n);
    expect(state.getCommittedState(A, 1n)).toBe(0n);
    expect(state.hasSelfDestructed(A)).toBe(false);
    expect(state.hasStorage(A)).toBe(false);
    expect(state.exist(A)).toBe(false); // reads never create
  });

  it('sets and gets balance, nonce, code and storage', () => {
    const { state } = freshState();
    state.addBalance(A, 100n);
    state.subBalance(A, 30n);
    state.setNonce(A, 7n);
    state.setCode(A, CODE);
    state.setState(A, 1n, 42n);
    expect(state.exist(A)).toBe(true);
    expect(state.empty(A)).toBe(false);
    expect(state.getBalance(A)).toBe(70n);
    expect(state.getNonce(A)).toBe(7n);
    expect(state.getCode(A)).toEqual(CODE);
    expect(state.getCodeSize(A)).toBe(CODE.length);
    expect(state.getCodeHash(A)).toEqual(keccak256(CODE));
    expect(state.getState(A, 1n)).toBe(42n);
    expect(state.getState(A, 2n)).toBe(0n);
  });

  it('refuses a balance below zero without changing it', () => {
    const { state } = freshState();
    state.addBalance(A, 5n);
    expect(() => state.subBalance(A, 6n)).toThrow(/would go negative \(have 5, sub 6\)/);
    expect(state.getBalance(A)).toBe(5n);
    expect(() => state.setBalance(A, -1n)).toThrow(/negative balance/);
  });

  it('createAccount keeps the balance of an account that was there and drops the rest', () => {
    const { state } = freshState();
    state.addBalance(A, 9n);
    state.setNonce(A, 3n);
    state.setState(A, 1n, 1n);
    state.createAccount(A);
    expect(state.getBalance(A)).toBe(9n);
    expect(state.getNonce(A)).toBe(0n);
    expect(state.getState(A, 1n)).toBe(0n);
  });

  it('self-destruct zeroes the balance at once and deletes the account at finalise', () => {
    const { state } = freshState();
    state.addBalance(A, 9n);
    state.setCode(A, CODE);
    state.selfDestruct(A);
    expect(state.hasSelfDestructed(A)).toBe(true);
    expect(state.getBalance(A)).toBe(0n);
    expect(state.exist(A)).toBe(true); // until the transaction ends
    state.finalise(true);
    expect(state.exist(A)).toBe(false);
    expect(state.getCode(A)).toEqual(new Uint8Array(0));
  });

  it('self-destruct of a missing account does nothing', () => {
    const { state } = freshState();
    state.selfDestruct(A);
    expect(state.exist(A)).toBe(false);
  });

  it('EIP-6780: only a contract created in the same transaction self-destructs', () => {
    const { state } = freshState();
    state.addBalance(A, 1n);
    state.selfDestruct6780(A);
    expect(state.hasSelfDestructed(A)).toBe(false);
    expect(state.getBalance(A)).toBe(1n);

    state.createAccount(B);
    state.createContract(B);
    state.selfDestruct6780(B);
    expect(state.hasSelfDestructed(B)).toBe(true);

    // The flag lasts for one transaction only.
    state.createContract(C);
    state.finalise(true);
    state.addBalance(C, 1n);
    state.selfDestruct6780(C);
    expect(state.hasSelfDestructed(C)).toBe(false);
  });

  it('a deleted account comes back empty, with none of its old storage', async () => {
    const { state, store } = freshState();
    state.addBalance(A, 1n);
    state.setState(A, 1n, 11n);
    const [, reopened] = await commitAndReopen(state, store);
    reopened.selfDestruct(A);
    reopened.finalise(true);
    expect(reopened.getState(A, 1n)).toBe(0n);
    reopened.addBalance(A, 2n);
    expect(reopened.getState(A, 1n)).toBe(0n);
    expect(reopened.getCommittedState(A, 1n)).toBe(0n);
    reopened.setState(A, 2n, 22n);
    const root = reopened.intermediateRoot(true);

    const storage = new SecureTrie();
    storage.put(bigintToFixedBytes(2n, 32), encodeRlp(22n));
    const accounts = new SecureTrie();
    accounts.put(A, encodeAccount({ nonce: 0n, balance: 2n, storageRoot: storage.hash(), codeHash: KECCAK256_EMPTY }));
    expect(root).toEqual(accounts.hash());
  });
});

describe('StateDB journal', () => {
  it('reverts each kind of change', () => {
    const { state } = freshState();
    state.addBalance(A, 10n);
    state.setNonce(A, 1n);
    state.setCode(A, CODE);
    state.setState(A, 1n, 5n);
    state.finalise(true);

    const snap = state.snapshot();
    state.addBalance(A, 1n);
    state.setNonce(A, 2n);
    state.setCode(A, hexToBytes('0x00'));
    state.setState(A, 1n, 6n);
    state.setState(A, 2n, 7n);
    state.setTransientState(A, 1n, 8n);
    state.addRefund(100n);
    state.subRefund(40n);
    state.addAddressToAccessList(B);
    state.addSlotToAccessList(C, 9n);
    state.setTxContext(new Uint8Array(32), 0);
    state.addLog({ address: A, topics: [], data: new Uint8Array(0) });
    state.selfDestruct(A);
    state.addBalance(B, 3n); // creates B
    state.createContract(C);
    state.revertToSnapshot(snap);

    expect(state.getBalance(A)).toBe(10n);
    expect(state.getNonce(A)).toBe(1n);
    expect(state.getCode(A)).toEqual(CODE);
    expect(state.getCodeHash(A)).toEqual(keccak256(CODE));
    expect(state.getState(A, 1n)).toBe(5n);
    expect(state.getState(A, 2n)).toBe(0n);
    expect(state.getTransientState(A, 1n)).toBe(0n);
    expect(state.getRefund()).toBe(0n);
    expect(state.addressInAccessList(B)).toBe(false);
    expect(state.slotInAccessList(C, 9n)).toEqual({ addressPresent: false, slotPresent: false });
    expect(state.getLogs(new Uint8Array(32))).toEqual([]);
    expect(state.hasSelfDestructed(A)).toBe(false);
    expect(state.exist(B)).toBe(false);
    expect(state.exist(C)).toBe(false);
  });

  it('reverts createAccount over an existing account back to that account', () => {
    const { state } = freshState();
    state.addBalance(A, 4n);
    state.setNonce(A, 2n);
    const snap = state.snapshot();
    state.createAccount(A);
    state.setNonce(A, 1n);
    state.revertToSnapshot(snap);
    expect(state.getNonce(A)).toBe(2n);
    expect(state.getBalance(A)).toBe(4n);
  });

  it('keeps a slot added before the snapshot when only the later slot is reverted', () => {
    const { state } = freshState();
    state.addSlotToAccessList(A, 1n);
    const snap = state.snapshot();
    state.addSlotToAccessList(A, 2n);
    state.addAddressToAccessList(A); // already there: nothing to journal
    state.revertToSnapshot(snap);
    expect(state.slotInAccessList(A, 1n)).toEqual({ addressPresent: true, slotPresent: true });
    expect(state.slotInAccessList(A, 2n)).toEqual({ addressPresent: true, slotPresent: false });
  });

  it('handles nested snapshots', () => {
    const { state } = freshState();
    state.addBalance(A, 1n);
    const outer = state.snapshot();
    state.addBalance(A, 10n);
    const inner = state.snapshot();
    state.addBalance(A, 100n);
    state.setState(A, 1n, 1n);
    state.revertToSnapshot(inner);
    expect(state.getBalance(A)).toBe(11n);
    expect(state.getState(A, 1n)).toBe(0n);

    const inner2 = state.snapshot();
    state.setState(A, 1n, 2n);
    state.revertToSnapshot(outer);
    expect(state.getBalance(A)).toBe(1n);
    expect(state.getState(A, 1n)).toBe(0n);
    // Snapshots taken after the one reverted to are gone, and so is that one.
    expect(() => state.revertToSnapshot(inner2)).toThrow(/snapshot \d+ cannot be reverted/);
    expect(() => state.revertToSnapshot(outer)).toThrow(/cannot be reverted/);
  });

  it('rejects unknown snapshots and snapshots from before finalise', () => {
    const { state } = freshState();
    expect(() => state.revertToSnapshot(12345)).toThrow(/snapshot 12345 cannot be reverted/);
    const snap = state.snapshot();
    state.addBalance(A, 1n);
    state.finalise(true);
    expect(() => state.revertToSnapshot(snap)).toThrow(/cannot be reverted/);
    expect(state.getBalance(A)).toBe(1n);
  });

  it('refund cannot go below zero', () => {
    const { state } = freshState();
    state.addRefund(5n);
    expect(() => state.subRefund(6n)).toThrow(/refund counter below zero/);
    expect(state.getRefund()).toBe(5n);
    state.finalise(true);
    expect(state.getRefund()).toBe(0n);
  });

  it('keeps logs per transaction and drops reverted ones', () => {
    const { state } = freshState();
    const tx1 = keccak256(hexToBytes('0x01'));
    const tx2 = keccak256(hexToBytes('0x02'));
    const log = (n: number) => ({ address: addr(n), topics: [bigintToFixedBytes(BigInt(n), 32)], data: hexToBytes('0x01') });
    state.setTxContext(tx1, 0);
    state.addLog(log(1));
    const snap = state.snapshot();
    state.addLog(log(2));
    state.revertToSnapshot(snap);
    state.addLog(log(3));
    state.finalise(true);
    state.setTxContext(tx2, 1);
    expect(state.txIndex).toBe(1);
    state.addLog(log(4));
    expect(state.getLogs(tx1)).toEqual([log(1), log(3)]);
    expect(state.getLogs(tx2)).toEqual([log(4)]);
  });
});

describe('StateDB EIP-161 empty-account deletion', () => {
  it('deletes a touched empty account when asked to, and keeps it otherwise', () => {
    const { state } = freshState();
    state.addBalance(A, 0n);
    expect(state.exist(A)).toBe(true);
    state.finalise(true);
    expect(state.exist(A)).toBe(false);

    const { state: frontier } = freshState();
    frontier.addBalance(A, 0n);
    frontier.finalise(false);
    expect(frontier.exist(A)).toBe(true);
    expect(frontier.intermediateRoot(false)).not.toEqual(EMPTY_TRIE_ROOT);
  });

  it('deletes an empty account from the trie only once it is touched', async () => {
    const { state, store } = freshState();
    state.addBalance(A, 0n);
    state.addBalance(B, 0n);
    const [root, reopened] = await commitAndReopen(state, store, false);
    expect(root).not.toEqual(EMPTY_TRIE_ROOT);
    expect(reopened.exist(A)).toBe(true);
    reopened.getBalance(B); // reading does not touch
    reopened.addBalance(A, 0n);
    expect(reopened.intermediateRoot(true)).not.toEqual(EMPTY_TRIE_ROOT);
    expect(reopened.exist(A)).toBe(false);
    expect(reopened.exist(B)).toBe(true);
    reopened.subBalance(B, 0n); // a zero debit is no touch either (as in geth)
    reopened.finalise(true);
    expect(reopened.exist(B)).toBe(true);
  });

  it('a reverted touch no longer deletes the account', async () => {
    const { state, store } = freshState();
    state.addBalance(A, 0n);
    const [, reopened] = await commitAndReopen(state, store, false);
    const snap = reopened.snapshot();
    reopened.addBalance(A, 0n);
    reopened.revertToSnapshot(snap);
    reopened.finalise(true);
    expect(reopened.exist(A)).toBe(true);
  });

  it('a reverted touch of RIPEMD-160 still deletes it (mainnet block 2675119)', async () => {
    const { state, store } = freshState();
    state.addBalance(RIPEMD, 0n);
    const [, reopened] = await commitAndReopen(state, store, false);
    const snap = reopened.snapshot();
    reopened.addBalance(RIPEMD, 0n);
    reopened.revertToSnapshot(snap);
    reopened.finalise(true);
    expect(reopened.exist(RIPEMD)).toBe(false);
  });

  it('an account with only a nonce, only a balance or only code is not empty', () => {
    const { state } = freshState();
    state.setNonce(A, 1n);
    state.addBalance(B, 1n);
    state.setCode(C, CODE);
    state.finalise(true);
    for (const a of [A, B, C]) {
      expect(state.exist(a)).toBe(true);
      expect(state.empty(a)).toBe(false);
    }
  });
});

describe('StateDB storage', () => {
  it('tells committed (start of transaction) values from current ones', () => {
    const { state } = freshState();
    state.addBalance(A, 1n);
    state.setState(A, 1n, 10n);
    expect(state.getCommittedState(A, 1n)).toBe(0n);
    expect(state.getState(A, 1n)).toBe(10n);
    state.finalise(true);
    expect(state.getCommittedState(A, 1n)).toBe(10n);
    state.setState(A, 1n, 20n);
    expect(state.getCommittedState(A, 1n)).toBe(10n);
    expect(state.getState(A, 1n)).toBe(20n);
    state.intermediateRoot(true);
    expect(state.getCommittedState(A, 1n)).toBe(20n);
  });

  it('writing the current value changes nothing and does not dirty the account', async () => {
    const { state, store } = freshState();
    state.addBalance(A, 0n);
    state.setCode(B, CODE);
    const [, reopened] = await commitAndReopen(state, store, false);
    reopened.setState(A, 1n, 0n); // same as stored: no touch, no deletion
    reopened.finalise(true);
    expect(reopened.exist(A)).toBe(true);
  });

  it('round-trips storage and code through commit and reopening by root', async () => {
    const { state, store } = freshState();
    const big = (1n << 256n) - 1n;
    state.addBalance(A, 1n);
    state.setCode(A, CODE);
    state.setState(A, 0n, 1n);
    state.setState(A, 1n, big);
    state.setState(A, big, 0x100n);
    state.setState(B, 5n, 5n);
    state.setNonce(B, 1n);
    const [root, reopened] = await commitAndReopen(state, store);
    expect(reopened.getState(A, 0n)).toBe(1n);
    expect(reopened.getState(A, 1n)).toBe(big);
    expect(reopened.getCommittedState(A, big)).toBe(0x100n);
    expect(reopened.getState(A, 2n)).toBe(0n);
    expect(reopened.getCode(A)).toEqual(CODE);
    expect(reopened.getState(B, 5n)).toBe(5n);
    expect(reopened.hasStorage(A)).toBe(true);
    expect(reopened.hasStorage(C)).toBe(false);
    expect(store.get(codeKey(keccak256(CODE)))).toEqual(CODE);

    // Zero deletes: clearing every slot brings the storage root back to empty.
    reopened.setState(B, 5n, 0n);
    const [root2, again] = await commitAndReopen(reopened, store);
    expect(root2).not.toEqual(root);
    expect(again.getState(B, 5n)).toBe(0n);
    expect(again.hasStorage(B)).toBe(false);
    expect(again.getNonce(B)).toBe(1n);
    // The old root is still readable: nothing was deleted from the store.
    expect(new StateDB(new StateDatabase(store), root).getState(B, 5n)).toBe(5n);
  });

  it('stores slot values as RLP of the trimmed value', async () => {
    const { state, store } = freshState();
    state.setState(A, 1n, 0x0102n);
    state.addBalance(A, 1n);
    const [root] = await commitAndReopen(state, store);
    const account = decodeAccount(new SecureTrie(store, root).get(A)!);
    const storage = new SecureTrie(store, account.storageRoot);
    expect(bytesToHex(storage.get(bigintToFixedBytes(1n, 32))!)).toBe('0x820102');
  });

  it('writes only what changed on the next commit', async () => {
    const { state, store } = freshState();
    for (let i = 1; i <= 20; i++) {
      state.addBalance(addr(i), BigInt(i));
      state.setState(addr(i), 1n, BigInt(i));
    }
    state.setCode(A, CODE);
    const [, reopened] = await commitAndReopen(state, store);
    const before = store.size;
    reopened.getState(addr(3), 1n);
    reopened.getCode(A);
    const idle = store.batch();
    reopened.commit(idle, true);
    expect(idle.size).toBe(0);
    reopened.setState(addr(3), 1n, 99n);
    const batch = store.batch();
    reopened.commit(batch, true);
    // The changed storage trie plus the account-trie path down to account 3; no code, nothing else.
    expect(batch.size).toBeGreaterThan(1);
    expect(batch.size).toBeLessThan(8);
    await batch.write();
    expect(store.size).toBeGreaterThan(before);
  });

  it('stays usable after commit, before the batch is written', () => {
    const { state, store } = freshState();
    state.setState(A, 1n, 1n);
    state.setCode(A, CODE);
    const batch = store.batch();
    state.commit(batch, true);
    state.setState(A, 2n, 2n);
    expect(state.getState(A, 1n)).toBe(1n);
    expect(state.getCode(A)).toEqual(CODE);
    expect(state.intermediateRoot(true)).not.toEqual(EMPTY_TRIE_ROOT);
  });

  it('matches a state trie built by hand', () => {
    const { state } = freshState();
    state.addBalance(A, 1_000_000n);
    state.setNonce(A, 5n);
    state.setCode(B, CODE);
    state.setState(B, 1n, 0xdeadn);
    state.setState(B, 2n, 0xbeefn);
    state.setState(B, 2n, 0n); // written then cleared within the block: absent
    state.addBalance(C, 0n); // touched empty: deleted from EIP-158 on
    const root = state.intermediateRoot(true);

    const storage = new SecureTrie();
    storage.put(bigintToFixedBytes(1n, 32), encodeRlp(bigintToBytes(0xdeadn)));
    const accounts = new SecureTrie();
    accounts.put(A, encodeAccount({ nonce: 5n, balance: 1_000_000n, storageRoot: EMPTY_TRIE_ROOT, codeHash: KECCAK256_EMPTY }));
    accounts.put(B, encodeAccount({ nonce: 0n, balance: 0n, storageRoot: storage.hash(), codeHash: keccak256(CODE) }));
    expect(bytesToHex(root)).toBe(bytesToHex(accounts.hash()));
  });

  it('reports a missing root or missing code clearly', () => {
    const store = new MemoryStore();
    expect(() => new StateDB(new StateDatabase(store), keccak256(hexToBytes('0x01')))).toThrow(MissingNodeError);
    const { state } = freshState(store);
    const trie = new SecureTrie();
    const hash = keccak256(CODE);
    trie.put(A, encodeAccount({ nonce: 1n, balance: 0n, storageRoot: EMPTY_TRIE_ROOT, codeHash: hash }));
    const root = trie.commit(store);
    expect(state.exist(A)).toBe(false);
    const withAccount = new StateDB(new StateDatabase(store), root);
    expect(() => withAccount.getCode(A)).toThrow(MissingCodeError);
    expect(() => withAccount.getCode(A)).toThrow(`state: missing code ${bytesToHex(hash)}`);
  });

  it('rejects a corrupt account leaf with the field that is wrong', () => {
    const store = new MemoryStore();
    const trie = new SecureTrie();
    trie.put(A, encodeRlp([1n, 2n]));
    const root = trie.commit(store);
    expect(() => new StateDB(new StateDatabase(store), root).getBalance(A)).toThrow(/account: expected 4 elements/);
  });
});

describe('StateDB per-transaction state', () => {
  it('prepare warms sender, destination, precompiles, the access list and (Shanghai) the coinbase', () => {
    const { state } = freshState();
    const precompile = addr(1);
    const list = [{ address: C, storageKeys: [7n] }];
    state.prepare(rules('Shanghai'), A, B, addr(0xdd), [precompile], list);
    for (const a of [A, B, addr(0xdd), precompile, C]) expect(state.addressInAccessList(a)).toBe(true);
    expect(state.slotInAccessList(C, 7n)).toEqual({ addressPresent: true, slotPresent: true });

    state.prepare(rules('Berlin'), A, B, undefined, [], []);
    expect(state.addressInAccessList(A)).toBe(true);
    expect(state.addressInAccessList(B)).toBe(false); // coinbase is cold before Shanghai
    expect(state.addressInAccessList(C)).toBe(false); // the previous list is gone

    state.prepare(rules('Istanbul'), A, B, C, [precompile], list);
    expect(state.addressInAccessList(A)).toBe(false); // no access lists before Berlin
  });

  it('prepare resets transient storage; finalise does not touch it', () => {
    const { state } = freshState();
    state.setTransientState(A, 1n, 5n);
    state.finalise(true);
    expect(state.getTransientState(A, 1n)).toBe(5n);
    state.prepare(rules('Cancun'), A, B, C, [], []);
    expect(state.getTransientState(A, 1n)).toBe(0n);
    // Transient storage never makes an account exist.
    expect(state.exist(A)).toBe(false);
  });
});
