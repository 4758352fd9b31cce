// The devnet methods Hardhat and Anvil users expect, served only on a dev chain: mining on demand, automine and
// interval mining, moving the clock, and snapshots of the chain head. The evm_ names are shared by both tools;
// anvil_mine and hardhat_mine are the same method under each tool's namespace.
//
// Not here: the state setters (setBalance, setCode, setNonce, setStorageAt) and account impersonation. A change
// of state must become part of the chain so that every later call sees it, and a block that carries one does not
// re-execute to its own state root on import; doing it properly needs a consensus-level hook, not an RPC method.
import { bytesEqual, type Bytes } from '../common/bytes.js';
import type { Block } from '../core/types/block.js';
import type { ChainBackend } from './backend.js';
import { serverError } from './jsonrpc.js';
import { decodeBool, decodeHexOrDecimal64, method, optional, param } from './params.js';
import type { RpcModule } from './registry.js';

/** What these methods need from the dev miner (the node's DevMiner). */
export interface DevMinerControl {
  readonly automine: boolean;
  timeOffset: bigint;
  sealBlock(options: { allowEmpty: boolean; timestamp?: bigint }): Promise<Block | undefined>;
  setAutomine(on: boolean): void;
  setIntervalMining(ms: number): void;
  increaseTime(seconds: bigint): bigint;
  setNextBlockTimestamp(timestamp: bigint): void;
  /** Waits until no block is being built or waiting to be. */
  idle(): Promise<void>;
}

/** More blocks than this in one anvil_mine call is refused: each one is built and stored. */
export const MAX_MINE_COUNT = 10_000n;

interface Snapshot {
  id: bigint;
  number: bigint;
  hash: Bytes;
  timeOffset: bigint;
}

const UINT = (name: string) => param(name, decodeHexOrDecimal64);

/** The evm, anvil and hardhat namespaces over `chain` and its dev miner. */
export function createDevModules(chain: ChainBackend, miner: DevMinerControl): RpcModule[] {
  const snapshots: Snapshot[] = [];
  let nextId = 1n;

  /** Runs `fn` with the miner's own sealing finished, its failures as server errors. */
  const withMiner = async <T>(fn: () => Promise<T> | T): Promise<T> => {
    await miner.idle();
    try {
      return await fn();
    } catch (e) {
      throw serverError(e instanceof Error ? e.message : String(e));
    }
  };

  const mine = (count: bigint | undefined, interval: bigint | undefined) =>
    withMiner(async () => {
      const n = count ?? 1n;
      if (n > MAX_MINE_COUNT) throw new Error(`cannot mine more than ${MAX_MINE_COUNT} blocks at once, asked ${n}`);
      const step = interval ?? 1n;
      if (n > 0n && step === 0n) throw new Error('interval between mined blocks must be at least 1 second');
      for (let i = 0n; i < n; i++) {
        // The first block takes the clock's time; the others follow it `step` seconds apart.
        const timestamp = i === 0n ? undefined : chain.currentHeader.timestamp + step;
        await miner.sealBlock({ allowEmpty: true, timestamp });
      }
    });

  const blockCount = optional(UINT('blocks'));
  const interval = optional(UINT('interval'));

  const evm: RpcModule = {
    namespace: 'evm',
    methods: {
      evm_mine: method([optional(UINT('timestamp'))], (timestamp) =>
        withMiner(async () => {
          await miner.sealBlock({ allowEmpty: true, timestamp });
          return '0x0';
        }),
      ),
      evm_setAutomine: method([param('enabled', decodeBool)], (on) => {
        miner.setAutomine(on);
        return true;
      }),
      evm_setIntervalMining: method([UINT('interval')], (ms) =>
        withMiner(() => {
          if (ms > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`mining interval ${ms} ms is too large`);
          miner.setIntervalMining(Number(ms));
          return true;
        }),
      ),
      evm_increaseTime: method([UINT('seconds')], (seconds) => withMiner(() => Number(miner.increaseTime(seconds)))),
      evm_setNextBlockTimestamp: method([UINT('timestamp')], (timestamp) =>
        withMiner(() => {
          miner.setNextBlockTimestamp(timestamp);
          return true;
        }),
      ),
      evm_snapshot: method([], () =>
        withMiner(() => {
          const head = chain.currentHeader;
          const id = nextId++;
          snapshots.push({ id, number: head.number, hash: head.hash, timeOffset: miner.timeOffset });
          return `0x${id.toString(16)}`;
        }),
      ),
      // As Hardhat: a revert consumes its snapshot and every later one; an unknown id answers false.
      evm_revert: method([UINT('id')], (id) =>
        withMiner(async () => {
          const at = snapshots.findIndex((s) => s.id === id);
          if (at < 0) return false;
          const snap = snapshots[at]!;
          snapshots.length = at;
          const canonical = chain.getCanonicalHash(snap.number);
          if (canonical === undefined || !bytesEqual(canonical, snap.hash)) return false;
          await chain.setHead(snap.number);
          miner.timeOffset = snap.timeOffset;
          return true;
        }),
      ),
    },
  };
  return [
    evm,
    { namespace: 'anvil', methods: { anvil_mine: method([blockCount, interval], async (n, i) => (await mine(n, i), null)) } },
    { namespace: 'hardhat', methods: { hardhat_mine: method([blockCount, interval], async (n, i) => (await mine(n, i), true)) } },
  ];
}
