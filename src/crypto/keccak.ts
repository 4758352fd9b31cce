import { keccak_256 } from '@noble/hashes/sha3.js';
import { hexToBytes, type Bytes } from '../common/bytes.js';

export function keccak256(data: Bytes): Bytes {
  return keccak_256(data);
}

/** keccak256 of the empty string: the code hash of an account without code. */
export const KECCAK256_EMPTY: Bytes = hexToBytes('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');

/** keccak256(rlp('')): the root of an empty trie. */
export const EMPTY_TRIE_ROOT: Bytes = hexToBytes('0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');

/** keccak256(rlp([])): the ommers hash of a block without ommers. */
export const EMPTY_UNCLE_HASH: Bytes = hexToBytes('0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347');
