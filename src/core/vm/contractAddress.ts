// Addresses of new contracts: CREATE derives it from the creator and its nonce, CREATE2 (EIP-1014) from the
// creator, a salt and the initcode hash.
import { concatBytes, type Bytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import { encodeRlp } from '../../rlp/rlp.js';

/** keccak256(rlp([sender, nonce]))[12:] */
export function createAddress(sender: Bytes, nonce: bigint): Bytes {
  return keccak256(encodeRlp([sender, nonce])).slice(12);
}

/** keccak256(0xff ++ sender ++ salt ++ keccak256(initcode))[12:] */
export function create2Address(sender: Bytes, salt: Bytes, initcodeHash: Bytes): Bytes {
  if (salt.length !== 32) throw new Error(`CREATE2 salt must be 32 bytes, got ${salt.length}`);
  if (initcodeHash.length !== 32) throw new Error(`initcode hash must be 32 bytes, got ${initcodeHash.length}`);
  return keccak256(concatBytes(new Uint8Array([0xff]), sender, salt, initcodeHash)).slice(12);
}
