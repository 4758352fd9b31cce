// The layout of a clique header's extra-data (EIP-225): 32 bytes of signer vanity, then on checkpoint blocks
// (genesis and every epoch-th block) the signers' addresses in ascending order, then the 65-byte seal.
import { bytesToHex, concatBytes, type Bytes } from '../../common/bytes.js';
import { ConsensusError } from '../errors.js';

/** Bytes of free-form signer vanity at the start. */
export const EXTRA_VANITY = 32;
/** Bytes of the seal at the end: the secp256k1 signature r || s || recovery id. */
export const EXTRA_SEAL = 65;
export const ADDRESS_LENGTH = 20;

/** Byte-wise ascending order: the order of checkpoint signer lists and of turns. */
export function compareAddresses(a: Bytes, b: Bytes): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * The extra-data of a clique genesis (or any checkpoint) authorizing `signers`: `vanity` (at most 32 bytes,
 * zero-padded), the signers sorted, and an empty seal. Throws on a malformed or repeated address.
 */
export function cliqueExtraData(signers: readonly Bytes[], vanity: Bytes = new Uint8Array(0)): Bytes {
  if (vanity.length > EXTRA_VANITY) throw new Error(`clique vanity is ${vanity.length} bytes, at most ${EXTRA_VANITY}`);
  const sorted = [...signers].sort(compareAddresses);
  sorted.forEach((signer, i) => {
    if (signer.length !== ADDRESS_LENGTH) {
      throw new Error(`clique signer ${bytesToHex(signer)} is ${signer.length} bytes, not ${ADDRESS_LENGTH}`);
    }
    if (i > 0 && compareAddresses(sorted[i - 1]!, signer) === 0) {
      throw new Error(`clique signer ${bytesToHex(signer)} is listed twice`);
    }
  });
  const paddedVanity = new Uint8Array(EXTRA_VANITY);
  paddedVanity.set(vanity);
  return concatBytes(paddedVanity, ...sorted, new Uint8Array(EXTRA_SEAL));
}

/** Throws geth's errors for extra-data too short to hold the vanity and the seal. */
export function checkExtraDataFrame(extraData: Bytes): void {
  if (extraData.length < EXTRA_VANITY) {
    throw new ConsensusError('extraData', 'extra-data 32 byte vanity prefix missing');
  }
  if (extraData.length < EXTRA_VANITY + EXTRA_SEAL) {
    throw new ConsensusError('extraData', 'extra-data 65 byte signature suffix missing');
  }
}

/** The bytes between the vanity and the seal: a signer list on checkpoints, nothing otherwise. */
export function signerSection(extraData: Bytes): Bytes {
  checkExtraDataFrame(extraData);
  return extraData.subarray(EXTRA_VANITY, extraData.length - EXTRA_SEAL);
}

/** The signers a checkpoint's extra-data lists, in the order it lists them. */
export function checkpointSigners(extraData: Bytes): Bytes[] {
  const section = signerSection(extraData);
  if (section.length % ADDRESS_LENGTH !== 0) {
    throw new ConsensusError(
      'extraData',
      `invalid signer list on checkpoint block: ${section.length} bytes is not a whole number of addresses`,
    );
  }
  const signers: Bytes[] = [];
  for (let i = 0; i < section.length; i += ADDRESS_LENGTH) signers.push(section.slice(i, i + ADDRESS_LENGTH));
  return signers;
}
