// EVM throughput in million gas per second, ours against @ethereumjs/evm 10 on the same solc-compiled bytecode
// with the same gas limit, in the same process. Each run is one top-level call (or creation) as a transaction
// would make it: the sender, the target, the coinbase and the precompiles warm, fresh storage originals, no
// transient storage, and the state put back afterwards so that every run does the same work. Both EVMs must use
// the same gas on every run; a difference aborts the benchmark.
//
// Both sides run on a trie-backed state: ours the node's StateDB over a MemoryStore, ethereumjs its
// MerkleStateManager with caches (as its VM uses). ethereumjs is also timed on its map-only SimpleStateManager
// (its EVM's default) and the ratio is taken against the faster of the two.
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM } from '@ethereumjs/evm';
import { Caches, MerkleStateManager, SimpleStateManager } from '@ethereumjs/statemanager';
import { Account, Address as EthjsAddress } from '@ethereumjs/util';
import { fileURLToPath } from 'node:url';
import { bytesToHex, concatBytes, hexToBytes, type Bytes } from '../../src/common/bytes.js';
import { StateDatabase } from '../../src/core/state/stateDatabase.js';
import { StateDB } from '../../src/core/state/stateDb.js';
import { Evm, type BlockContext } from '../../src/core/vm/evm.js';
import { precompileAddresses } from '../../src/core/vm/precompiles/registry.js';
import { MemoryStore } from '../../src/db/memoryStore.js';
import { rulesFor } from '../../src/params/chainConfig.js';
import { configForFork } from '../../src/params/forks.js';
import { encodeAbi, encodeCall } from '../../test/integration/abi.js';
import { compileDirectory } from '../../test/integration/solc.js';
import type { BenchResult } from './measure.js';

const GAS = 30_000_000n;
const CALLER = hexToBytes('0x00000000000000000000000000000000000ca11e');
const TARGET = hexToBytes('0x000000000000000000000000000000000000c0de');
const COINBASE = hexToBytes('0x0000000000000000000000000000000000c01bbe');
const BALANCE = 10n ** 24n;
const BLOCK_NUMBER = 1n;
const BLOCK_TIME = 1_700_000_000n;

interface Workload {
  name: string;
  /** Runtime code at TARGET; undefined for a creation, whose initcode is `data`. */
  code: Bytes | undefined;
  data: Bytes;
}

function workloads(): Workload[] {
  const compiled = compileDirectory(fileURLToPath(new URL('./fixtures', import.meta.url)), { evmVersion: 'cancun' });
  const get = (name: string) => {
    const c = compiled.get(name);
    if (c === undefined) throw new Error(`bench fixtures: no contract ${name}`);
    return c;
  };
  const loops = get('Workloads').deployedBytecode;
  return [
    { name: 'arithmetic loop', code: loops, data: encodeCall('arithmeticLoop(uint256)', [4_000n]) },
    { name: 'SSTORE/SLOAD, 100 slots', code: loops, data: encodeCall('storageLoop(uint256)', [100n]) },
    { name: 'keccak256 of 256 B, loop', code: loops, data: encodeCall('hashLoop(uint256)', [2_000n]) },
    {
      name: 'ERC-20 deployment',
      code: undefined,
      data: concatBytes(
        get('Token').bytecode,
        encodeAbi(['string', 'string', 'uint256'], ['Bench Token', 'BENCH', 10n ** 27n]),
      ),
    },
  ];
}

/** One run: the gas it used and its output (return data, or the deployed code). */
type Runner = () => RunResult | Promise<RunResult>;

interface RunResult {
  gas: bigint;
  output: Bytes;
}

function ourRunner(w: Workload): Runner {
  const rules = rulesFor(configForFork('Cancun'), BLOCK_NUMBER, true, BLOCK_TIME);
  const store = new MemoryStore();
  const db = new StateDatabase(store);
  const genesis = new StateDB(db);
  genesis.setBalance(CALLER, BALANCE);
  if (w.code !== undefined) {
    genesis.setCode(TARGET, w.code);
    genesis.setNonce(TARGET, 1n);
  }
  // Committed and reopened, so that reads come from the trie as they do in a block.
  const state = new StateDB(db, genesis.commit(store, true));
  const block: BlockContext = {
    coinbase: COINBASE,
    number: BLOCK_NUMBER,
    time: BLOCK_TIME,
    gasLimit: GAS,
    baseFee: 7n,
    prevRandao: new Uint8Array(32),
    difficulty: 0n,
    blobBaseFee: 1n,
    getHash: () => new Uint8Array(32),
  };
  const evm = new Evm(block, { origin: CALLER, gasPrice: 7n, blobHashes: [] }, state, rules);
  const precompiles = precompileAddresses(rules);
  const to = w.code === undefined ? undefined : TARGET;
  return () => {
    state.prepare(rules, CALLER, COINBASE, to, precompiles, []);
    const snapshot = state.snapshot();
    const r = to === undefined ? evm.create(CALLER, w.data, GAS, 0n) : evm.call(CALLER, to, w.data, GAS, 0n);
    if (r.error !== undefined) throw new Error(`${w.name}: ours failed: ${r.error.message}`);
    state.revertToSnapshot(snapshot);
    return { gas: GAS - r.gasLeft, output: r.returnData };
  };
}

