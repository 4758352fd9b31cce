import { describe, expect, it } from 'vitest';
import { bytesToBigint, hexToBytes } from '../common/bytes.js';
import { EMPTY_TRIE_ROOT } from '../crypto/keccak.js';
import { MemoryStore } from '../db/memoryStore.js';
import { rulesFor } from '../params/chainConfig.js';
import { configForFork } from '../params/forks.js';
import { emptyTxContext } from './processor.js';
import { StateDatabase } from './state/stateDatabase.js';
import { StateDB } from './state/stateDb.js';
import { BEACON_ROOTS_ADDRESS, processBeaconBlockRoot, SYSTEM_ADDRESS } from './systemCalls.js';
import { Evm, type BlockContext } from './vm/evm.js';

/** The EIP-4788 contract's deployed code, as the EIP gives it. */
const BEACON_ROOTS_CODE = hexToBytes(
  '0x3373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff810690' +
    '815414603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff015500',
);
const HISTORY_BUFFER_LENGTH = 8191n;
const TIME = 1_700_000_123n;
const ROOT = new Uint8Array(32).fill(0x5a);

function setup(withContract: boolean) {
  const state = new StateDB(new StateDatabase(new MemoryStore()));
  if (withContract) {
    state.setCode(BEACON_ROOTS_ADDRESS, BEACON_ROOTS_CODE);
    state.setNonce(BEACON_ROOTS_ADDRESS, 1n);
    state.finalise(true);
  }
  const block: BlockContext = {
    coinbase: new Uint8Array(20),
    number: 5n,
    time: TIME,
    gasLimit: 30_000_000n,
    baseFee: 7n,
    prevRandao: new Uint8Array(32),
    difficulty: 0n,
    blobBaseFee: 1n,
    getHash: () => new Uint8Array(32),
  };
  const evm = new Evm(block, emptyTxContext(), state, rulesFor(configForFork('Cancun'), 5n, true, TIME));
  return { state, evm };
}

describe('processBeaconBlockRoot', () => {
  it('stores the timestamp and the root in the ring buffer of the beacon roots contract', () => {
    const { state, evm } = setup(true);
    processBeaconBlockRoot(evm, state, ROOT);
    const slot = TIME % HISTORY_BUFFER_LENGTH;
    expect(state.getState(BEACON_ROOTS_ADDRESS, slot)).toBe(TIME);
    expect(state.getState(BEACON_ROOTS_ADDRESS, slot + HISTORY_BUFFER_LENGTH)).toBe(bytesToBigint(ROOT));
    // Finalised: these are now the committed values the first transaction starts from.
    expect(state.getCommittedState(BEACON_ROOTS_ADDRESS, slot)).toBe(TIME);
    // The system address pays nothing and is not left behind as an account.
    expect(state.exist(SYSTEM_ADDRESS)).toBe(false);
  });

  it('does nothing on a chain without the contract', () => {
    const { state, evm } = setup(false);
    processBeaconBlockRoot(evm, state, ROOT);
    expect(state.exist(BEACON_ROOTS_ADDRESS)).toBe(false);
    expect(state.exist(SYSTEM_ADDRESS)).toBe(false);
    expect(state.intermediateRoot(true)).toEqual(EMPTY_TRIE_ROOT);
  });

  it('refuses an EVM running on another state', () => {
    const { evm } = setup(false);
    const other = new StateDB(new StateDatabase(new MemoryStore()));
    expect(() => processBeaconBlockRoot(evm, other, ROOT)).toThrow('the EVM must run on the StateDB it is given');
  });
});
