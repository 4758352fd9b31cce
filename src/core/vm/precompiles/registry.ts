// Which precompiles exist under which rules, and the lookup by address (0x00..01 - 0x00..0a).
import type { Bytes } from '../../../common/bytes.js';
import type { Rules } from '../../../params/chainConfig.js';
import { blake2f } from './blake2f.js';
import { bn254Add, bn254Mul, bn254Pairing } from './bn254.js';
import { ecrecover } from './ecrecover.js';
import { identity } from './identity.js';
import { modexp } from './modexp.js';
import type { Precompile } from './precompile.js';
import { pointEvaluation } from './pointEvaluation.js';
import { ripemd160Precompile, sha256Precompile } from './hashes.js';

/** Indexed by the address's last byte; index 0 is unused. */
const BERLIN: readonly (Precompile | undefined)[] = [
  undefined,
  ecrecover,
  sha256Precompile,
  ripemd160Precompile,
  identity,
  modexp,
  bn254Add,
  bn254Mul,
  bn254Pairing,
  blake2f,
];
const CANCUN: readonly (Precompile | undefined)[] = [...BERLIN, pointEvaluation];

export function precompilesFor(rules: Rules): readonly (Precompile | undefined)[] {
  return rules.isCancun ? CANCUN : BERLIN;
}

/** The precompile at `address` in `set`, if any. */
export function precompileAt(set: readonly (Precompile | undefined)[], address: Bytes): Precompile | undefined {
  if (address.length !== 20) return undefined;
  const last = address[19]!;
  if (last === 0 || last >= set.length) return undefined;
  for (let i = 0; i < 19; i++) if (address[i] !== 0) return undefined;
  return set[last];
}

/** The addresses of the active precompiles (warm from the start of every transaction, EIP-2929). */
export function precompileAddresses(rules: Rules): Bytes[] {
  const set = precompilesFor(rules);
  const out: Bytes[] = [];
  for (let i = 1; i < set.length; i++) {
    const address = new Uint8Array(20);
    address[19] = i;
    out.push(address);
  }
  return out;
}
