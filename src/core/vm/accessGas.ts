// EIP-2929: the first touch of an account or slot in a transaction is cold and costs more; the access list
// records the touch (journaled, so a reverted frame makes it cold again).
import type { Frame } from './frame.js';
import { GAS_COLD_ACCOUNT_ACCESS, GAS_WARM_STORAGE_READ } from './gasCosts.js';
import type { Address } from './stateDb.js';

/** The cold surcharge on top of the warm price the instruction charges statically. */
export const COLD_ACCOUNT_SURCHARGE = GAS_COLD_ACCOUNT_ACCESS - GAS_WARM_STORAGE_READ;

/** 0 when `address` is warm; otherwise warms it and returns the cold surcharge. */
export function accountAccessSurcharge(f: Frame, address: Address): number {
  const state = f.evm.state;
  if (state.addressInAccessList(address)) return 0;
  state.addAddressToAccessList(address);
  return COLD_ACCOUNT_SURCHARGE;
}
