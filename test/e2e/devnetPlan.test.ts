// The devnet launcher's set-up (scripts/devnet): createDevnet lays out a clique devnet with the real CLI (`init`,
// `account import`, run from the sources), and the result is checked with the node's own readers: the genesis
// parser, the clique extra-data reader, the chain database and the keystore. Also: the folder rules (a running
// devnet or someone's files are never deleted) and stopDevnet on processes that stop, hang or are not ours.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptKey, DECRYPT_FAILED } from '../../src/accounts/keystore.js';
import { KeystoreDir } from '../../src/accounts/keystoreDir.js';
import { readPasswordFile } from '../../src/cli/password.js';
import { bytesToHex } from '../../src/common/bytes.js';
import { checkpointSigners, EXTRA_SEAL, EXTRA_VANITY } from '../../src/consensus/clique/extraData.js';
import { genesisBlock } from '../../src/core/genesis/genesisBlock.js';
import { parseGenesis } from '../../src/core/genesis/genesis.js';
import { readCanonicalHash } from '../../src/core/rawdb/headers.js';
import { devAccounts } from '../../src/node/devAccounts.js';
import { hasChaindata, keystorePath, openChaindata } from '../../src/node/datadir.js';
import {
  createDevnet,
  DevnetError,
  nodeArgs,
  readDevnetState,
  runningNodes,
  SOURCE_COMMAND,
  signerKey,
  stopDevnet,
  type DevnetPlan,
} from '../../scripts/devnet/devnet.js';
import { DEVNET_BALANCE } from '../../scripts/devnet/genesis.js';
import { devnetPorts } from '../../scripts/devnet/ports.js';
import { writeDevnetState } from '../../scripts/devnet/state.js';

/** The CLI from the TypeScript sources, so the test needs no fresh build. */
const FROM_SOURCE = SOURCE_COMMAND;
const SETUP_MS = 120_000;

let tmp: string;
let plan: DevnetPlan;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tsgeth-devnet-'));
  plan = await createDevnet({ dir: join(tmp, 'net'), command: FROM_SOURCE });
}, SETUP_MS);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const signers = () => plan.nodes.filter((n) => n.role === 'signer');

