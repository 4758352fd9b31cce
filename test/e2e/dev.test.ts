// The node as a user runs it: `geth --dev --http` as a real process, driven over JSON-RPC by viem (transfers,
// mined on demand, balances), stopped with SIGTERM and restarted on the same datadir; the account commands; and
// the exit code 2 of a usage error.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createWalletClient, defineChain, http, parseEther, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decryptKey } from '../../src/accounts/keystore.js';
import { freePort, waitForLog } from './devNode.js';
import { expectFatal, expectSuccess, startGeth, type Run, type RunningGeth } from './runGeth.js';

const TIMEOUT = 120_000;
const DEV_KEY_0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const DEV_KEY_1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const DEV_KEY_2 = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const DEV_ADDRESS_0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const RECIPIENT = '0x000000000000000000000000000000000000beef';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tsgeth-e2e-dev-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every process a test starts, so that none outlives a failed test. */
const processes: RunningGeth[] = [];
afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGKILL');
      await p.done;
    }
  }
});

function spawnGeth(...args: string[]): RunningGeth {
  const p = startGeth(...args);
  processes.push(p);
  return p;
}

function geth(...args: string[]): Promise<Run> {
  return spawnGeth(...args).done;
}

/** A usage error: exit code 2 and one line naming the problem, no stack trace. */
function expectUsageError(run: Run, message: string): void {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Incorrect Usage: /);
  expect(lines[0]).toContain(message);
}

async function stop(node: RunningGeth, signal: NodeJS.Signals = 'SIGTERM'): Promise<Run> {
  node.child.kill(signal);
  return node.done;
}

describe('usage errors', () => {
  it('exit with code 2 and a clear message for an unknown flag or a bad value', async () => {
    expectUsageError(await geth('--dev', '--bogus-flag'), 'flag provided but not defined: --bogus-flag');
    expectUsageError(await geth('--dev', '--no-such-flag'), 'flag provided but not defined: --no-such-flag');
    expectUsageError(await geth('--dev', '--http.port', 'eighty'), 'invalid value "eighty" for flag --http.port');
    expectUsageError(await geth('--verbosity', '7'), 'invalid value "7" for flag --verbosity: want 0 to 5');
    expectUsageError(await geth('account', 'list', '--bogus'), 'flag provided but not defined: --bogus');
  }, TIMEOUT);
});

