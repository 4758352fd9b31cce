// Unlocking keystore accounts at start (geth's --unlock with --password): each address's key file in the keystore
// folder is decrypted with the password file's line of the same rank (the last line serving the accounts beyond
// it, as geth does).
import { readFileSync } from 'node:fs';
import { hexToBytes, type Bytes } from '../common/bytes.js';
import { KeystoreDir } from './keystoreDir.js';

export interface UnlockedAccount {
  address: Bytes;
  privateKey: Bytes;
}

/** The passwords of a password file, one per line. */
export function readPasswordLines(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`failed to read password file: ${(e as Error).message}`);
  }
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export async function unlockAccounts(keystore: string, addresses: readonly string[], passwords: readonly string[]): Promise<UnlockedAccount[]> {
  if (addresses.length === 0) return [];
  if (passwords.length === 0) throw new Error('unlocking accounts needs --password (a file with one password per line)');
  const dir = new KeystoreDir(keystore);
  const out: UnlockedAccount[] = [];
  for (const [i, address] of addresses.entries()) {
    const password = passwords[Math.min(i, passwords.length - 1)]!;
    try {
      const key = await dir.unlock(hexToBytes(address), password);
      out.push({ address: key.address, privateKey: key.privateKey });
    } catch (e) {
      throw new Error(`could not unlock account ${address}: ${(e as Error).message}`);
    }
  }
  return out;
}
