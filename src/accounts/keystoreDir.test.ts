import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex } from '../common/bytes.js';
import { privateKeyToAddress } from '../crypto/secp256k1.js';
import { DECRYPT_FAILED, LIGHT_SCRYPT } from './keystore.js';
import { keyFileName, KeystoreDir } from './keystoreDir.js';

const KEY_A = bigintToFixedBytes(0xaan, 32);
const KEY_B = bigintToFixedBytes(0xbbn, 32);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsgeth-keystore-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('keyFileName', () => {
  it("follows geth's UTC--<time>--<address> naming, trimming the fraction's trailing zeros", () => {
    const address = privateKeyToAddress(KEY_A);
    const hex = bytesToHex(address).slice(2);
    expect(keyFileName(address, new Date('2016-03-22T12:57:55.920Z'))).toBe(`UTC--2016-03-22T12-57-55.92Z--${hex}`);
    expect(keyFileName(address, new Date('2016-03-22T12:57:55.000Z'))).toBe(`UTC--2016-03-22T12-57-55Z--${hex}`);
    expect(keyFileName(address, new Date('2024-01-02T03:04:05.123Z'))).toBe(`UTC--2024-01-02T03-04-05.123Z--${hex}`);
  });
});

describe('KeystoreDir', () => {
  it('stores keys as owner-only files, lists them in creation order and unlocks them', async () => {
    const ks = new KeystoreDir(join(dir, 'keystore'), LIGHT_SCRYPT);
    expect(ks.accounts()).toEqual([]);
    const a = await ks.store(KEY_A, 'pa');
    await new Promise((r) => setTimeout(r, 5));
    const b = await ks.store(KEY_B, 'pb');
    expect(basename(a.path)).toMatch(new RegExp(`^UTC--\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d(\\.\\d+)?Z--${bytesToHex(a.address).slice(2)}$`));
    expect(statSync(a.path).mode & 0o777).toBe(0o600);
    expect(statSync(ks.dir).mode & 0o777).toBe(0o700);
    expect(ks.accounts()).toEqual([a, b]);
    expect(JSON.parse(readFileSync(b.path, 'utf8')).address).toBe(bytesToHex(privateKeyToAddress(KEY_B)).slice(2));

    expect((await ks.unlock(a.address, 'pa')).privateKey).toEqual(KEY_A);
    await expect(ks.unlock(a.address, 'pb')).rejects.toThrow(DECRYPT_FAILED);
    await expect(ks.unlock(new Uint8Array(20), 'pa')).rejects.toThrow('no key for given address or file: 0x0000');
  });

  it('refuses to store an account twice', async () => {
    const ks = new KeystoreDir(dir, LIGHT_SCRYPT);
    await ks.store(KEY_A, 'x');
    await expect(ks.store(KEY_A, 'y')).rejects.toThrow(`account already exists: ${bytesToHex(privateKeyToAddress(KEY_A))}`);
    expect(ks.accounts()).toHaveLength(1);
  });

  it('skips hidden files, folders and files that are not key files', async () => {
    const ks = new KeystoreDir(dir, LIGHT_SCRYPT);
    const a = await ks.store(KEY_A, 'x');
    writeFileSync(join(dir, '.hidden'), JSON.stringify({ address: '11'.repeat(20) }));
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ address: 'xyz' }));
    mkdirSync(join(dir, 'sub'));
    expect(ks.accounts()).toEqual([a]);
  });
});
