// Calls the protocol itself makes around a block's transactions, from the system address, paid by nobody and not
// counted in the block's gas (geth's ProcessBeaconBlockRoot).
import { hexToBytes, type Bytes } from '../common/bytes.js';
import type { StateDB } from './state/stateDb.js';
import type { Evm } from './vm/evm.js';

/** The caller of system calls (EIP-4788). */
export const SYSTEM_ADDRESS: Bytes = hexToBytes('0xfffffffffffffffffffffffffffffffffffffffe');
/** The EIP-4788 contract keeping recent beacon block roots, keyed by timestamp. */
export const BEACON_ROOTS_ADDRESS: Bytes = hexToBytes('0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02');
/** Gas every system call gets. */
export const SYSTEM_CALL_GAS = 30_000_000n;

/**
 * EIP-4788: stores the parent beacon block root in the beacon roots contract before the transactions run. The
 * outcome of the call is ignored (a chain without the contract simply has no roots); the state is finalised after
 * it, so the call's writes are the first transaction's committed values.
 */
export function processBeaconBlockRoot(evm: Evm, state: StateDB, beaconRoot: Bytes): void {
  if (evm.state !== state) throw new Error('processBeaconBlockRoot: the EVM must run on the StateDB it is given');
  evm.setTxContext({ origin: SYSTEM_ADDRESS, gasPrice: 0n, blobHashes: [] });
  state.addAddressToAccessList(BEACON_ROOTS_ADDRESS);
  evm.call(SYSTEM_ADDRESS, BEACON_ROOTS_ADDRESS, beaconRoot, SYSTEM_CALL_GAS, 0n);
  state.finalise(true);
}
