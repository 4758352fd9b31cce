// keccak256 through the prebuilt native addon of the `keccak` package, used directly as one reusable state: its
// stream API builds a Transform object per hash, which costs more than hashing a 32-byte word. Native hashing of
// trie nodes (~100-500 bytes) is 2-4x faster than pure JS, and hashing is what bounds trie commits and SHA3-heavy
// contracts. When the addon cannot load, @noble/hashes does the work.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { hexToBytes, type Bytes } from '../common/bytes.js';

interface NativeKeccakState {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  absorbLastFewBits(bits: number): void;
  squeeze(length: number): Buffer;
}

/** Keccak-256: rate 1088 bits, capacity 512, the original Keccak padding (0x01), not SHA-3's. */
const RATE = 1088;
const CAPACITY = 512;
const KECCAK_SUFFIX = 0x01;

function loadNativeState(): NativeKeccakState | undefined {
  try {
    const require = createRequire(import.meta.url);
    const packageDir = dirname(require.resolve('keccak/package.json'));
    const nodeGypBuild = createRequire(require.resolve('keccak/package.json'))('node-gyp-build') as (dir: string) => unknown;
    const State = nodeGypBuild(packageDir);
    if (typeof State !== 'function') return undefined;
    const state = new (State as new () => NativeKeccakState)();
    state.initialize(RATE, CAPACITY);
    return state;
  } catch {
    return undefined;
  }
}

const native = loadNativeState();

function nativeKeccak256(state: NativeKeccakState, data: Bytes): Bytes {
  state.absorb(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  state.absorbLastFewBits(KECCAK_SUFFIX);
  const digest = state.squeeze(32);
  state.initialize(RATE, CAPACITY);
  // A plain Uint8Array view: Buffer's slice() shares memory where Uint8Array's copies, and callers expect the latter.
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

export const keccak256: (data: Bytes) => Bytes = native ? (data) => nativeKeccak256(native, data) : keccak_256;

/** keccak256 of the empty string: the code hash of an account without code. */
export const KECCAK256_EMPTY: Bytes = hexToBytes('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');

/** keccak256(rlp('')): the root of an empty trie. */
export const EMPTY_TRIE_ROOT: Bytes = hexToBytes('0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');

/** keccak256(rlp([])): the ommers hash of a block without ommers. */
export const EMPTY_UNCLE_HASH: Bytes = hexToBytes('0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347');
