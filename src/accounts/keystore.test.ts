import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../common/bytes.js';
import { privateKeyToAddress } from '../crypto/secp256k1.js';
import { decryptKey, DECRYPT_FAILED, encryptKey, LIGHT_SCRYPT, type KeyFileJson } from './keystore.js';

// The Web3 Secret Storage definition's test vectors, plus keys shorter than 32 bytes, as in geth's
// accounts/keystore/testdata/v3_test_vector.json.
const SPEC_PRIV = '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d';
const SCRYPT_VECTOR = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '83dbcc02d8ccb40e466191a123791e0e' },
    ciphertext: 'd172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c',
    kdf: 'scrypt',
    kdfparams: { dklen: 32, n: 262144, r: 1, p: 8, salt: 'ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19' },
    mac: '2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
};
const PBKDF2_VECTOR = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
    ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
    kdf: 'pbkdf2',
    kdfparams: { c: 262144, dklen: 32, prf: 'hmac-sha256', salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd' },
    mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
};
const SHORT_KEY_31 = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: 'e0c41130a323adc1446fc82f724bca2f' },
    ciphertext: '9517cd5bdbe69076f9bf5057248c6c050141e970efa36ce53692d5d59a3984',
    kdf: 'scrypt',
    kdfparams: { dklen: 32, n: 2, r: 8, p: 1, salt: '711f816911c92d649fb4c84b047915679933555030b3552c1212609b38208c63' },
    mac: 'd5e116151c6aa71470e67a7d42c9620c75c4d23229847dcc127794f0732b0db5',
  },
  id: 'fecfc4ce-e956-48fd-953b-30f8b52ed66c',
  version: 3,
};

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

describe('decryptKey', () => {
  it('opens the spec scrypt vector', async () => {
    const key = await decryptKey(JSON.stringify(SCRYPT_VECTOR), 'testpassword');
    expect(bytesToHex(key.privateKey)).toBe(SPEC_PRIV);
    expect(key.address).toEqual(privateKeyToAddress(hexToBytes(SPEC_PRIV)));
    expect(key.id).toBe('3198bc9c-6672-5ab3-d995-4942343ae5b6');
  });

  it('opens the spec PBKDF2 vector', async () => {
    const key = await decryptKey(PBKDF2_VECTOR, 'testpassword');
    expect(bytesToHex(key.privateKey)).toBe(SPEC_PRIV);
  });

  it('left-pads a key stored without its leading zero byte', async () => {
    const key = await decryptKey(SHORT_KEY_31, 'foo');
    expect(bytesToHex(key.privateKey)).toBe('0x00fa7b3db73dc7dfdf8c5fbdb796d741e4488628c41fc4febd9160a866ba0f35');
  });

  it('refuses a wrong password and a tampered file with the MAC check', async () => {
    await expect(decryptKey(PBKDF2_VECTOR, 'wrong')).rejects.toThrow(DECRYPT_FAILED);
    const tampered = clone(SHORT_KEY_31);
    tampered.crypto.ciphertext = '00' + tampered.crypto.ciphertext.slice(2);
    await expect(decryptKey(tampered, 'foo')).rejects.toThrow(DECRYPT_FAILED);
  });

  it('names what is wrong with a malformed or unsupported file', async () => {
    const cases: Array<[unknown, string]> = [
      ['{not json', 'key file is not JSON'],
      [[], 'expected a JSON object'],
      [{ ...SHORT_KEY_31, version: 1 }, 'version 1 not supported (want 3)'],
      [{ version: 3 }, 'crypto section missing'],
      [{ ...SHORT_KEY_31, crypto: { ...SHORT_KEY_31.crypto, cipher: 'aes-128-cbc' } }, 'cipher "aes-128-cbc" not supported'],
      [{ ...SHORT_KEY_31, crypto: { ...SHORT_KEY_31.crypto, kdf: 'argon2' } }, 'unsupported KDF "argon2"'],
      [{ ...SHORT_KEY_31, crypto: { ...SHORT_KEY_31.crypto, mac: 'zz' } }, 'mac is not hex'],
      [{ ...SHORT_KEY_31, crypto: { ...SHORT_KEY_31.crypto, mac: 'abcd' } }, 'mac must be 32 bytes, got 2'],
      [{ ...SHORT_KEY_31, crypto: { ...SHORT_KEY_31.crypto, cipherparams: { iv: '00' } } }, 'iv must be 16 bytes'],
      [{ ...SHORT_KEY_31, crypto: { ...SHORT_KEY_31.crypto, ciphertext: '' } }, 'ciphertext must be 1 to 32 bytes, got 0'],
      [{ ...SHORT_KEY_31, crypto: { ...SHORT_KEY_31.crypto, kdfparams: { ...SHORT_KEY_31.crypto.kdfparams, n: 3 } } }, 'n must be a power of two'],
      [{ ...SHORT_KEY_31, crypto: { ...SHORT_KEY_31.crypto, kdfparams: { ...SHORT_KEY_31.crypto.kdfparams, n: 2 ** 24, r: 64 } } }, 'need more than 2 GiB'],
      [{ ...SHORT_KEY_31, crypto: { ...SHORT_KEY_31.crypto, kdfparams: { ...SHORT_KEY_31.crypto.kdfparams, r: '8' } } }, 'kdfparams.r must be an integer'],
      [{ ...SHORT_KEY_31, crypto: { ...SHORT_KEY_31.crypto, kdfparams: { ...SHORT_KEY_31.crypto.kdfparams, dklen: 16 } } }, 'kdfparams.dklen must be an integer from 32'],
      [{ ...PBKDF2_VECTOR, crypto: { ...PBKDF2_VECTOR.crypto, kdfparams: { ...PBKDF2_VECTOR.crypto.kdfparams, prf: 'hmac-sha1' } } }, 'unsupported PBKDF2 PRF "hmac-sha1"'],
    ];
    for (const [file, message] of cases) {
      await expect(decryptKey(file, 'foo'), message).rejects.toThrow(message);
    }
  });

  it('refuses a file whose address is not the one its key gives', async () => {
    const json = await encryptKey(hexToBytes(SPEC_PRIV), 'pw', { n: 2, r: 8, p: 1 });
    json.address = '11'.repeat(20);
    await expect(decryptKey(json, 'pw')).rejects.toThrow(`key content mismatch: have account ${bytesToHex(privateKeyToAddress(hexToBytes(SPEC_PRIV)))}`);
  });
});

