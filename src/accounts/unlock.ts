// Unlocking keystore accounts at start (geth's --unlock with --password): each address's key file is found in
// the keystore folder and decrypted with its password, the password file's line of the same rank (the last line
// serving the accounts beyond it, as geth does).
import { readFileSync } from 'node:fs';
import { bytesToHex, type Bytes } from '../common/bytes.js';
import { decryptKey } from './keystore.js';
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
  const files = dir.accounts();
  const out: UnlockedAccount[] = [];
  for (const [i, address] of addresses.entries()) {
    const file = files.find((f) => bytesToHex(f.address) === address.toLowerCase());
    if (file === undefined) throw new Error(`could not unlock account ${address}: no key for it in ${dir.dir}`);
    const password = passwords[Math.min(i, passwords.length - 1)]!;
    try {
      const key = await decryptKey(readFileSync(file.path, 'utf8'), password);
      out.push({ address: key.address, privateKey: key.privateKey });
    } catch (e) {
      throw new Error(`could not unlock account ${address}: ${(e as Error).message}`);
    }
  }
  return out;
}
