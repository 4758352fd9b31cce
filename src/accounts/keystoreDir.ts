// A folder of key files, laid out as geth's keystore: one version 3 JSON file per account, named
// UTC--<creation time>--<address>, readable by the owner only. Accounts are listed in file-name order, which is
// creation order, as geth lists them.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bytesToHex, hexToBytes, type Bytes } from '../common/bytes.js';
import { privateKeyToAddress } from '../crypto/secp256k1.js';
import { decryptKey, encryptKey, KeystoreError, STANDARD_SCRYPT, type DecryptedKey, type ScryptParams } from './keystore.js';

export interface KeystoreAccount {
  address: Bytes;
  path: string;
}

/** geth's keyFileName: the UTC time with ':' as '-' and no trailing zeros in the fraction, then the address. */
export function keyFileName(address: Bytes, when: Date = new Date()): string {
  const [date, time] = when.toISOString().replace(/Z$/, '').split('T') as [string, string];
  const [whole, fraction = ''] = time.replace(/:/g, '-').split('.');
  const frac = fraction.replace(/0+$/, '');
  return `UTC--${date}T${whole}${frac === '' ? '' : '.' + frac}Z--${bytesToHex(address).slice(2)}`;
}

/** The address a key file says it holds, or undefined for files that are not key files. */
function fileAddress(path: string): Bytes | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  const address = (json as { address?: unknown }).address;
  if (typeof address !== 'string' || !/^(0x)?[0-9a-fA-F]{40}$/.test(address)) return undefined;
  return hexToBytes(address);
}

export class KeystoreDir {
  readonly dir: string;

  constructor(
    dir: string,
    private readonly scrypt: ScryptParams = STANDARD_SCRYPT,
  ) {
    this.dir = resolve(dir);
  }

  /** The accounts of the folder; files that are hidden, folders or not key files are skipped, as geth does. */
  accounts(): KeystoreAccount[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: KeystoreAccount[] = [];
    for (const name of names.sort()) {
      if (name.startsWith('.') || name.endsWith('~')) continue;
      const path = join(this.dir, name);
      if (!statSync(path).isFile()) continue;
      const address = fileAddress(path);
      if (address !== undefined) out.push({ address, path });
    }
    return out;
  }

  has(address: Bytes): boolean {
    const hex = bytesToHex(address);
    return this.accounts().some((a) => bytesToHex(a.address) === hex);
  }

  /** Encrypts `privateKey` under `password` into a new key file; an account already present is refused. */
  async store(privateKey: Bytes, password: string): Promise<KeystoreAccount> {
    const address = privateKeyToAddress(privateKey);
    if (this.has(address)) throw new KeystoreError(`account already exists: ${bytesToHex(address)}`);
    const json = await encryptKey(privateKey, password, this.scrypt);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, keyFileName(address));
    // Written under a temporary name and renamed, so a crash never leaves half a key file.
    const temp = join(this.dir, `.${keyFileName(address)}.tmp`);
    writeFileSync(temp, JSON.stringify(json), { mode: 0o600 });
    renameSync(temp, path);
    return { address, path };
  }

  /** Decrypts the key file of `address`. */
  async unlock(address: Bytes, password: string): Promise<DecryptedKey> {
    const hex = bytesToHex(address);
    const account = this.accounts().find((a) => bytesToHex(a.address) === hex);
    if (account === undefined) throw new KeystoreError(`no key for given address or file: ${hex}`);
    return decryptKey(readFileSync(account.path, 'utf8'), password);
  }
}