async function ethereumjsRunner(w: Workload, merkle: boolean): Promise<Runner> {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
  const stateManager = merkle ? new MerkleStateManager({ common, caches: new Caches() }) : new SimpleStateManager({ common });
  const evm: EVM = await createEVM({ common, stateManager });
  const caller = new EthjsAddress(CALLER);
  const target = new EthjsAddress(TARGET);
  await stateManager.putAccount(caller, new Account(0n, BALANCE));
  if (w.code !== undefined) {
    await stateManager.putAccount(target, new Account(1n));
    await stateManager.putCode(target, w.code);
  }
  const block = {
    header: {
      number: BLOCK_NUMBER,
      coinbase: new EthjsAddress(COINBASE),
      timestamp: BLOCK_TIME,
      difficulty: 0n,
      prevRandao: new Uint8Array(32),
      gasLimit: GAS,
      baseFeePerGas: 7n,
      getBlobGasPrice: () => 1n,
    },
  };
  const warm = [CALLER, COINBASE, ...(w.code === undefined ? [] : [TARGET])].map(bytesToHex);
  for (const p of evm.precompiles.keys()) warm.push(p);
  return async () => {
    // What @ethereumjs/vm's runTx does around a transaction's message.
    await evm.journal.cleanup();
    stateManager.originalStorageCache.clear();
    for (const a of warm) evm.journal.addAlwaysWarmAddress(a);
    await stateManager.checkpoint();
    const r = await evm.runCall({
      caller,
      origin: caller,
      to: w.code === undefined ? undefined : target,
      data: w.data,
      gasLimit: GAS,
      gasPrice: 7n,
      block: block as never,
    });
    evm.transientStorage.clear();
    await stateManager.revert();
    const error = r.execResult.exceptionError;
    if (error !== undefined) throw new Error(`${w.name}: ethereumjs failed: ${error.error}`);
    return { gas: r.execResult.executionGasUsed, output: r.execResult.returnValue };
  };
}

/**
 * Gas per second of each runner. The runners take turns in short slices (after a warm-up slice each), so that a
 * change in the machine's load (it is shared) weighs on all of them alike. Every run must use `gasPerRun`.
 */
async function gasPerSecond(runners: Runner[], gasPerRun: bigint, what: string, rounds = 6, sliceMs = 300): Promise<number[]> {
  const runs = runners.map(() => 0);
  const elapsed = runners.map(() => 0);
  for (let round = -1; round < rounds; round++) {
    for (let i = 0; i < runners.length; i++) {
      const start = performance.now();
      let now = start;
      let n = 0;
      while (now - start < sliceMs) {
        const { gas } = await runners[i]!();
        if (gas !== gasPerRun) throw new Error(`${what}: runner ${i} used ${gas} gas in a run, ${gasPerRun} in the first`);
        n++;
        now = performance.now();
      }
      // Round -1 is the warm-up.
      if (round >= 0) {
        runs[i]! += n;
        elapsed[i]! += now - start;
      }
    }
  }
  return runs.map((n, i) => (n * Number(gasPerRun) * 1000) / elapsed[i]!);
}

export async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const w of workloads()) {
    const ours = ourRunner(w);
    const merkle = await ethereumjsRunner(w, true);
    const simple = await ethereumjsRunner(w, false);
    const first = await ours();
    const gas = first.gas;
    for (const theirs of [await merkle(), await simple()]) {
      if (theirs.gas !== gas) throw new Error(`${w.name}: gas differs: ours ${gas}, ethereumjs ${theirs.gas}`);
      if (bytesToHex(theirs.output) !== bytesToHex(first.output)) throw new Error(`${w.name}: outputs differ`);
    }
    const [a, b, c] = (await gasPerSecond([ours, merkle, simple], gas, w.name)) as [number, number, number];
    const best = Math.max(b, c);
    results.push({
      name: `evm ${w.name}`,
      value: a / 1e6,
      unit: 'Mgas/s',
      note:
        `ethereumjs ${(b / 1e6).toFixed(2)} Mgas/s trie state, ${(c / 1e6).toFixed(2)} map state; ` +
        `${(a / best).toFixed(2)}x the faster; ${gas} gas per run`,
    });
  }
  return results;
}
