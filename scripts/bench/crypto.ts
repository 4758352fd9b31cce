// keccak256 and secp256k1 figures (compare with the table in shared/STACK.md).
import { keccak256 } from '../../src/crypto/keccak.js';
import { recoverPublicKey, sign } from '../../src/crypto/secp256k1.js';
import { opsPerSecond, type BenchResult } from './measure.js';

export async function bench(): Promise<BenchResult[]> {
  const small = new Uint8Array(32).fill(7);
  const large = new Uint8Array(500).fill(9);
  const key = new Uint8Array(32).fill(1);
  const digest = keccak256(small);
  const sig = sign(digest, key);
  return [
    { name: 'keccak256 32 B', value: opsPerSecond(() => keccak256(small)), unit: 'ops/s' },
    { name: 'keccak256 500 B', value: opsPerSecond(() => keccak256(large)), unit: 'ops/s' },
    { name: 'secp256k1 sign', value: opsPerSecond(() => sign(digest, key)), unit: 'ops/s' },
    { name: 'secp256k1 recover', value: opsPerSecond(() => recoverPublicKey(digest, sig)), unit: 'ops/s' },
  ];
}
