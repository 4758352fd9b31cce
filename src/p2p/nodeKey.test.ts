import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatNodeKey, loadOrCreateNodeKey, NodeKeyError, nodeKeyPath, parseNodeKey } from './nodeKey.js';

let datadir: string;
beforeEach(() => {
  datadir = mkdtempSync(join(tmpdir(), 'tsgeth-nodekey-'));
});
afterEach(() => rmSync(datadir, { recursive: true, force: true }));

function writeKeyFile(text: string): void {
  mkdirSync(join(datadir, 'geth'), { recursive: true });
  writeFileSync(nodeKeyPath(datadir), text);
}

describe('node key', () => {
  it('is created once in <datadir>/geth/nodekey, mode 0600, and reused (same peer id)', async () => {
    const first = await loadOrCreateNodeKey(datadir);
    const path = join(datadir, 'geth', 'nodekey');
    expect(nodeKeyPath(datadir)).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    const again = await loadOrCreateNodeKey(datadir);
    expect(peerIdFromPrivateKey(again).toString()).toBe(peerIdFromPrivateKey(first).toString());
    expect(first.type).toBe('secp256k1');
  });

  it("reads geth's format: hex without prefix, with a trailing newline or a 0x prefix", async () => {
    const hex = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
    writeKeyFile(hex + '\n');
    const key = await loadOrCreateNodeKey(datadir);
    expect(formatNodeKey(key)).toBe(hex);
    expect(formatNodeKey(parseNodeKey('0x' + hex, 'x'))).toBe(hex);
  });

  it('gives a different key each time without a datadir (dev mode)', async () => {
    const a = await loadOrCreateNodeKey(undefined);
    const b = await loadOrCreateNodeKey(undefined);
    expect(peerIdFromPrivateKey(a).equals(peerIdFromPrivateKey(b))).toBe(false);
  });

  it.each([
    ['empty', '', /want 64 hex characters .* got 0 characters/],
    ['short', 'abcd', /got 4 characters/],
    ['not hex', 'zz'.repeat(32), /non-hex content/],
    ['zero', '00'.repeat(32), /not a valid secp256k1 private key/],
    ['over the curve order', 'ff'.repeat(32), /not a valid secp256k1 private key/],
    ['binary', '\u0000\u0001\u0002', /want 64 hex characters/],
  ])('refuses a corrupted key file (%s) naming the file', async (_name, text, message) => {
    writeKeyFile(text);
    const err = await loadOrCreateNodeKey(datadir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeKeyError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain(nodeKeyPath(datadir));
    // The bad file is left for the user to look at, not replaced by a new identity.
    expect(readFileSync(nodeKeyPath(datadir), 'utf8')).toBe(text);
  });

  it('reports a key file it cannot read', async () => {
    mkdirSync(nodeKeyPath(datadir), { recursive: true }); // a directory where the file should be
    await expect(loadOrCreateNodeKey(datadir)).rejects.toThrow(/cannot read node key .*nodekey/);
  });
});
