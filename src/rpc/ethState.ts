// Account state at a block: eth_getBalance, eth_getTransactionCount, eth_getCode, eth_getStorageAt, eth_getProof.
import { bigintToFixedBytes, bytesEqual, bytesToBigint, bytesToHex, toQuantity } from '../common/bytes.js';
import { decodeAccount } from '../core/types/account.js';
import { EMPTY_TRIE_ROOT, KECCAK256_EMPTY } from '../crypto/keccak.js';
import { decodeRlp, expectUint } from '../rlp/rlp.js';
import { createProof } from '../trie/proof.js';
import type { EthApiContext } from './apiConfig.js';
import { decodeBlockRef, LATEST } from './blockParam.js';
import { requireHeader, stateAndHeader } from './blockResolver.js';
import { invalidParams } from './jsonrpc.js';
import { decodeAddress, decodeArray, decodeStorageKey, method, optional, param, type RpcHandler } from './params.js';

/** geth's limit on the storage keys of one eth_getProof. */
export const MAX_PROOF_KEYS = 1024;

const ADDRESS = param('address', decodeAddress);
const BLOCK = optional(param('block', decodeBlockRef));

export function ethStateMethods({ backend }: EthApiContext): Record<string, RpcHandler> {
  return {
    eth_getBalance: method([ADDRESS, BLOCK], (address, block) => {
      const { state } = stateAndHeader(backend, block ?? LATEST);
      return toQuantity(state.getBalance(address));
    }),

    eth_getTransactionCount: method([ADDRESS, BLOCK], (address, block) => {
      // "pending" counts the sender's transactions waiting in the pool.
      if (block !== undefined && 'number' in block && block.number === 'pending') {
        return toQuantity(backend.txPool.pendingNonce(address));
      }
      const { state } = stateAndHeader(backend, block ?? LATEST);
      return toQuantity(state.getNonce(address));
    }),

    eth_getCode: method([ADDRESS, BLOCK], (address, block) => {
      const { state } = stateAndHeader(backend, block ?? LATEST);
      return bytesToHex(state.getCode(address));
    }),

    eth_getStorageAt: method([ADDRESS, param('slot', decodeStorageKey), BLOCK], (address, slot, block) => {
      const { state } = stateAndHeader(backend, block ?? LATEST);
      return bytesToHex(bigintToFixedBytes(state.getState(address, bytesToBigint(slot.key)), 32));
    }),

    eth_getProof: method(
      [ADDRESS, param('storageKeys', (v) => decodeArray(v, decodeStorageKey)), BLOCK],
      (address, keys, block) => {
        if (keys.length > MAX_PROOF_KEYS) throw invalidParams(`too many keys (${keys.length} > ${MAX_PROOF_KEYS})`);
        const header = requireHeader(backend, block ?? LATEST);
        const db = backend.chain.stateDatabase;
        const accountTrie = db.openTrie(backend.chain.stateRootOf(header));
        const raw = accountTrie.get(address);
        const account = raw === undefined ? undefined : decodeAccount(raw);
        const storageRoot = account?.storageRoot ?? EMPTY_TRIE_ROOT;
        const storageTrie = bytesEqual(storageRoot, EMPTY_TRIE_ROOT) ? undefined : db.openTrie(storageRoot);
        return {
          address: bytesToHex(address),
          accountProof: createProof(accountTrie, address).map(bytesToHex),
          balance: toQuantity(account?.balance ?? 0n),
          codeHash: bytesToHex(account?.codeHash ?? KECCAK256_EMPTY),
          nonce: toQuantity(account?.nonce ?? 0n),
          storageHash: bytesToHex(storageRoot),
          storageProof: keys.map(({ key, length }) => {
            // A key given as a full 32-byte word comes back as given; a shorter one as a quantity (as geth does).
            const outputKey = length === 32 ? bytesToHex(key) : toQuantity(bytesToBigint(key));
            if (storageTrie === undefined) return { key: outputKey, value: '0x0', proof: [] };
            const stored = storageTrie.get(key);
            const value = stored === undefined ? 0n : expectUint(decodeRlp(stored), 'storage slot value');
            return { key: outputKey, value: toQuantity(value), proof: createProof(storageTrie, key).map(bytesToHex) };
          }),
        };
      },
    ),
  };
}
