// A newcomer's check: a Hardhat 2 sample project (hardhatProject/) compiled offline with the local solc, its mocha
// tests and deploy script run with `--network tsgeth` against a real `geth --dev --http` process. Hardhat drives the
// node through both account kinds it supports: the node's unlocked accounts (eth_sendTransaction) and a private key
// signed locally (eth_sendRawTransaction).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, http, type Abi, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitForLog } from './devNode.js';
import { ROOT, startGeth, type Run, type RunningGeth } from './runGeth.js';

const PROJECT = join(ROOT, 'test', 'e2e', 'hardhatProject');
// Run from the repository's node_modules; Node resolves the project's requires upward to the same folder.
const HARDHAT = join(ROOT, 'node_modules', '.bin', 'hardhat');
const HARDHAT_TIMEOUT = 120_000;
const DEV_KEY_1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const DEV_ADDRESS_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
/** The sample project's mocha tests (test/Counter.cjs). */
const SAMPLE_TESTS = 5;

let tmp: string;
let node: RunningGeth;
let url: string;
const hardhatRuns = new Set<ReturnType<typeof spawn>>();

/** Runs the hardhat CLI in the sample project against the node; killed if it outlasts HARDHAT_TIMEOUT. */
function hardhat(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(HARDHAT, args, {
    cwd: PROJECT,
    env: {
      ...process.env,
      TSGETH_URL: url,
      // Build output in the temp dir, not in the source tree.
      HARDHAT_OUT_DIR: join(tmp, 'hardhat-out'),
      HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hardhatRuns.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), HARDHAT_TIMEOUT);
  return new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      hardhatRuns.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function expectPassing(run: Run): void {
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.code, output).toBe(0);
  expect(run.stdout, output).toMatch(new RegExp(`\\b${SAMPLE_TESTS} passing\\b`));
  expect(run.stdout, output).not.toMatch(/\d+ (failing|pending)/);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tsgeth-e2e-hardhat-'));
  const port = await freePort();
  node = startGeth('--dev', '--http', '--http.port', String(port), '--datadir', join(tmp, 'node'));
  await waitForLog(node, 'HTTP server started', 60_000);
  url = `http://127.0.0.1:${port}`;
}, 90_000);

afterAll(async () => {
  for (const child of hardhatRuns) child.kill('SIGKILL');
  if (node !== undefined && node.child.exitCode === null && node.child.signalCode === null) {
    const killer = setTimeout(() => node.child.kill('SIGKILL'), 10_000);
    node.child.kill('SIGTERM');
    await node.done;
    clearTimeout(killer);
  }
  rmSync(tmp, { recursive: true, force: true });
}, 30_000);

describe('Hardhat 2 against geth --dev --http', () => {
  it('passes the sample tests with the node\'s unlocked accounts', async () => {
    const run = await hardhat(['test', '--network', 'tsgeth']);
    expectPassing(run);
    expect(run.stdout).toContain('Compiled 1 Solidity file successfully');
  }, HARDHAT_TIMEOUT + 10_000);

  it('passes the sample tests with a private key signed by Hardhat', async () => {
    expectPassing(await hardhat(['test', '--network', 'tsgeth'], { TSGETH_PRIVATE_KEY: DEV_KEY_1 }));
  }, HARDHAT_TIMEOUT + 10_000);

  it('deploys with scripts/deploy.cjs, leaving the contract\'s code and state on the node', async () => {
    const run = await hardhat(['run', 'scripts/deploy.cjs', '--network', 'tsgeth'], { TSGETH_PRIVATE_KEY: DEV_KEY_1 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const deployed = /Counter deployed to (0x[0-9a-fA-F]{40}) by (0x[0-9a-fA-F]{40}) on chain (\d+)/.exec(run.stdout);
    expect(deployed, run.stdout).not.toBeNull();
    const [, address, deployer, chainId] = deployed!;
    expect(deployer).toBe(DEV_ADDRESS_1);
    expect(chainId).toBe('1337');
    expect(run.stdout).toContain('Counter count 8');

    // The node holds the runtime code Hardhat compiled (immutables aside) and the state the script left.
    const client = createPublicClient({ transport: http(url) });
    const code = await client.getCode({ address: address as Hex });
    expect(code).toBeDefined();
    const artifact = JSON.parse(readFileSync(join(tmp, 'hardhat-out', 'artifacts', 'contracts', 'Counter.sol', 'Counter.json'), 'utf8')) as {
      abi: Abi;
      deployedBytecode: Hex;
    };
    expect(code!.length).toBe(artifact.deployedBytecode.length);
    const count = await client.readContract({ address: address as Hex, abi: artifact.abi, functionName: 'count' });
    expect(count).toBe(8n);
    const owner = await client.readContract({ address: address as Hex, abi: artifact.abi, functionName: 'owner' });
    expect(owner).toBe(DEV_ADDRESS_1);
  }, HARDHAT_TIMEOUT + 10_000);
});
