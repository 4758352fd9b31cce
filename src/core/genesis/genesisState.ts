// The genesis state: one secure trie of accounts, each account's storage in its own secure trie (values as RLP
// of the word without leading zeros; zero words are not stored, as a zero slot is an absent slot), code by hash.
import { hexToBytes, type Bytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import type { KeyValueWriter } from '../../db/keyValueStore.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { SecureTrie } from '../../trie/secureTrie.js';
import { encodeAccount, newAccount } from '../types/account.js';
import { writeCode } from '../rawdb/code.js';
import type { GenesisAccount } from './genesis.js';

function trimLeadingZeros(word: Bytes): Bytes {
  let i = 0;
  while (i < word.length && word[i] === 0) i++;
  return word.subarray(i);
}

function storageTrie(storage: Map<string, Bytes>, writer: KeyValueWriter | undefined): Bytes {
  const trie = new SecureTrie();
  for (const [slot, value] of storage) {
    const trimmed = trimLeadingZeros(value);
    if (trimmed.length > 0) trie.put(hexToBytes(slot), encodeRlp(trimmed));
  }
  return writer ? trie.commit(writer) : trie.hash();
}

/**
 * The state root of `alloc`. With a writer, also writes every trie node (under its hash) and every contract's
 * code (under its code hash) into it.
 */
export function buildGenesisState(alloc: Map<string, GenesisAccount>, writer?: KeyValueWriter): Bytes {
  const accounts = new SecureTrie();
  for (const [address, a] of alloc) {
    const account = newAccount(a.nonce, a.balance);
    if (a.code.length > 0) {
      account.codeHash = keccak256(a.code);
      if (writer) writeCode(writer, account.codeHash, a.code);
    }
    if (a.storage.size > 0) account.storageRoot = storageTrie(a.storage, writer);
    accounts.put(hexToBytes(address), encodeAccount(account));
  }
  return writer ? accounts.commit(writer) : accounts.hash();
}
