import { afterEach, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, hexToBytes } from '../common/bytes.js';
import { txSender } from '../core/types/txSigner.js';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { Blockchain } from '../core/chain/blockchain.js';
import { SILENT_LOG, TEST_ADDRESSES, TEST_KEYS, testGenesis, transfer } from '../core/chain/testChain.js';
import { MemoryStore } from '../db/memoryStore.js';
import { DevMiner } from '../miner/devMiner.js';
import { TxPool } from '../txpool/txPool.js';
import { nodeRpcBackend } from '../node/rpcBackend.js';
import { createDevModules, MAX_MINE_COUNT } from './devApi.js';
import { createEthAccountsModule } from './ethAccounts.js';
import { Impersonation } from './impersonation.js';
import { unlockedKeys } from './unlockedKeys.js';
import { RpcRegistry } from './registry.js';

const COINBASE = bigintToFixedBytes(0xc0ffeen, 20);
const RECIPIENT = bigintToFixedBytes(0xbeefn, 20);
const APIS = new Set(['evm', 'anvil', 'hardhat', 'eth']);

let miner: DevMiner | undefined;
let pool: TxPool | undefined;
afterEach(async () => {
  await miner?.stop();
  await pool?.stop();
  miner = undefined;
  pool = undefined;
});

/** A dev chain with an on-demand miner (period 0) and the dev methods; the clock is fixed unless moved. */
async function setup(clockSeconds = 1_800_000_000, store = new MemoryStore()) {
  const chain = await Blockchain.open(store, { engine: new BeaconEngine(), genesis: testGenesis(), log: SILENT_LOG });
  pool = new TxPool({ chain, log: SILENT_LOG });
  await pool.start();
  const clock = { ms: clockSeconds * 1000 };
  miner = new DevMiner({ chain, pool, coinbase: COINBASE, period: 0, gasLimit: 30_000_000n, now: () => clock.ms, log: SILENT_LOG });
  await miner.start();
  const accounts = new Impersonation(unlockedKeys([{ address: TEST_ADDRESSES[0]!, privateKey: TEST_KEYS[0]! }]), chain);
  const registry = new RpcRegistry([
    ...createDevModules(chain, miner, accounts),
    createEthAccountsModule(nodeRpcBackend({ chain, txPool: pool, networkId: 1337n, clientVersion: 'test', dev: true, accounts })),
  ]);
  const call = async (name: string, ...params: unknown[]): Promise<unknown> => {
    const handler = registry.lookup(name, APIS);
    if (handler === undefined) throw new Error(`no method ${name}`);
    return await handler(params);
  };
  const balance = (addr = RECIPIENT) => chain.stateAtHeader(chain.currentHeader).getBalance(addr);
  return { chain, pool, miner, call, clock, balance, store };
}

describe('evm_mine', () => {
  it('seals an empty block on demand, at the clock time or at the timestamp given', async () => {
    const { chain, call } = await setup();
    expect(await call('evm_mine')).toBe('0x0');
    expect(chain.currentHeader.number).toBe(1n);
    expect(chain.currentHeader.timestamp).toBe(1_800_000_000n);
    await call('evm_mine', '0x77359400'); // 2_000_000_000
    expect(chain.currentHeader.number).toBe(2n);
    expect(chain.currentHeader.timestamp).toBe(2_000_000_000n);
    // Later blocks continue from the given time (the offset moved with it), one second on at least.
    await call('evm_mine');
    expect(chain.currentHeader.timestamp).toBe(2_000_000_001n);
  });

  it('refuses a timestamp not after the head, and bad parameters', async () => {
    const { chain, call } = await setup();
    await call('evm_mine', 1_900_000_000);
    await expect(call('evm_mine', 1_900_000_000)).rejects.toThrow(/not after the head's \(1900000000\)/);
    await expect(call('evm_mine', 'soon')).rejects.toThrow(/invalid argument 0 \(timestamp\)/);
    await expect(call('evm_mine', 1, 2)).rejects.toThrow(/too many arguments/);
    expect(chain.currentHeader.number).toBe(1n);
  });

  it('includes pending transactions when automine is off', async () => {
    const { chain, pool, miner, call, balance } = await setup();
    expect(await call('evm_setAutomine', false)).toBe(true);
    expect(miner.automine).toBe(false);
    expect(pool.add([transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 7n)])[0]!.ok).toBe(true);
    await miner.idle();
    expect(chain.currentHeader.number).toBe(0n);
    await call('evm_mine');
    expect(chain.currentBlock.transactions).toHaveLength(1);
    expect(balance()).toBe(7n);
  });
});

