// Key files in the Web3 Secret Storage format, version 3, as geth writes and reads them: the private key
// encrypted with AES-128-CTR under the first half of a key derived from the password (scrypt when writing;
// scrypt or PBKDF2-HMAC-SHA256 when reading), and a MAC, keccak256(derived[16..32] ++ ciphertext), that tells a
// wrong password from a damaged file. The derivation runs in node:crypto's thread pool, so the event loop of a
// running node does not stall for the second or so a standard scrypt takes.
import { createCipheriv, createDecipheriv, pbkdf2, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { scryptAsync as nobleScryptAsync } from '@noble/hashes/scrypt.js';
import { bytesEqual, bytesToHex, concatBytes, hexToBytes, padLeft, type Bytes } from '../common/bytes.js';
import { keccak256 } from '../crypto/keccak.js';
import { isValidPrivateKey, privateKeyToAddress } from '../crypto/secp256k1.js';

const scryptAsync = promisify(scrypt) as (password: Bytes, salt: Bytes, keylen: number, options: object) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);

/** geth's StandardScryptN/P: about a second and 256 MiB per derivation. */
export const STANDARD_SCRYPT = { n: 262144, r: 8, p: 1 } as const;
/** geth's LightScryptN/P (--lightkdf): fast, for tests and weak machines. */
export const LIGHT_SCRYPT = { n: 4096, r: 8, p: 6 } as const;

export interface ScryptParams {
  n: number;
  r: number;
  p: number;
}

/** The JSON of a version 3 key file. */
export interface KeyFileJson {
  /** Lower-case hex without 0x, as geth writes it; optional when reading. */
  address?: string;
  crypto: {
    cipher: string;
    ciphertext: string;
    cipherparams: { iv: string };
    kdf: string;
    kdfparams: Record<string, unknown>;
    mac: string;
  };
  id: string;
  version: number;
}

export interface DecryptedKey {
  id: string;
  address: Bytes;
  privateKey: Bytes;
}

/** A key file that cannot be used (malformed, unsupported) or a password that does not open it. */
export class KeystoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeystoreError';
  }
}

/** geth's ErrDecrypt wording. */
export const DECRYPT_FAILED = 'could not decrypt key with given password';

const DKLEN = 32;
/** Derivations needing more memory than this are refused rather than attempted. */
const MAX_SCRYPT_MEMORY = 2 ** 31;

function utf8(password: string): Bytes {
  return new TextEncoder().encode(password);
}

function aes128Ctr(key: Bytes, iv: Bytes, data: Bytes, encrypt: boolean): Bytes {
  const cipher = encrypt ? createCipheriv('aes-128-ctr', key, iv) : createDecipheriv('aes-128-ctr', key, iv);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
}

async function deriveScrypt(password: Bytes, salt: Bytes, { n, r, p }: ScryptParams, dklen: number): Promise<Bytes> {
  const memory = 128 * r * (n + p + 1);
  if (memory > MAX_SCRYPT_MEMORY) throw new KeystoreError(`scrypt parameters n=${n} r=${r} p=${p} need more than 2 GiB`);
  // OpenSSL insists on RFC 7914's N < 2^(16r), which the spec's own vector (n=2^18, r=1) breaks and geth does not
  // check: such parameters take the slower pure-JS scrypt, which yields to the event loop as it goes.
  if (Math.log2(n) >= 16 * r) return nobleScryptAsync(password, salt, { N: n, r, p, dkLen: dklen, maxmem: memory + 1024 });
  // node:crypto refuses anything over maxmem (32 MiB by default); the standard parameters need 256 MiB.
  const key = await scryptAsync(password, salt, dklen, { N: n, r, p, maxmem: memory + 1024 * 1024 });
  return new Uint8Array(key);
}

function hexField(o: Record<string, unknown>, field: string, length?: number): Bytes {
  const v = o[field];
  if (typeof v !== 'string' || !/^(0x)?([0-9a-fA-F]{2})*$/.test(v)) throw new KeystoreError(`key file: ${field} is not hex`);
  const b = hexToBytes(v);
  if (length !== undefined && b.length !== length) {
    throw new KeystoreError(`key file: ${field} must be ${length} bytes, got ${b.length}`);
  }
  return b;
}