describe('createDevnet with the defaults', () => {
  it('makes 3 signers then 1 node, each with its own datadir, log and ports', () => {
    expect(plan.nodes.map((n) => n.role)).toEqual(['signer', 'signer', 'signer', 'node']);
    expect(plan.chainId).toBe(1337);
    expect(plan.period).toBe(2);
    const ports = plan.nodes.flatMap((n) => [n.ports.p2p, n.ports.http, n.ports.ws]);
    expect(new Set(ports).size).toBe(12);
    plan.nodes.forEach((n, i) => {
      expect(n.index).toBe(i);
      expect(n.datadir).toBe(join(tmp, 'net', `node-${i}`));
      expect(n.log).toBe(join(n.datadir, 'node.log'));
      expect(n.httpUrl).toBe(`http://127.0.0.1:${n.ports.http}`);
      expect(n.wsUrl).toBe(`ws://127.0.0.1:${n.ports.ws}`);
      expect(n.pid).toBeUndefined();
    });
    expect(signers().map((n) => n.signer)).toEqual([signerKey(0), signerKey(1), signerKey(2)]);
    expect(plan.nodes[3]!.signer).toBeUndefined();
    expect(plan.accounts).toHaveLength(10);
  });

  it('writes devnet.json as the plan it returns', () => {
    expect(readDevnetState(plan.dir)).toEqual(plan);
  });

  it('writes a clique genesis the node parses: every fork through Cancun at 0, the signers in the extra-data', () => {
    const genesis = parseGenesis(readFileSync(plan.genesis, 'utf8'));
    const c = genesis.config;
    expect(c.chainId).toBe(1337n);
    expect(c.clique).toEqual({ period: 2, epoch: 30_000 });
    expect(c.terminalTotalDifficulty).toBeUndefined();
    expect(c.ethash).toBeUndefined();
    for (const fork of ['homesteadBlock', 'byzantiumBlock', 'petersburgBlock', 'istanbulBlock', 'berlinBlock', 'londonBlock'] as const) {
      expect(c[fork], fork).toBe(0n);
    }
    expect(c.shanghaiTime).toBe(0n);
    expect(c.cancunTime).toBe(0n);
    expect(c.pragueTime).toBeUndefined();
    expect(genesis.difficulty).toBe(1n);
    expect(genesis.gasLimit).toBe(30_000_000n);

    const addresses = signers().map((n) => n.signer!.address);
    const listed = checkpointSigners(genesis.extraData).map(bytesToHex);
    expect(listed).toEqual([...addresses].sort());
    expect(genesis.extraData.length).toBe(EXTRA_VANITY + 3 * 20 + EXTRA_SEAL);
    expect(genesis.extraData.subarray(0, EXTRA_VANITY).every((b) => b === 0)).toBe(true);
    expect(genesis.extraData.subarray(-EXTRA_SEAL).every((b) => b === 0)).toBe(true);
  });

  it('funds the signers and the ten development accounts with 10000 ether each', () => {
    const genesis = parseGenesis(readFileSync(plan.genesis, 'utf8'));
    const funded = [...signers().map((n) => n.signer!.address), ...devAccounts().map((a) => bytesToHex(a.address))];
    expect([...genesis.alloc.keys()].sort()).toEqual(funded.sort());
    for (const account of genesis.alloc.values()) expect(account.balance).toBe(DEVNET_BALANCE);
    expect(DEVNET_BALANCE).toBe(10_000n * 10n ** 18n);
    expect(plan.accounts.map((a) => a.address)).toEqual(devAccounts().map((a) => bytesToHex(a.address)));
  });

  it('initialises every datadir with that genesis', async () => {
    const hash = genesisBlock(parseGenesis(readFileSync(plan.genesis, 'utf8'))).header.hash;
    for (const node of plan.nodes) {
      expect(hasChaindata(node.datadir), node.datadir).toBe(true);
      const db = await openChaindata(node.datadir);
      try {
        expect(bytesToHex(readCanonicalHash(db.store, 0n)!)).toBe(bytesToHex(hash));
      } finally {
        await db.close();
      }
    }
  });

  it("imports each signer's key, decryptable with the password file; followers have no key", async () => {
    const password = readPasswordFile(plan.password);
    for (const node of plan.nodes) {
      const accounts = new KeystoreDir(keystorePath(node.datadir)).accounts();
      expect(existsSync(join(node.datadir, 'signer.key')), 'the plain key file is removed').toBe(false);
      if (node.signer === undefined) {
        expect(accounts).toEqual([]);
        continue;
      }
      expect(accounts.map((a) => bytesToHex(a.address))).toEqual([node.signer.address]);
      const file = readFileSync(accounts[0]!.path, 'utf8');
      const key = await decryptKey(file, password);
      expect(bytesToHex(key.privateKey)).toBe(node.signer.privateKey);
      await expect(decryptKey(file, password + 'x')).rejects.toThrow(DECRYPT_FAILED);
    }
  });

  it('gives signers the flags that seal, followers none, and every node its ports and the bootnodes', () => {
    const boot = '/ip4/127.0.0.1/tcp/30303/p2p/16Uiu2HAmExample';
    const signer = nodeArgs(plan, 0);
    const address = plan.nodes[0]!.signer!.address;
    expect(signer.join(' ')).toContain(`--mine --miner.etherbase ${address} --unlock ${address} --password ${plan.password}`);
    expect(signer).not.toContain('--bootnodes');
    const follower = nodeArgs(plan, 3, [boot, boot.replace('30303', '30304')]);
    expect(follower).not.toContain('--mine');
    expect(follower).not.toContain('--unlock');
    const value = (flag: string) => follower[follower.indexOf(flag) + 1];
    expect(value('--bootnodes')).toBe(`${boot},${boot.replace('30303', '30304')}`);
    expect(value('--datadir')).toBe(plan.nodes[3]!.datadir);
    expect(value('--port')).toBe(String(plan.nodes[3]!.ports.p2p));
    expect(value('--http.port')).toBe(String(plan.nodes[3]!.ports.http));
    expect(value('--ws.port')).toBe(String(plan.nodes[3]!.ports.ws));
    expect(value('--networkid')).toBe('1337');
    expect(value('--addr')).toBe('127.0.0.1');
    expect(value('--http.api')).toBe('eth,net,web3,txpool,admin');
    expect(() => nodeArgs(plan, 4)).toThrow('the devnet has no node 4');
  });
});

