// Accounts whose private keys the node holds in memory, unlocked for as long as it runs (dev mode's funded
// accounts): the AccountBackend eth_accounts and eth_sendTransaction use.
import { bytesToHex, type Bytes } from '../common/bytes.js';
import type { Transaction } from '../core/types/transaction.js';
import type { TxData } from '../core/types/txData.js';
import { signTransaction } from '../core/types/txSigner.js';
import { sign, type Signature } from '../crypto/secp256k1.js';
import type { AccountBackend } from './backend.js';

export interface UnlockedKey {
  address: Bytes;
  privateKey: Bytes;
}

export function unlockedKeys(keys: readonly UnlockedKey[]): AccountBackend {
  const byAddress = new Map<string, Bytes>();
  for (const { address, privateKey } of keys) byAddress.set(bytesToHex(address), privateKey);
  const addresses = keys.map((k) => k.address);
  return {
    addresses: () => [...addresses],
    holds: (address: Bytes) => byAddress.has(bytesToHex(address)),
    signTransaction: (from: Bytes, tx: TxData): Transaction | undefined => {
      const key = byAddress.get(bytesToHex(from));
      return key === undefined ? undefined : signTransaction(tx, key);
    },
    signDigest: (from: Bytes, digest: Bytes): Signature | undefined => {
      const key = byAddress.get(bytesToHex(from));
      return key === undefined ? undefined : sign(digest, key);
    },
  };
}
