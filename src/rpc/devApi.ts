// The devnet methods Hardhat and Anvil users expect, served only on a dev chain: mining on demand, automine and
// interval mining, moving the clock, snapshots of the chain head, state setters and account impersonation. The
// evm_ names are shared by both tools; the others exist under both the anvil_ and the hardhat_ name, answering
// as each tool does (Anvil null where Hardhat says true).
//
// The setters edit the head's state outside any block (Blockchain.editHeadState): later calls and the next block
// see the change at once, without a block being mined, as in both tools.
import { bytesEqual, bytesToBigint, type Bytes } from '../common/bytes.js';
import type { StateDB } from '../core/state/stateDb.js';
import type { Block } from '../core/types/block.js';
import type { Header } from '../core/types/header.js';
import type { ChainBackend } from './backend.js';
import type { Impersonation } from './impersonation.js';
import { invalidParams, serverError } from './jsonrpc.js';
import {
  decodeAddress,
  decodeBool,
  decodeData,
  decodeHexOrDecimal64,
  decodeQuantity,
  method,
  optional,
  param,
  type RpcHandler,
} from './params.js';
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
  /** The head's state then, edits included. */
  stateRoot: Bytes;
  timeOffset: bigint;
}

const ADDRESS = param('address', decodeAddress);
const UINT256 = (name: string) => param(name, (v) => decodeQuantity(v));

/** A 32-byte storage value, as both tools require it (a shorter one is refused rather than padded). */
function decodeWord(v: unknown): bigint {
  const data = decodeData(v);
  if (data.length !== 32) throw invalidParams(`storage value must be 32 bytes, got ${data.length}`);
  return bytesToBigint(data);
}

/** A method served as anvil_<suffix> and hardhat_<suffix>: Anvil answers `anvilResult`, Hardhat true. */
type Twin = [suffix: string, handler: RpcHandler, anvilResult: unknown];

/** `handler` run for its effect, answering `result`. */
function answering(handler: RpcHandler, result: unknown): RpcHandler {
  return async (params, session) => {
    await handler(params, session);
    return result;
  };
}

const UINT = (name: string) => param(name, decodeHexOrDecimal64);

/** What the setters need from the chain (the Blockchain's dev-chain methods). */
export interface DevStateChain {
  editHeadState(edit: (state: StateDB) => void): Promise<Bytes>;
  setHeadStateRoot(root: Bytes): Promise<void>;
  stateRootOf(header: Header): Bytes;
}

/** The evm, anvil and hardhat namespaces over `chain`, its dev miner and the node's impersonation. */
export function createDevModules(
  chain: ChainBackend & DevStateChain,
  miner: DevMinerControl,
  impersonation: Impersonation,
): RpcModule[] {
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
          const stateRoot = chain.stateRootOf(head);
          snapshots.push({ id, number: head.number, hash: head.hash, stateRoot, timeOffset: miner.timeOffset });
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
          await chain.setHeadStateRoot(snap.stateRoot);
          miner.timeOffset = snap.timeOffset;
          return true;
        }),
      ),
    },
  };
  /** A state edit of the head, once the miner is idle (a block being built would not see it). */
  const edit = (fn: (state: StateDB) => void) => withMiner(() => chain.editHeadState(fn));

  const twins: Twin[] = [
    ['mine', method([blockCount, interval], mine), null],
    ['setBalance', method([ADDRESS, UINT256('balance')], (a, v) => edit((s) => s.setBalance(a, v))), null],
    ['setCode', method([ADDRESS, param('code', decodeData)], (a, code) => edit((s) => s.setCode(a, code))), null],
    ['setNonce', method([ADDRESS, UINT('nonce')], (a, nonce) => edit((s) => s.setNonce(a, nonce))), null],
    [
      'setStorageAt',
      method([ADDRESS, UINT256('slot'), param('value', decodeWord)], (a, slot, v) => edit((s) => s.setState(a, slot, v))),
      true,
    ],
    ['impersonateAccount', method([ADDRESS], (a) => impersonation.impersonate(a)), null],
    ['stopImpersonatingAccount', method([ADDRESS], (a) => impersonation.stopImpersonating(a)), null],
  ];
  const namespace = (name: 'anvil' | 'hardhat', extra: Record<string, RpcHandler> = {}): RpcModule => {
    const methods: Record<string, RpcHandler> = { ...extra };
    for (const [suffix, handler, anvilResult] of twins) {
      methods[`${name}_${suffix}`] = answering(handler, name === 'anvil' ? anvilResult : true);
    }
    return { namespace: name, methods };
  };
  const autoImpersonate = method([param('enabled', decodeBool)], (on) => impersonation.setAutoImpersonate(on));
  return [evm, namespace('anvil', { anvil_autoImpersonateAccount: answering(autoImpersonate, null) }), namespace('hardhat')];
}
