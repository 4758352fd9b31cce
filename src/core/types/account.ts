// The state account, the value stored in the account trie under keccak(address): rlp([nonce, balance,
// storageRoot, codeHash]).
import type { Bytes } from '../../common/bytes.js';
import { EMPTY_TRIE_ROOT, KECCAK256_EMPTY } from '../../crypto/keccak.js';
import { decodeRlp, encodeRlp, expectFixedBytes, expectList, expectUint } from '../../rlp/rlp.js';

export interface StateAccount {
  nonce: bigint;
  balance: bigint;
  /** Root of the account's storage trie (the empty trie root when it has no storage). */
  storageRoot: Bytes;
  /** keccak256 of the account's code (keccak256 of nothing when it has none). */
  codeHash: Bytes;
}

export function newAccount(nonce = 0n, balance = 0n): StateAccount {
  return { nonce, balance, storageRoot: EMPTY_TRIE_ROOT, codeHash: KECCAK256_EMPTY };
}

export function encodeAccount(account: StateAccount): Bytes {
  return encodeRlp([account.nonce, account.balance, account.storageRoot, account.codeHash]);
}

/** Strict decode: any other shape is a corrupt trie leaf and gets an error saying which field. */
export function decodeAccount(data: Bytes): StateAccount {
  const fields = expectList(decodeRlp(data), 'account', 4);
  return {
    nonce: expectUint(fields[0]!, 'account nonce', 8),
    balance: expectUint(fields[1]!, 'account balance'),
    storageRoot: expectFixedBytes(fields[2]!, 'account storage root', 32),
    codeHash: expectFixedBytes(fields[3]!, 'account code hash', 32),
  };
}