describe('createDevnet options', () => {
  it.each([
    [{ signers: 0 }, 'invalid signers 0: want a whole number from 1 to 64'],
    [{ signers: 2.5 }, 'invalid signers 2.5'],
    [{ nodes: -1 }, 'invalid nodes -1'],
    [{ signers: 60, nodes: 5 }, 'invalid nodes 5: want a whole number from 0 to 4'],
    [{ period: 1.5 }, 'invalid period 1.5'],
    [{ period: Number.NaN }, 'invalid period NaN'],
    [{ chainId: 0 }, 'invalid chainId 0'],
    [{ basePort: 65_530 }, 'invalid basePort 65530: want a whole number from 1 to 65524 (4 nodes use 12 ports from it)'],
    [{ command: [] }, 'command is empty'],
  ])('refuses %j before touching the folder', async (bad, message) => {
    const dir = join(tmp, 'never');
    const error = await createDevnet({ dir, command: FROM_SOURCE, ...bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DevnetError);
    expect((error as Error).message).toContain(message);
    expect(existsSync(dir)).toBe(false);
  });

  it('lays ports out from basePort, three per node, or picks distinct free ones', async () => {
    expect(await devnetPorts(2, 40_000)).toEqual([
      { p2p: 40_000, http: 40_001, ws: 40_002 },
      { p2p: 40_003, http: 40_004, ws: 40_005 },
    ]);
    const free = (await devnetPorts(5)).flatMap((p) => [p.p2p, p.http, p.ws]);
    expect(new Set(free).size).toBe(15);
  });

  it("keeps a folder that is someone's: non-empty without devnet.json, or with a devnet.json it cannot read", async () => {
    const theirs = join(tmp, 'theirs');
    mkdirSync(theirs);
    writeFileSync(join(theirs, 'notes.txt'), 'keep me');
    await expect(createDevnet({ dir: theirs, command: FROM_SOURCE })).rejects.toThrow(`${theirs} is not empty and holds no devnet`);
    expect(readFileSync(join(theirs, 'notes.txt'), 'utf8')).toBe('keep me');

    writeFileSync(join(theirs, 'devnet.json'), '{"version": 1, "nodes": [');
    await expect(createDevnet({ dir: theirs, command: FROM_SOURCE })).rejects.toThrow(/is not a devnet state file: .*not deleting/);
    expect(existsSync(join(theirs, 'notes.txt'))).toBe(true);
  });
});

/** A process whose command line names `datadir` as a node's does; with `stubborn` it ignores SIGTERM. */
async function fakeNodeProcess(datadir: string, stubborn: boolean): Promise<ChildProcess> {
  const script = `${stubborn ? "process.on('SIGTERM', () => {});" : ''} setInterval(() => {}, 1000); console.log('ready');`;
  const child = spawn(process.execPath, ['-e', script, '--', '--datadir', datadir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', () => reject(new Error('the fake node process ended')));
  });
  return child;
}

const ended = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.signalCode)
    : new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_, signal) => resolve(signal)));

describe('a devnet with running processes', () => {
  it('is not recreated while running; stopDevnet stops what is its own, kills what hangs, leaves other pids alone', async () => {
    const dir = join(tmp, 'running');
    const small: DevnetPlan = {
      ...plan,
      dir,
      nodes: plan.nodes.map((n) => ({ ...n, datadir: join(dir, `node-${n.index}`), log: join(dir, `node-${n.index}`, 'node.log') })),
    };
    mkdirSync(dir);
    const polite = await fakeNodeProcess(small.nodes[0]!.datadir, false);
    const stubborn = await fakeNodeProcess(small.nodes[1]!.datadir, true);
    // A pid that is alive but runs something else (this test): it must never be signalled.
    small.nodes[0]!.pid = polite.pid;
    small.nodes[1]!.pid = stubborn.pid;
    small.nodes[2]!.pid = process.pid;
    writeDevnetState(small);
    try {
      expect(runningNodes(readDevnetState(dir)).map((n) => n.index)).toEqual([0, 1]);
      await expect(createDevnet({ dir, command: FROM_SOURCE })).rejects.toThrow(
        `a devnet is running in ${dir} (pids ${polite.pid}, ${stubborn.pid}): stop it first`,
      );
      expect(existsSync(join(dir, 'devnet.json'))).toBe(true);

      const lines: string[] = [];
      const reports = await stopDevnet(dir, { graceMs: 500, onLog: (l) => lines.push(l) });
      expect(reports).toEqual([
        { index: 0, pid: polite.pid, outcome: 'stopped' },
        { index: 1, pid: stubborn.pid, outcome: 'killed' },
        { index: 2, pid: process.pid, outcome: 'not running' },
        { index: 3, pid: undefined, outcome: 'not running' },
      ]);
      expect(await ended(polite)).toBe('SIGTERM');
      expect(await ended(stubborn)).toBe('SIGKILL');
      expect(lines.join('\n')).toContain(`node 1: still running after 500 ms, SIGKILL to pid ${stubborn.pid}`);
      expect(readDevnetState(dir).nodes.map((n) => n.pid)).toEqual([undefined, undefined, undefined, undefined]);
      expect(await stopDevnet(dir)).toEqual(small.nodes.map((n) => ({ index: n.index, pid: undefined, outcome: 'not running' })));
    } finally {
      polite.kill('SIGKILL');
      stubborn.kill('SIGKILL');
    }

    // Stopped, it is recreated.
    const fresh = await createDevnet({ dir, signers: 1, nodes: 0, period: 5, chainId: 4242, command: FROM_SOURCE });
    expect(fresh.nodes.map((n) => n.role)).toEqual(['signer']);
    expect(parseGenesis(readFileSync(fresh.genesis, 'utf8')).config.chainId).toBe(4242n);
    expect(existsSync(join(dir, 'node-1'))).toBe(false);
  }, SETUP_MS);

  it('names the folder when there is no devnet to stop', async () => {
    await expect(stopDevnet(join(tmp, 'nothing'))).rejects.toThrow(`no devnet in ${join(tmp, 'nothing')}: devnet.json not found`);
  });
});
