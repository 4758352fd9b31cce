// 0x06-0x08: alt_bn128 (bn254) point addition, scalar multiplication and pairing check (EIP-196, EIP-197),
// at Istanbul's prices (EIP-1108). Curve arithmetic is @noble/curves'; this file encodes and validates.
// A coordinate not below the field modulus, a point off the curve or (G2) outside the subgroup fails the call.
import { bn254 } from '@noble/curves/bn254.js';
import type { Bytes } from '../../../common/bytes.js';
import { bytesToWord, wordToBytes32 } from '../words.js';
import { paddedSlice, PrecompileFailure, type Precompile } from './precompile.js';

const { G1, G2, fields } = bn254;
type G1Point = InstanceType<typeof G1.Point>;
type G2Point = InstanceType<typeof G2.Point>;

const FIELD_MODULUS = fields.Fp.ORDER;
const GROUP_ORDER = fields.Fr.ORDER;
const PAIR_SIZE = 192;

function coordinate(data: Bytes, offset: number): bigint {
  const v = bytesToWord(data, offset, 32);
  if (v >= FIELD_MODULUS) throw new PrecompileFailure('bn256: coordinate exceeds modulus');
  return v;
}

/** A G1 point from 64 bytes (x, y); (0, 0) is the point at infinity. */
function readG1(data: Bytes, offset: number): G1Point {
  const x = coordinate(data, offset);
  const y = coordinate(data, offset + 32);
  if (x === 0n && y === 0n) return G1.Point.ZERO;
  try {
    const point = G1.Point.fromAffine({ x, y });
    point.assertValidity();
    return point;
  } catch {
    throw new PrecompileFailure('bn256: malformed point');
  }
}

/** A G2 point from 128 bytes: x then y, each an Fp2 element written imaginary part first. */
function readG2(data: Bytes, offset: number): G2Point {
  const xIm = coordinate(data, offset);
  const xRe = coordinate(data, offset + 32);
  const yIm = coordinate(data, offset + 64);
  const yRe = coordinate(data, offset + 96);
  if (xIm === 0n && xRe === 0n && yIm === 0n && yRe === 0n) return G2.Point.ZERO;
  const Fp2 = fields.Fp2;
  try {
    const point = G2.Point.fromAffine({ x: Fp2.fromBigTuple([xRe, xIm]), y: Fp2.fromBigTuple([yRe, yIm]) });
    point.assertValidity();
    return point;
  } catch {
    throw new PrecompileFailure('bn256: malformed point');
  }
}

function writeG1(point: G1Point): Bytes {
  const out = new Uint8Array(64);
  if (point.is0()) return out;
  const { x, y } = point.toAffine();
  out.set(wordToBytes32(x), 0);
  out.set(wordToBytes32(y), 32);
  return out;
}

export const bn254Add: Precompile = {
  name: 'BN254_ADD',
  gas: () => 150n,
  run(input) {
    const data = paddedSlice(input, 0, 128);
    return writeG1(readG1(data, 0).add(readG1(data, 64)));
  },
};

export const bn254Mul: Precompile = {
  name: 'BN254_MUL',
  gas: () => 6000n,
  run(input) {
    const data = paddedSlice(input, 0, 96);
    const point = readG1(data, 0);
    // G1 has prime order, so the scalar acts modulo that order.
    const scalar = bytesToWord(data, 64, 32) % GROUP_ORDER;
    return writeG1(point.is0() ? point : point.multiplyUnsafe(scalar));
  },
};

export const bn254Pairing: Precompile = {
  name: 'BN254_PAIRING',
  gas: (input) => 45000n + 34000n * BigInt(Math.floor(input.length / PAIR_SIZE)),
  run(input) {
    if (input.length % PAIR_SIZE !== 0) throw new PrecompileFailure('bn256: bad pairing input');
    const pairs: { g1: G1Point; g2: G2Point }[] = [];
    for (let offset = 0; offset < input.length; offset += PAIR_SIZE) {
      const g1 = readG1(input, offset);
      const g2 = readG2(input, offset + 64);
      // A pair with the point at infinity contributes the identity to the product.
      if (!g1.is0() && !g2.is0()) pairs.push({ g1, g2 });
    }
    const product = pairs.length === 0 ? fields.Fp12.ONE : bn254.pairingBatch(pairs);
    const out = new Uint8Array(32);
    if (fields.Fp12.eql(product, fields.Fp12.ONE)) out[31] = 1;
    return out;
  },
};
