// The clique seal: a secp256k1 signature, in the last 65 bytes of the extra-data, over the keccak of the header's
// RLP without those 65 bytes (geth's SealHash). geth's clique stops at London; ours runs through Cancun, and signs
// every field the header carries, the Shanghai and Cancun ones included (up to baseFeePerGas this is geth's hash).
// Prague is not supported: a header with a requests hash has no seal hash.
import { bytesToBigint, concatBytes, type Bytes } from '../../common/bytes.js';
import { Header, headerToRlp } from '../../core/types/header.js';
import { keccak256 } from '../../crypto/keccak.js';
import { recoverAddress, sign, signatureToBytes } from '../../crypto/secp256k1.js';
import { encodeRlp, type RlpInput } from '../../rlp/rlp.js';
import { ConsensusError } from '../errors.js';
import { checkExtraDataFrame, EXTRA_SEAL } from './extraData.js';

/** Signs a seal hash: returns r || s || recovery id (0 or 1), as geth's accounts sign clique headers. */
export type CliqueSignFn = (sealHash: Bytes) => Bytes | Promise<Bytes>;

/** Index of extraData in the header's RLP list. */
const EXTRA_DATA_INDEX = 12;

/** keccak256 of the header's RLP with the seal cut off the extra-data: what the signer signs. */
export function cliqueSealHash(header: Header): Bytes {
  checkExtraDataFrame(header.extraData);
  if (header.requestsHash !== undefined) {
    throw new ConsensusError('requestsHash', 'unexpected requestsHash value in clique header: Prague is not supported');
  }
  const fields = headerToRlp(header) as RlpInput[];
  fields[EXTRA_DATA_INDEX] = header.extraData.subarray(0, header.extraData.length - EXTRA_SEAL);
  return keccak256(encodeRlp(fields));
}

/** The address whose key made the header's seal; a ConsensusError when the seal is missing or not a signature. */
export function recoverCliqueSigner(header: Header): Bytes {
  const digest = cliqueSealHash(header);
  const seal = header.extraData.subarray(header.extraData.length - EXTRA_SEAL);
  try {
    return recoverAddress(digest, {
      r: bytesToBigint(seal.subarray(0, 32)),
      s: bytesToBigint(seal.subarray(32, 64)),
      yParity: seal[64]!,
    });
  } catch (e) {
    throw new ConsensusError('extraData', `invalid seal: ${(e as Error).message}`);
  }
}

/** The header with `signature` (65 bytes) as its seal. */
export function withSeal(header: Header, signature: Bytes): Header {
  if (signature.length !== EXTRA_SEAL) {
    throw new Error(`clique seal must be ${EXTRA_SEAL} bytes, got ${signature.length}`);
  }
  checkExtraDataFrame(header.extraData);
  const unsealed = header.extraData.subarray(0, header.extraData.length - EXTRA_SEAL);
  return new Header({ ...header, extraData: concatBytes(unsealed, signature) });
}

/** A CliqueSignFn over a raw private key (a devnet signer; a node's accounts would sign through the keystore). */
export function privateKeySignFn(privateKey: Bytes): CliqueSignFn {
  return (sealHash) => signatureToBytes(sign(sealHash, privateKey));
}
