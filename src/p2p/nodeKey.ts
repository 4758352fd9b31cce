// The node's identity key. Like geth's <datadir>/geth/nodekey it is a secp256k1 private key written once as 64 hex
// characters (file mode 0600) and read back on every start, so the node keeps its peer id across restarts.
// secp256k1 rather than ed25519: the file is then the same format as geth's nodekey (a key can move between the
// two), and it is the curve Ethereum's libp2p networks (the consensus layer's ENRs) use for node identities.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generateKeyPair, privateKeyFromRaw } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';
import { bytesToHex, hexToBytes } from '../common/bytes.js';

export function nodeKeyPath(datadir: string): string {
  return join(resolve(datadir), 'geth', 'nodekey');
}

export class NodeKeyError extends Error {
  override name = 'NodeKeyError';
}

/** Parses the content of a nodekey file: 64 hex characters (optionally 0x-prefixed), surrounding blanks allowed. */
export function parseNodeKey(text: string, source: string): PrivateKey {
  const hex = text.trim().replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new NodeKeyError(
      `invalid node key in ${source}: want 64 hex characters (a secp256k1 private key), got ${hex.length} characters` +
        (/^[0-9a-fA-F]*$/.test(hex) ? '' : ' with non-hex content'),
    );
  }
  try {
    return privateKeyFromRaw(hexToBytes(hex));
  } catch (e) {
    throw new NodeKeyError(`invalid node key in ${source}: not a valid secp256k1 private key (${(e as Error).message})`);
  }
}

/** The file's text for `key`: geth's format, hex without prefix or newline. */
export function formatNodeKey(key: PrivateKey): string {
  if (key.type !== 'secp256k1') throw new NodeKeyError(`node keys are secp256k1, not ${key.type}`);
  return bytesToHex(key.raw).slice(2);
}

/** A fresh key that lives as long as the process: for a node without a datadir (dev mode). */
export async function generateNodeKey(): Promise<PrivateKey> {
  return generateKeyPair('secp256k1');
}

/**
 * The node key kept in `datadir`, created on first use. With no datadir (dev mode without --datadir) the key is
 * ephemeral: a new peer id on every start.
 */
export async function loadOrCreateNodeKey(datadir: string | undefined): Promise<PrivateKey> {
  if (datadir === undefined) return generateNodeKey();
  const path = nodeKeyPath(datadir);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new NodeKeyError(`cannot read node key ${path}: ${(e as Error).message}`);
    }
  }
  if (text !== undefined) return parseNodeKey(text, path);
  const key = await generateNodeKey();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // 'wx': never replace a key another process wrote since the read above.
    writeFileSync(path, formatNodeKey(key), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return parseNodeKey(readFileSync(path, 'utf8'), path);
    throw new NodeKeyError(`cannot write node key ${path}: ${(e as Error).message}`);
  }
  return key;
}
