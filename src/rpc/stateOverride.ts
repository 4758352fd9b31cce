// State overrides for simulated calls (geth's override.StateOverride): per address, a balance, nonce or code to
// assume, and either a whole new storage ("state") or changes to the existing one ("stateDiff"). They are applied
// to the call's private copy of the state, as if a transaction just before the call had made them.
import { bytesToBigint, bytesToHex, type Bytes } from '../common/bytes.js';
import type { StateDB } from '../core/state/stateDb.js';
import {
  decodeAddress,
  decodeData,
  decodeField,
  decodeHash,
  decodeObject,
  decodeQuantity,
  decodeUint64,
  ParamError,
  within,
} from './params.js';

export interface AccountOverride {
  address: Bytes;
  balance?: bigint;
  nonce?: bigint;
  code?: Bytes;
  /** Replaces the whole storage: slots not listed read as zero. */
  state?: Map<bigint, bigint>;
  /** Sets the listed slots, leaving the others. */
  stateDiff?: Map<bigint, bigint>;
}

const KNOWN_FIELDS = new Set(['balance', 'nonce', 'code', 'state', 'stateDiff', 'movePrecompileToAddress']);

function decodeStorage(v: unknown): Map<bigint, bigint> {
  const slots = new Map<bigint, bigint>();
  for (const [key, value] of Object.entries(decodeObject(v))) {
    const slot = within(`slot ${JSON.stringify(key)}`, () => decodeHash(key));
    slots.set(bytesToBigint(slot), bytesToBigint(within(key, () => decodeHash(value))));
  }
  return slots;
}

function decodeAccountOverride(address: Bytes, v: unknown): AccountOverride {
  const obj = decodeObject(v);
  for (const key of Object.keys(obj)) {
    if (!KNOWN_FIELDS.has(key)) throw new ParamError(`unknown field ${JSON.stringify(key)}`);
  }
  if (obj.movePrecompileToAddress !== undefined && obj.movePrecompileToAddress !== null) {
    throw new ParamError('movePrecompileToAddress is not supported');
  }
  const override: AccountOverride = {
    address,
    balance: decodeField(obj, 'balance', decodeQuantity),
    nonce: decodeField(obj, 'nonce', decodeUint64),
    code: decodeField(obj, 'code', decodeData),
    state: decodeField(obj, 'state', decodeStorage),
    stateDiff: decodeField(obj, 'stateDiff', decodeStorage),
  };
  if (override.state !== undefined && override.stateDiff !== undefined) {
    throw new ParamError(`account ${bytesToHex(address)} has both 'state' and 'stateDiff'`);
  }
  return override;
}

/** {address: override, ...}; an address given twice (in different case) keeps the last. */
export function decodeStateOverrides(v: unknown): AccountOverride[] {
  const byAddress = new Map<string, AccountOverride>();
  for (const [key, value] of Object.entries(decodeObject(v))) {
    const address = within(`key ${JSON.stringify(key)}`, () => decodeAddress(key));
    byAddress.set(bytesToHex(address), within(key, () => decodeAccountOverride(address, value)));
  }
  return [...byAddress.values()];
}

export function applyStateOverrides(state: StateDB, overrides: readonly AccountOverride[]): void {
  for (const o of overrides) {
    const a = o.address;
    if (o.state !== undefined) {
      // A fresh account object has empty storage; it keeps the balance, and nonce and code are put back.
      const nonce = state.getNonce(a);
      const code = state.getCode(a);
      state.createAccount(a);
      state.setNonce(a, nonce);
      if (code.length > 0) state.setCode(a, code);
    }
    if (o.nonce !== undefined) state.setNonce(a, o.nonce);
    if (o.code !== undefined) state.setCode(a, o.code);
    if (o.balance !== undefined) state.setBalance(a, o.balance);
    for (const [slot, value] of o.state ?? o.stateDiff ?? []) state.setState(a, slot, value);
  }
  // The overrides become the committed state the call starts from (original values for SSTORE pricing).
  state.finalise(false);
}