describe('encryptKey', () => {
  it("writes geth's JSON shape and reads back with the same password only", async () => {
    const priv = hexToBytes(SPEC_PRIV);
    const json: KeyFileJson = await encryptKey(priv, 'secret', LIGHT_SCRYPT);
    expect(json.version).toBe(3);
    expect(json.address).toBe(bytesToHex(privateKeyToAddress(priv)).slice(2));
    expect(json.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(json.crypto.cipher).toBe('aes-128-ctr');
    expect(json.crypto.kdf).toBe('scrypt');
    expect(json.crypto.kdfparams).toMatchObject({ dklen: 32, n: 4096, r: 8, p: 6 });
    expect(json.crypto.kdfparams.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(json.crypto.cipherparams.iv).toMatch(/^[0-9a-f]{32}$/);
    expect(json.crypto.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(json.crypto.ciphertext).not.toBe(SPEC_PRIV.slice(2));

    const back = await decryptKey(JSON.stringify(json), 'secret');
    expect(back.privateKey).toEqual(priv);
    expect(back.id).toBe(json.id);
    await expect(decryptKey(json, 'Secret')).rejects.toThrow(DECRYPT_FAILED);

    const again = await encryptKey(priv, 'secret', LIGHT_SCRYPT);
    expect(again.crypto.kdfparams.salt).not.toBe(json.crypto.kdfparams.salt);
    expect(again.id).not.toBe(json.id);
  });

  it('uses the standard scrypt parameters by default', async () => {
    const json = await encryptKey(hexToBytes(SPEC_PRIV), '');
    expect(json.crypto.kdfparams).toMatchObject({ n: 262144, r: 8, p: 1 });
    expect((await decryptKey(json, '')).privateKey).toEqual(hexToBytes(SPEC_PRIV));
  });

  it('refuses keys that are not valid secp256k1 private keys', async () => {
    await expect(encryptKey(new Uint8Array(32), 'x', LIGHT_SCRYPT)).rejects.toThrow('not a valid secp256k1 private key');
    await expect(encryptKey(new Uint8Array(31).fill(1), 'x', LIGHT_SCRYPT)).rejects.toThrow('not a valid secp256k1 private key');
  });
});