describe('geth account', () => {
  it('creates, lists and imports keys that decrypt with their password', async () => {
    const datadir = join(tmp, 'accounts');
    const passwordFile = join(tmp, 'password.txt');
    writeFileSync(passwordFile, 'correct horse\nsecond line ignored\n');

    const created = await geth('account', 'new', '--datadir', datadir, '--password', passwordFile, '--lightkdf');
    expectSuccess(created);
    const address = /Public address of the key: +(0x[0-9a-f]{40})/.exec(created.stdout)![1]!;
    const path = /Path of the secret key file: (\S+)/.exec(created.stdout)![1]!;
    expect(path.startsWith(join(datadir, 'keystore', 'UTC--'))).toBe(true);
    expect(path.endsWith(address.slice(2))).toBe(true);
    expect((await decryptKey(readFileSync(path, 'utf8'), 'correct horse')).address).toEqual(Uint8Array.from(Buffer.from(address.slice(2), 'hex')));

    const keyFile = join(tmp, 'dev0.key');
    writeFileSync(keyFile, DEV_KEY_0.slice(2) + '\n');
    const imported = await geth('account', 'import', '--datadir', datadir, '--password', passwordFile, '--lightkdf', keyFile);
    expectSuccess(imported);
    expect(imported.stdout).toBe(`Address: {${DEV_ADDRESS_0.slice(2)}}\n`);
    expectFatal(
      await geth('account', 'import', '--datadir', datadir, '--password', passwordFile, '--lightkdf', keyFile),
      `Could not create the account: account already exists: ${DEV_ADDRESS_0}`,
    );

    const listed = await geth('account', 'list', '--datadir', datadir);
    expectSuccess(listed);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines).toContain(`Account #${lines.findIndex((l) => l.includes(address.slice(2)))}: {${address.slice(2)}} keystore://${path}`);
    expect(listed.stdout).toContain(`{${DEV_ADDRESS_0.slice(2)}}`);
    expect(readdirSync(join(datadir, 'keystore'))).toHaveLength(2);
  }, TIMEOUT);

  it('asks for the password on standard input, twice, and refuses a mismatch', async () => {
    const datadir = join(tmp, 'prompted');
    const asked = spawnGeth('account', 'new', '--datadir', datadir, '--lightkdf');
    asked.child.stdin.end('pw1\npw1\n');
    const run = await asked.done;
    expectSuccess(run);
    expect(run.stderr).toContain('Password: ');
    expect(run.stderr).toContain('Repeat password: ');
    const path = /Path of the secret key file: (\S+)/.exec(run.stdout)![1]!;
    await expect(decryptKey(readFileSync(path, 'utf8'), 'pw1')).resolves.toBeDefined();

    const mismatch = spawnGeth('account', 'new', '--datadir', datadir, '--lightkdf');
    mismatch.child.stdin.end('pw1\npw2\n');
    expectFatal(await mismatch.done, 'Passwords do not match');
    const ended = spawnGeth('account', 'new', '--datadir', datadir, '--lightkdf');
    ended.child.stdin.end('');
    expectFatal(await ended.done, 'no password given');
  }, TIMEOUT);

  it('refuses a key file that does not hold a private key, and a password file that cannot be read', async () => {
    const bad = join(tmp, 'bad.key');
    writeFileSync(bad, 'not a key');
    const passwordFile = join(tmp, 'pw');
    writeFileSync(passwordFile, 'x');
    expectFatal(await geth('account', 'import', '--datadir', join(tmp, 'bad'), '--password', passwordFile, bad), `Failed to load the private key: ${bad} does not hold 64 hex characters`);
    const good = join(tmp, 'good.key');
    writeFileSync(good, DEV_KEY_1);
    expectFatal(await geth('account', 'import', '--datadir', join(tmp, 'bad'), '--password', join(tmp, 'absent'), good), 'failed to read password file: ENOENT');
    expect(existsSync(join(tmp, 'bad', 'keystore'))).toBe(false);
  }, TIMEOUT);
});