function intField(o: Record<string, unknown>, field: string, min: number, max: number): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new KeystoreError(`key file: kdfparams.${field} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The key the password derives under the file's KDF. */
async function deriveKey(kdf: unknown, params: Record<string, unknown>, password: Bytes): Promise<Bytes> {
  const dklen = intField(params, 'dklen', DKLEN, 1024);
  const salt = hexField(params, 'salt');
  if (kdf === 'scrypt') {
    const n = intField(params, 'n', 2, 2 ** 30);
    if ((n & (n - 1)) !== 0) throw new KeystoreError(`key file: kdfparams.n must be a power of two, got ${n}`);
    const r = intField(params, 'r', 1, 2 ** 16);
    const p = intField(params, 'p', 1, 2 ** 16);
    return deriveScrypt(password, salt, { n, r, p }, dklen);
  }
  if (kdf === 'pbkdf2') {
    if (params.prf !== 'hmac-sha256') throw new KeystoreError(`key file: unsupported PBKDF2 PRF ${JSON.stringify(params.prf)}`);
    const c = intField(params, 'c', 1, 2 ** 31 - 1);
    return new Uint8Array(await pbkdf2Async(password, salt, c, dklen, 'sha256'));
  }
  throw new KeystoreError(`key file: unsupported KDF ${JSON.stringify(kdf)}`);
}

/** Decrypts a version 3 key file's JSON (text or parsed). Throws KeystoreError with DECRYPT_FAILED on a wrong password. */
export async function decryptKey(json: string | unknown, password: string): Promise<DecryptedKey> {
  let file: unknown = json;
  if (typeof json === 'string') {
    try {
      file = JSON.parse(json);
    } catch (e) {
      throw new KeystoreError(`key file is not JSON: ${(e as Error).message}`);
    }
  }
  if (!isObject(file)) throw new KeystoreError('key file: expected a JSON object');
  if (file.version !== 3) throw new KeystoreError(`key file: version ${JSON.stringify(file.version)} not supported (want 3)`);
  const crypto = file.crypto ?? file.Crypto;
  if (!isObject(crypto)) throw new KeystoreError('key file: crypto section missing');
  if (crypto.cipher !== 'aes-128-ctr') throw new KeystoreError(`key file: cipher ${JSON.stringify(crypto.cipher)} not supported`);
  if (!isObject(crypto.cipherparams)) throw new KeystoreError('key file: cipherparams missing');
  if (!isObject(crypto.kdfparams)) throw new KeystoreError('key file: kdfparams missing');
  const iv = hexField(crypto.cipherparams, 'iv', 16);
  const ciphertext = hexField(crypto, 'ciphertext');
  if (ciphertext.length === 0 || ciphertext.length > 32) {
    throw new KeystoreError(`key file: ciphertext must be 1 to 32 bytes, got ${ciphertext.length}`);
  }
  const mac = hexField(crypto, 'mac', 32);
  const derived = await deriveKey(crypto.kdf, crypto.kdfparams, utf8(password));
  const expected = keccak256(concatBytes(derived.subarray(16, 32), ciphertext));
  if (!timingSafeEqual(expected, mac)) throw new KeystoreError(DECRYPT_FAILED);
  // Early geth versions wrote keys with their leading zero bytes stripped.
  const privateKey = padLeft(aes128Ctr(derived.subarray(0, 16), iv, ciphertext, false), 32);
  if (!isValidPrivateKey(privateKey)) throw new KeystoreError('key file holds an invalid secp256k1 private key');
  const address = privateKeyToAddress(privateKey);
  if (file.address !== undefined) {
    const claimed = hexField(file, 'address', 20);
    if (!bytesEqual(claimed, address)) {
      throw new KeystoreError(`key content mismatch: have account ${bytesToHex(address)}, want ${bytesToHex(claimed)}`);
    }
  }
  return { id: typeof file.id === 'string' ? file.id : '', address, privateKey };
}

/** Encrypts a private key into a version 3 key file's JSON with a fresh salt, IV and UUID. */
export async function encryptKey(
  privateKey: Bytes,
  password: string,
  params: ScryptParams = STANDARD_SCRYPT,
): Promise<KeyFileJson> {
  if (!isValidPrivateKey(privateKey)) throw new KeystoreError('not a valid secp256k1 private key');
  const salt = new Uint8Array(randomBytes(32));
  const iv = new Uint8Array(randomBytes(16));
  const derived = await deriveScrypt(utf8(password), salt, params, DKLEN);
  const ciphertext = aes128Ctr(derived.subarray(0, 16), iv, privateKey, true);
  const mac = keccak256(concatBytes(derived.subarray(16, 32), ciphertext));
  const hex = (b: Bytes) => bytesToHex(b).slice(2);
  return {
    address: hex(privateKeyToAddress(privateKey)),
    crypto: {
      cipher: 'aes-128-ctr',
      ciphertext: hex(ciphertext),
      cipherparams: { iv: hex(iv) },
      kdf: 'scrypt',
      kdfparams: { dklen: DKLEN, n: params.n, p: params.p, r: params.r, salt: hex(salt) },
      mac: hex(mac),
    },
    id: randomUUID(),
    version: 3,
  };
}
