import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex } from '../common/bytes.js';
import { privateKeyToAddress } from '../crypto/secp256k1.js';
import { LIGHT_SCRYPT } from './keystore.js';
import { KeystoreDir } from './keystoreDir.js';
import { readPasswordLines, unlockAccounts } from './unlock.js';

const KEYS = [1n, 2n].map((k) => bigintToFixedBytes(0xabc0n + k, 32));
const ADDRESSES = KEYS.map((k) => bytesToHex(privateKeyToAddress(k)));

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-unlock-'));
  const keystore = new KeystoreDir(join(dir, 'keystore'), LIGHT_SCRYPT);
  await keystore.store(KEYS[0]!, 'first');
  await keystore.store(KEYS[1]!, 'second');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('unlockAccounts', () => {
  it('decrypts each account with the password line of its rank', async () => {
    const unlocked = await unlockAccounts(join(dir, 'keystore'), ADDRESSES, ['first', 'second']);
    expect(unlocked.map((a) => bytesToHex(a.privateKey))).toEqual(KEYS.map(bytesToHex));
    expect(unlocked.map((a) => bytesToHex(a.address))).toEqual(ADDRESSES);
  });

  it('uses the last line for the accounts beyond it, and fails clearly on a wrong one', async () => {
    await expect(unlockAccounts(join(dir, 'keystore'), ADDRESSES, ['first'])).rejects.toThrow(
      `could not unlock account ${ADDRESSES[1]}: could not decrypt key with given password`,
    );
  });

  it('names an account that has no key, and asks for a password file', async () => {
    const stranger = `0x${'99'.repeat(20)}`;
    await expect(unlockAccounts(join(dir, 'keystore'), [stranger], ['x'])).rejects.toThrow(
      `could not unlock account ${stranger}: no key for given address or file`,
    );
    await expect(unlockAccounts(join(dir, 'keystore'), ADDRESSES, [])).rejects.toThrow(/needs --password/);
    expect(await unlockAccounts(join(dir, 'keystore'), [], [])).toEqual([]);
  });
});

describe('readPasswordLines', () => {
  it('reads one password per line, CRLF too, ignoring the final newline', () => {
    const path = join(dir, 'pw.txt');
    writeFileSync(path, 'first\r\nsecond\n');
    expect(readPasswordLines(path)).toEqual(['first', 'second']);
    writeFileSync(path, '');
    expect(readPasswordLines(path)).toEqual(['']);
    expect(() => readPasswordLines(join(dir, 'missing'))).toThrow(/failed to read password file/);
  });
});