describe('evm_setAutomine / evm_setIntervalMining', () => {
  it('turning automine back on seals what is pending', async () => {
    const { chain, pool, miner, call } = await setup();
    await call('evm_setAutomine', false);
    pool.add([transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 1n)]);
    await miner.idle();
    expect(chain.currentHeader.number).toBe(0n);
    await call('evm_setAutomine', true);
    await miner.idle();
    expect(chain.currentHeader.number).toBe(1n);
    await expect(call('evm_setAutomine', 'yes')).rejects.toThrow(/expected true or false/);
  });

  it('interval mining seals empty blocks until set to 0', async () => {
    const { chain, miner, call } = await setup();
    expect(await call('evm_setIntervalMining', 20)).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    await call('evm_setIntervalMining', 0);
    await miner.idle();
    const mined = chain.currentHeader.number;
    expect(mined).toBeGreaterThan(1n);
    await new Promise((r) => setTimeout(r, 80));
    await miner.idle();
    expect(chain.currentHeader.number).toBe(mined);
    // Blocks sealed within the same second still get increasing timestamps.
    expect(chain.currentHeader.timestamp).toBe(chain.getHeaderByNumber(mined - 1n)!.timestamp + 1n);
  });
});

describe('evm_increaseTime / evm_setNextBlockTimestamp', () => {
  it('moves the next block timestamps and returns the total offset', async () => {
    const { chain, call } = await setup();
    expect(await call('evm_increaseTime', 100)).toBe(100);
    expect(await call('evm_increaseTime', '0x32')).toBe(150);
    await call('evm_mine');
    expect(chain.currentHeader.timestamp).toBe(1_800_000_150n);
    await expect(call('evm_increaseTime', -1)).rejects.toThrow(/invalid argument 0/);
  });

  it('fixes the next block timestamp once', async () => {
    const { chain, call, clock } = await setup();
    expect(await call('evm_setNextBlockTimestamp', 1_800_001_000)).toBe(true);
    await call('evm_mine');
    expect(chain.currentHeader.timestamp).toBe(1_800_001_000n);
    clock.ms += 5000;
    await call('evm_mine');
    expect(chain.currentHeader.timestamp).toBe(1_800_001_005n);
    await expect(call('evm_setNextBlockTimestamp', 1_800_001_005)).rejects.toThrow(/not after the head's/);
  });
});

describe('evm_snapshot / evm_revert', () => {
  it('rewinds the head, balances and time offset; a revert consumes its snapshot and later ones', async () => {
    const { chain, miner, pool, call, balance } = await setup();
    await call('evm_mine');
    const first = await call('evm_snapshot');
    expect(first).toBe('0x1');
    const hashAtFirst = chain.currentHeader.hash;
    pool.add([transfer(TEST_KEYS[0]!, 0n, RECIPIENT, 9n)]);
    await miner.idle();
    await call('evm_increaseTime', 500);
    const second = await call('evm_snapshot');
    expect(second).toBe('0x2');
    await call('hardhat_mine', 3);
    expect(chain.currentHeader.number).toBe(5n);
    expect(balance()).toBe(9n);

    expect(await call('evm_revert', first)).toBe(true);
    expect(chain.currentHeader.number).toBe(1n);
    expect(chain.currentHeader.hash).toEqual(hashAtFirst);
    expect(balance()).toBe(0n);
    expect(miner.timeOffset).toBe(0n);
    expect(await call('evm_revert', first)).toBe(false);
    expect(await call('evm_revert', second)).toBe(false);
    expect(await call('evm_revert', '0x99')).toBe(false);
    // The chain goes on from the snapshot.
    await call('evm_mine');
    expect(chain.currentHeader.number).toBe(2n);
  });

  it('keeps an earlier snapshot usable after reverting a later one', async () => {
    const { chain, call } = await setup();
    const first = await call('evm_snapshot');
    await call('evm_mine');
    const second = await call('evm_snapshot');
    await call('evm_mine');
    expect(await call('evm_revert', second)).toBe(true);
    expect(chain.currentHeader.number).toBe(1n);
    expect(await call('evm_revert', first)).toBe(true);
    expect(chain.currentHeader.number).toBe(0n);
  });
});

describe('anvil_mine / hardhat_mine', () => {
  it('mines a count of blocks an interval apart under both names', async () => {
    const { chain, call } = await setup();
    expect(await call('anvil_mine')).toBeNull();
    expect(chain.currentHeader.number).toBe(1n);
    const start = chain.currentHeader.timestamp;
    expect(await call('hardhat_mine', '0x3', '0x3c')).toBe(true);
    expect(chain.currentHeader.number).toBe(4n);
    expect(chain.getHeaderByNumber(2n)!.timestamp).toBe(start + 1n);
    expect(chain.getHeaderByNumber(3n)!.timestamp).toBe(start + 61n);
    expect(chain.getHeaderByNumber(4n)!.timestamp).toBe(start + 121n);
    await call('anvil_mine', 0);
    expect(chain.currentHeader.number).toBe(4n);
  });

  it('refuses too many blocks, a zero interval and bad counts', async () => {
    const { chain, call } = await setup();
    await expect(call('anvil_mine', `0x${(MAX_MINE_COUNT + 1n).toString(16)}`)).rejects.toThrow(/cannot mine more than 10000/);
    await expect(call('hardhat_mine', 2, 0)).rejects.toThrow(/at least 1 second/);
    await expect(call('anvil_mine', 'many')).rejects.toThrow(/invalid argument 0 \(blocks\)/);
    expect(chain.currentHeader.number).toBe(0n);
  });
});

describe('state setters (anvil_ and hardhat_)', () => {
  const OTHER = bigintToFixedBytes(0xabcden, 20);
  const word = (v: bigint) => bytesToHex(bigintToFixedBytes(v, 32));

  it('set balance, code, nonce and storage at once, without a block, answering as each tool does', async () => {
    const { chain, call, balance } = await setup();
    expect(await call('anvil_setBalance', bytesToHex(OTHER), '0xde0b6b3a7640000')).toBeNull();
    expect(await call('hardhat_setNonce', bytesToHex(OTHER), '0x7')).toBe(true);
    expect(await call('anvil_setCode', bytesToHex(OTHER), '0x6001600055')).toBeNull();
    expect(await call('hardhat_setStorageAt', bytesToHex(OTHER), '0x2', word(0x1234n))).toBe(true);
    expect(await call('anvil_setStorageAt', bytesToHex(OTHER), '0x3', word(5n))).toBe(true);
    expect(chain.currentHeader.number).toBe(0n);
    const state = chain.stateAtHeader(chain.currentHeader);
    expect(balance(OTHER)).toBe(10n ** 18n);
    expect(state.getNonce(OTHER)).toBe(7n);
    expect(bytesToHex(state.getCode(OTHER))).toBe('0x6001600055');
    expect(state.getState(OTHER, 2n)).toBe(0x1234n);
    expect(state.getState(OTHER, 3n)).toBe(5n);
    // The header keeps its own root; only reads through the chain see the edit.
    expect(chain.stateAt(chain.currentHeader.stateRoot).getBalance(OTHER)).toBe(0n);
  });

  it('a block built on an edited head imports, keeps the edits and carries them in its own root', async () => {
    const { chain, pool, call, balance } = await setup();
    const poor = TEST_ADDRESSES[1]!;
    await call('hardhat_setBalance', bytesToHex(poor), '0x0');
    expect(pool.add([transfer(TEST_KEYS[1]!, 0n, RECIPIENT, 1n)])[0]!.ok).toBe(false);
    await call('anvil_setBalance', bytesToHex(poor), '0x56bc75e2d63100000'); // 100 ether
    await call('hardhat_setBalance', bytesToHex(OTHER), '0x2a');
    expect(pool.add([transfer(TEST_KEYS[1]!, 0n, RECIPIENT, 1n)])[0]!.ok).toBe(true);
    await miner!.idle(); // automine
    expect(chain.currentHeader.number).toBe(1n);
    expect(chain.currentBlock.transactions).toHaveLength(1);
    expect(balance()).toBe(1n);
    expect(balance(OTHER)).toBe(42n);
    // The new block's state is its header's: nothing edited on top of it.
    expect(chain.stateRootOf(chain.currentHeader)).toEqual(chain.currentHeader.stateRoot);
  });

  it('a nonce set on the head drops pool transactions it makes stale', async () => {
    const { pool, call } = await setup();
    await call('evm_setAutomine', false);
    expect(pool.add([transfer(TEST_KEYS[2]!, 0n, RECIPIENT, 1n)])[0]!.ok).toBe(true);
    await call('anvil_setNonce', bytesToHex(TEST_ADDRESSES[2]!), '0x5');
    await new Promise((r) => setImmediate(r));
    expect(pool.status()).toEqual({ pending: 0, queued: 0 });
  });

  it('evm_revert undoes edits made after the snapshot, on the same head', async () => {
    const { call, balance } = await setup();
    await call('anvil_setBalance', bytesToHex(OTHER), '0x1');
    const id = await call('evm_snapshot');
    await call('anvil_setBalance', bytesToHex(OTHER), '0x2');
    expect(balance(OTHER)).toBe(2n);
    expect(await call('evm_revert', id)).toBe(true);
    expect(balance(OTHER)).toBe(1n);
  });

  it('edits survive reopening the store', async () => {
    const { call, store } = await setup();
    await call('anvil_setBalance', bytesToHex(OTHER), '0x99');
    await miner!.stop();
    await pool!.stop();
    const reopened = await Blockchain.open(store, { engine: new BeaconEngine(), log: SILENT_LOG });
    expect(reopened.stateAtHeader(reopened.currentHeader).getBalance(OTHER)).toBe(0x99n);
  });

  it('refuses bad arguments with -32602', async () => {
    const { call } = await setup();
    await expect(call('anvil_setBalance', '0x1234', '0x1')).rejects.toThrow(/invalid argument 0 \(address\)/);
    await expect(call('hardhat_setBalance', bytesToHex(OTHER), 'lots')).rejects.toThrow(/invalid argument 1 \(balance\)/);
    await expect(call('anvil_setStorageAt', bytesToHex(OTHER), '0x0', '0x01')).rejects.toThrow(/32 bytes/);
    await expect(call('anvil_setCode', bytesToHex(OTHER), '0x1')).rejects.toThrow(/invalid argument 1 \(code\)/);
    await expect(call('hardhat_setNonce', bytesToHex(OTHER))).rejects.toThrow(/missing value for required argument 1/);
  });
});

describe('impersonation', () => {
  const WHALE = bigintToFixedBytes(0x7a11en, 20);

  it('eth_sendTransaction from an impersonated account is mined with it as the sender, until stopped', async () => {
    const { chain, call, balance } = await setup();
    const send = () => call('eth_sendTransaction', { from: bytesToHex(WHALE), to: bytesToHex(RECIPIENT), value: '0x5', gas: '0x5208' });
    await expect(send()).rejects.toThrow(/unknown account/);
    await call('anvil_setBalance', bytesToHex(WHALE), '0xde0b6b3a7640000');
    expect(await call('hardhat_impersonateAccount', bytesToHex(WHALE))).toBe(true);
    const hash = (await send()) as string;
    await miner!.idle();
    expect(balance()).toBe(5n);
    const lookup = chain.getTransactionLookup(hexToBytes(hash))!;
    expect(bytesToHex(txSender(lookup.transaction))).toBe(bytesToHex(WHALE));
    expect(chain.stateAtHeader(chain.currentHeader).getNonce(WHALE)).toBe(1n);
    expect(await call('anvil_stopImpersonatingAccount', bytesToHex(WHALE))).toBeNull();
    await expect(send()).rejects.toThrow(/unknown account/);
  });

  it('two impersonated senders with identical transactions get distinct hashes; the sender is kept across a reopen', async () => {
    const { chain, call, store } = await setup();
    const other = bigintToFixedBytes(0x7a11fn, 20);
    await call('anvil_autoImpersonateAccount', true);
    await call('anvil_setBalance', bytesToHex(WHALE), '0xde0b6b3a7640000');
    await call('anvil_setBalance', bytesToHex(other), '0xde0b6b3a7640000');
    const tx = { to: bytesToHex(RECIPIENT), value: '0x1', gas: '0x5208', gasPrice: '0x3b9aca00' };
    const a = await call('eth_sendTransaction', { ...tx, from: bytesToHex(WHALE) });
    const b = await call('eth_sendTransaction', { ...tx, from: bytesToHex(other) });
    expect(a).not.toBe(b);
    await miner!.idle();
    expect(chain.currentHeader.number).toBeGreaterThan(0n);
    await miner!.stop();
    await pool!.stop();
    const reopened = await Blockchain.open(store, { engine: new BeaconEngine(), log: SILENT_LOG });
    const lookup = reopened.getTransactionLookup(hexToBytes(b as string))!;
    expect(bytesToHex(txSender(lookup.transaction))).toBe(bytesToHex(other));
  });
});
