// Test support for the EVM's unit tests: a small assembler for readable bytecode, an in-memory StateDB built
// from a genesis-like allocation, and a one-call runner with a fixed Cancun block context.
import { bytesToHex, hexToBytes, type Bytes } from '../../common/bytes.js';
import { MemoryStore } from '../../db/memoryStore.js';
import { StateDatabase } from '../state/stateDatabase.js';
import { StateDB } from '../state/stateDb.js';
import type { Rules } from '../../params/chainConfig.js';
import { rulesFor } from '../../params/chainConfig.js';
import { configForFork, type ForkName } from '../../params/forks.js';
import { Evm, type BlockContext, type CallResult, type TxContext } from './evm.js';
import { opcodeName } from './opcodes.js';
import { precompileAddresses } from './precompiles/registry.js';
import type { AccessListEntry } from './stateDb.js';
import type { EvmTracer } from './tracer.js';

const OPCODES = new Map<string, number>();
for (let op = 0; op < 256; op++) {
  const name = opcodeName(op);
  if (!name.startsWith('opcode')) OPCODES.set(name, op);
}

/**
 * Assembles whitespace-separated mnemonics. `PUSHn x` takes an immediate of exactly n bytes; `PUSH x` picks
 * the shortest PUSH for x (PUSH1 for zero); a bare hex token `0x..` is emitted as raw bytes.
 */
export function asm(source: string): Bytes {
  const out: number[] = [];
  const tokens = source.trim().split(/\s+/).filter((t) => t.length > 0);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === 'PUSH') {
      const value = BigInt(tokens[++i]!);
      let hex = value.toString(16);
      if (hex.length % 2 === 1) hex = '0' + hex;
      const bytes = hexToBytes(hex);
      out.push(0x5f + bytes.length, ...bytes);
      continue;
    }
    const op = OPCODES.get(token.toUpperCase());
    if (op !== undefined) {
      out.push(op);
      if (op >= 0x60 && op <= 0x7f) {
        const n = op - 0x5f;
        const value = BigInt(tokens[++i]!);
        const hex = value.toString(16).padStart(2 * n, '0');
        if (hex.length > 2 * n) throw new Error(`${token} immediate ${tokens[i]} does not fit`);
        out.push(...hexToBytes(hex));
      }
      continue;
    }
    if (token.startsWith('0x')) {
      out.push(...hexToBytes(token));
      continue;
    }
    throw new Error(`unknown token ${token}`);
  }
  return new Uint8Array(out);
}

export interface GenesisAccount {
  nonce?: bigint;
  balance?: bigint;
  /** Bytecode, or hex. */
  code?: Bytes | string;
  /** Slot (decimal or hex string) to value. */
  storage?: Record<string, bigint>;
}

/** A fresh in-memory StateDB holding `alloc` as committed state (accounts listed exist, even empty ones). */
export function stateWith(alloc: Record<string, GenesisAccount> = {}): StateDB {
  const state = new StateDB(new StateDatabase(new MemoryStore()));
  for (const [key, acc] of Object.entries(alloc)) {
    const address = hexToBytes(key);
    state.createAccount(address);
    if (acc.balance !== undefined) state.setBalance(address, acc.balance);
    if (acc.nonce !== undefined) state.setNonce(address, acc.nonce);
    if (acc.code !== undefined) state.setCode(address, typeof acc.code === 'string' ? hexToBytes(acc.code) : acc.code);
    for (const [slot, value] of Object.entries(acc.storage ?? {})) state.setState(address, BigInt(slot), value);
  }
  // Computing the root also fixes the storage roots the CREATE collision check reads.
  state.intermediateRoot(false);
  return state;
}

/** The logs the running transaction emitted (tests run without a transaction hash). */
export function logsOf(state: StateDB): ReturnType<StateDB['getLogs']> {
  return state.getLogs(new Uint8Array(32));
}

export const CONTRACT = hexToBytes('0x000000000000000000000000000000000000c0de');
export const CALLER = hexToBytes('0x00000000000000000000000000000000000ca11e');
export const COINBASE = hexToBytes('0x0000000000000000000000000000000000c01bbe');

export function cancunRules(fork: ForkName = 'Cancun'): Rules {
  return rulesFor(configForFork(fork), 1n, true, 1000n);
}

export function testBlock(overrides: Partial<BlockContext> = {}): BlockContext {
  return {
    coinbase: COINBASE,
    number: 1000n,
    time: 1_700_000_000n,
    gasLimit: 30_000_000n,
    baseFee: 7n,
    prevRandao: new Uint8Array(32).fill(0x42),
    difficulty: 0n,
    blobBaseFee: 1n,
    getHash: (n) => {
      const h = new Uint8Array(32);
      new DataView(h.buffer).setBigUint64(24, n + 0x1000n);
      return h;
    },
    ...overrides,
  };
}

export function testTx(overrides: Partial<TxContext> = {}): TxContext {
  return { origin: CALLER, gasPrice: 10n, blobHashes: [], ...overrides };
}

export interface RunOptions {
  input?: Bytes;
  gas?: bigint;
  value?: bigint;
  /** Extra accounts; the contract and the caller (with 10^18 wei) are added unless given here. */
  alloc?: Record<string, GenesisAccount>;
  rules?: Rules;
  block?: Partial<BlockContext>;
  tx?: Partial<TxContext>;
  tracer?: EvmTracer;
  /** The transaction's EIP-2930 access list (warm from the start). */
  accessList?: AccessListEntry[];
}

export interface RunResult extends CallResult {
  state: StateDB;
  evm: Evm;
  gasUsed: bigint;
}

/** Calls CONTRACT (holding `code`) from CALLER, with the access list prepared as a transaction would. */
export function runCode(code: Bytes | string, opts: RunOptions = {}): RunResult {
  const rules = opts.rules ?? cancunRules();
  const state = stateWith({
    [bytesToHex(CALLER)]: { balance: 10n ** 18n },
    [bytesToHex(CONTRACT)]: { code: typeof code === 'string' ? asm(code) : code },
    ...opts.alloc,
  });
  state.prepare(rules, CALLER, COINBASE, CONTRACT, precompileAddresses(rules), opts.accessList ?? []);
  const evm = new Evm(testBlock(opts.block), testTx(opts.tx), state, rules, { tracer: opts.tracer });
  const gas = opts.gas ?? 1_000_000n;
  const result = evm.call(CALLER, CONTRACT, opts.input ?? new Uint8Array(0), gas, opts.value ?? 0n);
  return { ...result, state, evm, gasUsed: gas - result.gasLeft };
}

/** Code that stores the top of the stack after `body` at memory 0 and returns that word. */
export function returnTop(body: string): string {
  return `${body} PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN`;
}
