// `geth init` and `geth dumpgenesis` as a user runs them: a separate process per command, a temporary datadir,
// and only the exit code, stdout and stderr to judge by.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../../src/common/losslessJson.js';
import { DatadirLock } from '../../src/db/datadirLock.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('./gethFromSource.ts', import.meta.url));
const MAINNET = join(ROOT, 'genesis', 'mainnet.json');
const SEPOLIA = join(ROOT, 'genesis', 'sepolia.json');
const MAINNET_HASH = '0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3';
const SEPOLIA_HASH = '0x25a5cc106eea7138acab33231d7160d69cb777ee0c2c553fcddf5138993e6dd9';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function geth(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    // cwd at the package root so that `--import tsx` resolves from its node_modules.
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A failure must be exactly one `Fatal: ...` line, with no stack trace. */
function expectFatal(run: Run, message: string): void {
  expect(run.code).toBe(1);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Fatal: /);
  expect(lines[0]).toContain(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

function successLine(run: Run): string | undefined {
  return run.stderr.split('\n').find((l) => l.includes('Successfully wrote genesis state'));
}

let tmp: string;
const datadir = (name: string) => join(tmp, name);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tsgeth-e2e-init-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('geth init', () => {
  it('writes the mainnet genesis, logs its hash, and accepts the same genesis again', async () => {
    const first = await geth('init', '--datadir', datadir('main'), MAINNET);
    expect(first.code).toBe(0);
    expect(successLine(first)).toMatch(new RegExp(`^INFO .*Successfully wrote genesis state +database=chaindata hash=${MAINNET_HASH}$`));
    expect(existsSync(join(datadir('main'), 'geth', 'chaindata', 'CURRENT'))).toBe(true);
    expect(existsSync(join(datadir('main'), 'LOCK'))).toBe(false);

    const again = await geth('init', '--datadir', datadir('main'), MAINNET);
    expect(again.code).toBe(0);
    expect(successLine(again)).toContain(`hash=${MAINNET_HASH}`);

    const other = await geth('init', '--datadir', datadir('main'), SEPOLIA);
    expectFatal(other, `database contains incompatible genesis (have ${MAINNET_HASH}, new ${SEPOLIA_HASH})`);
  });

  it('writes the sepolia genesis', async () => {
    const run = await geth('init', '--datadir', datadir('sepolia'), SEPOLIA);
    expect(run.code).toBe(0);
    expect(successLine(run)).toContain(`database=chaindata hash=${SEPOLIA_HASH}`);
  });

  it('refuses malformed genesis files with one clear line and writes nothing', async () => {
    const badJson = join(tmp, 'bad-json.json');
    writeFileSync(badJson, '{"config": {"chainId": 1},\n  "alloc": {\n');
    expectFatal(await geth('init', '--datadir', datadir('bad'), badJson), `invalid genesis file ${badJson}: invalid JSON at line 3 column 1`);

    const badField = join(tmp, 'bad-field.json');
    writeFileSync(badField, '{"config": {"chainId": 1}, "alloc": {"0x1234": {"balance": "1"}}}');
    expectFatal(await geth('init', '--datadir', datadir('bad'), badField), 'alloc.0x1234: invalid address "0x1234"');

    const noConfig = join(tmp, 'no-config.json');
    writeFileSync(noConfig, '{"alloc": {}}');
    expectFatal(await geth('init', '--datadir', datadir('bad'), noConfig), 'config: missing');

    expectFatal(await geth('init', '--datadir', datadir('bad'), join(tmp, 'absent.json')), 'failed to read genesis file');
    expectFatal(await geth('init', '--datadir', datadir('bad')), 'Not enough non-option arguments');
    expect(existsSync(datadir('bad'))).toBe(false);
  });

  it('refuses a datadir another process holds, naming it and the holder', async () => {
    const dir = datadir('locked');
    const lock = DatadirLock.acquire(dir);
    try {
      const run = await geth('init', '--datadir', dir, SEPOLIA);
      expectFatal(run, `datadir ${dir} is already in use by another process (pid ${process.pid}`);
    } finally {
      lock.release();
    }
    expect((await geth('init', '--datadir', dir, SEPOLIA)).code).toBe(0);
  });
});

describe('geth dumpgenesis', () => {
  it('prints a built-in network as genesis JSON', async () => {
    const run = await geth('dumpgenesis', '--dev');
    expect(run.code).toBe(0);
    const json = parseJsonLossless(run.stdout) as { config: { chainId: number }; alloc: Record<string, unknown> };
    expect(json.config.chainId).toBe(1337);
    expect(Object.keys(json.alloc)).toContain('f39fd6e51aad88f6f4ce6ab8827279cfffb92266');
  });

  it('prints the genesis stored in --datadir, and mainnet when there is none', async () => {
    const dir = datadir('dump');
    expect((await geth('init', '--datadir', dir, SEPOLIA)).code).toBe(0);
    const stored = parseJsonLossless((await geth('dumpgenesis', '--datadir', dir)).stdout) as { config: { chainId: number } };
    expect(stored.config.chainId).toBe(11155111);
    const fallback = await geth('dumpgenesis', '--datadir', datadir('empty'));
    const mainnet = parseJsonLossless(fallback.stdout) as { config: { terminalTotalDifficulty: bigint } };
    expect(mainnet.config.terminalTotalDifficulty).toBe(58750000000000000000000n);
    expect(existsSync(datadir('empty'))).toBe(false);
  });

  it('rejects two network flags at once', async () => {
    expectFatal(await geth('dumpgenesis', '--dev', '--mainnet'), 'mutually exclusive');
  });
});