describe('geth --dev --http', () => {
  it('mines transfers sent over JSON-RPC, shuts down on SIGTERM, and restarts on the same chain', async () => {
    const datadir = join(tmp, 'devnode');
    const port = await freePort();
    const args = ['--dev', '--http', '--http.port', String(port), '--datadir', datadir];
    const node = spawnGeth(...args);
    await waitForLog(node, 'HTTP server started', 60_000);
    const endpoint = /HTTP server started +endpoint=(\S+)/.exec(node.stderr())![1]!;
    expect(endpoint).toBe(`http://127.0.0.1:${port}`);
    expect(existsSync(join(datadir, 'LOCK'))).toBe(true);

    const chain = defineChain({
      id: 1337,
      name: 'tsgeth dev',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [endpoint] } },
    });
    const client = createPublicClient({ chain, transport: http(endpoint) });
    expect(await client.getChainId()).toBe(1337);
    expect(await client.getBlockNumber()).toBe(0n);
    expect(await client.getBalance({ address: RECIPIENT })).toBe(0n);

    // One transfer, mined on arrival; the dev account (the fee recipient) gets the tip, the base fee is burnt.
    const sender = privateKeyToAccount(DEV_KEY_1 as Hex);
    const wallet = createWalletClient({ account: sender, chain, transport: http(endpoint) });
    const before = await client.getBalance({ address: sender.address });
    const coinbaseBefore = await client.getBalance({ address: DEV_ADDRESS_0 });
    const hash = await wallet.sendTransaction({ to: RECIPIENT, value: parseEther('1') });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 100 });
    expect(receipt.status).toBe('success');
    expect(receipt.blockNumber).toBe(1n);
    expect(await client.getBalance({ address: RECIPIENT })).toBe(parseEther('1'));
    const fee = receipt.gasUsed * receipt.effectiveGasPrice;
    expect(await client.getBalance({ address: sender.address })).toBe(before - parseEther('1') - fee);
    const block1 = await client.getBlock({ blockNumber: 1n });
    expect(block1.miner).toBe(DEV_ADDRESS_0);
    const tip = receipt.gasUsed * (receipt.effectiveGasPrice - block1.baseFeePerGas!);
    expect(await client.getBalance({ address: DEV_ADDRESS_0 })).toBe(coinbaseBefore + tip);

    // A burst from another account: every transfer mined, the nonces in order.
    const second = createWalletClient({ account: privateKeyToAccount(DEV_KEY_2 as Hex), chain, transport: http(endpoint) });
    const hashes: Hex[] = [];
    for (let nonce = 0; nonce < 3; nonce++) hashes.push(await second.sendTransaction({ to: RECIPIENT, value: 1000n, nonce }));
    const receipts = await Promise.all(hashes.map((h) => client.waitForTransactionReceipt({ hash: h, pollingInterval: 100 })));
    expect(receipts.every((r) => r.status === 'success')).toBe(true);
    expect(await client.getBalance({ address: RECIPIENT })).toBe(parseEther('1') + 3000n);
    const head = await client.getBlock();

    const stopped = await stop(node);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain('Got interrupt, shutting down...');
    expect(existsSync(join(datadir, 'LOCK'))).toBe(false);

    const port2 = await freePort();
    const again = spawnGeth('--dev', '--http', '--http.port', String(port2), '--datadir', datadir);
    await waitForLog(again, 'HTTP server started', 60_000);
    const client2 = createPublicClient({ chain, transport: http(`http://127.0.0.1:${port2}`) });
    const head2 = await client2.getBlock();
    expect(head2.number).toBe(head.number);
    expect(head2.hash).toBe(head.hash);
    expect(await client2.getBalance({ address: RECIPIENT })).toBe(parseEther('1') + 3000n);
    const stopped2 = await stop(again, 'SIGINT');
    expect(stopped2.code, stopped2.stderr).toBe(0);
  }, TIMEOUT);

  it('prints the ten dev accounts with their keys, and removes its temporary datadir on exit', async () => {
    const port = await freePort();
    const node = spawnGeth('--dev', '--http', '--http.port', String(port));
    await waitForLog(node, 'HTTP server started', 60_000);
    const run = await stop(node);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Account #0: ${DEV_ADDRESS_0} (10000 ETH)\nPrivate Key: ${DEV_KEY_0}`);
    expect(run.stdout).toContain(`Private Key: ${DEV_KEY_1}`);
    expect(run.stdout).toContain('Account #9: ');
    expect(run.stdout).not.toContain('Account #10');
    const datadir = /Using a temporary datadir +path=(\S+)/.exec(run.stderr)![1]!;
    expect(datadir.startsWith(tmpdir())).toBe(true);
    expect(existsSync(datadir)).toBe(false);
  }, TIMEOUT);

  it('exits with code 1 and one line when the HTTP port is taken, releasing the datadir', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const datadir = join(tmp, 'porttaken');
    try {
      const run = await geth('--dev', '--http', '--http.port', String(port), '--datadir', datadir);
      expectFatal(run, `HTTP server: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
      expect(existsSync(join(datadir, 'LOCK'))).toBe(false);
    } finally {
      blocker.close();
    }
  }, TIMEOUT);

  it('refuses a datadir another node holds', async () => {
    const datadir = join(tmp, 'held');
    const first = spawnGeth('--dev', '--datadir', datadir);
    await waitForLog(first, 'Dev miner started', 60_000);
    expectFatal(await geth('--dev', '--datadir', datadir), `datadir ${datadir} is already in use by another process`);
    expect((await stop(first)).code).toBe(0);
  }, TIMEOUT);
});
