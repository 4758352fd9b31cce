// The EVM: message calls and contract creation over an EvmStateDB, following geth's core/vm/evm.go. Every call
// runs synchronously; a failing frame reverts its state changes through the journal and reports an EvmError,
// it never throws (exceptions out of here are bugs or failures of the state's storage).
//
// Nested calls do not recurse on the JavaScript stack. Starting a call (begin*) either finishes it at once
// (precompiles, empty code, failed checks) or pushes a frame; run() then executes frames in a loop: a CALL
// suspends its frame, the child runs, and when the child ends the parent is resumed with its result.
import { bytesEqual, EMPTY_BYTES, type Bytes } from '../../common/bytes.js';
import { keccak256, KECCAK256_EMPTY } from '../../crypto/keccak.js';
import type { Rules } from '../../params/chainConfig.js';
import { create2Address, createAddress } from './contractAddress.js';
import {
  ERR_ADDRESS_COLLISION,
  ERR_CODE_STORE_OUT_OF_GAS,
  ERR_DEPTH,
  ERR_INSUFFICIENT_BALANCE,
  ERR_INVALID_CODE,
  ERR_MAX_CODE_SIZE,
  ERR_NONCE_OVERFLOW,
  ERR_OUT_OF_GAS,
  precompileError,
  type EvmError,
} from './errors.js';
import { resume } from './callCompletion.js';
import { FAILED, Frame, gasLeft, REVERTED, RUNNING, SUSPENDED } from './frame.js';
import { CALL_CREATE_DEPTH, GAS_CREATE_DATA, MAX_CODE_SIZE } from './gasCosts.js';
import { runInterpreter } from './interpreter.js';
import { analyzeJumpdests, JumpdestCache, type JumpdestMap } from './jumpdest.js';
import { jumpTableFor, type JumpTable } from './jumpTable.js';
import { PrecompileFailure, type Precompile } from './precompiles/precompile.js';
import { precompileAt, precompilesFor } from './precompiles/registry.js';
import type { Address, EvmStateDB } from './stateDb.js';
import type { CallFrameType, EvmTracer } from './tracer.js';
import { addressToWord, bytes32ToWord, wordToBytes32 } from './words.js';

export interface BlockContext {
  coinbase: Bytes;
  number: bigint;
  time: bigint;
  gasLimit: bigint;
  baseFee: bigint;
  /** 32 bytes: the beacon chain's randomness after the merge (PREVRANDAO). */
  prevRandao: Bytes;
  /** Before the merge, DIFFICULTY. */
  difficulty: bigint;
  blobBaseFee: bigint;
  /** The hash of an earlier block (32 bytes), zero when unknown. */
  getHash(n: bigint): Bytes;
}

export interface TxContext {
  origin: Bytes;
  /** The effective gas price the sender pays. */
  gasPrice: bigint;
  /** EIP-4844 versioned hashes of the transaction's blobs. */
  blobHashes: Bytes[];
}

export interface CallResult {
  returnData: Bytes;
  gasLeft: bigint;
  /** Absent on success. A revert keeps gasLeft; any other error leaves no gas. */
  error?: EvmError;
}

export interface CreateResult extends CallResult {
  /** The address the contract was (or would have been) created at. */
  address: Bytes;
}

export interface EvmConfig {
  tracer?: EvmTracer;
}

type CallKind = 'CALL' | 'CALLCODE' | 'DELEGATECALL' | 'STATICCALL';
type CreateKind = 'CREATE' | 'CREATE2';

const NONCE_LIMIT = (1n << 64n) - 1n;

/** Jump analyses are shared by every EVM instance: code under a hash never changes. */
const sharedJumpdests = new JumpdestCache();
/**
 * Decoded wide PUSH immediates per code buffer. Keyed weakly by the code object itself (the state hands out the
 * same buffer for the same code while it is cached), so nothing outlives the code it describes.
 */
const sharedPushValues = new WeakMap<Bytes, (bigint | undefined)[]>();

export class Evm {
  blockContext: BlockContext;
  txContext: TxContext;
  readonly state: EvmStateDB;
  readonly rules: Rules;
  readonly tracer: EvmTracer | undefined;
  /** The tracer's onJump, looked up once: the jump instructions call it. */
  readonly onJump: (() => void) | undefined;
  /** Context values as stack words, computed once rather than per instruction. */
  originWord = 0n;
  readonly coinbaseWord: bigint;
  readonly prevRandaoWord: bigint;

  private readonly table: JumpTable;
  private readonly precompiles: readonly (Precompile | undefined)[];
  /** Number of frames running; 0 between calls. */
  private depth = 0;
  /** One frame per depth, reused: index d is the frame running at depth d. */
  private readonly frames: Frame[] = [];

  constructor(block: BlockContext, tx: TxContext, state: EvmStateDB, rules: Rules, config: EvmConfig = {}) {
    if (!rules.isBerlin) throw new Error('the EVM implements Berlin and later forks only');
    if (rules.isPrague) throw new Error('the EVM does not implement Prague');
    this.blockContext = block;
    this.txContext = tx;
    this.state = state;
    this.rules = rules;
    this.tracer = config.tracer;
    const tracer = config.tracer;
    this.onJump = tracer?.onJump === undefined ? undefined : () => tracer.onJump!();
    this.coinbaseWord = addressToWord(block.coinbase);
    this.prevRandaoWord = bytes32ToWord(block.prevRandao);
    this.table = jumpTableFor(rules);
    this.precompiles = precompilesFor(rules);
    this.setTxContext(tx);
  }

  /** Switches to the next transaction of the block. */
  setTxContext(tx: TxContext): void {
    this.txContext = tx;
    this.originWord = addressToWord(tx.origin);
  }

  /** The precompile at `address` under these rules, if any. */
  precompile(address: Address): Precompile | undefined {
    return precompileAt(this.precompiles, address);
  }

  pushValuesFor(code: Bytes): (bigint | undefined)[] {
    let values = sharedPushValues.get(code);
    if (values === undefined) {
      values = new Array<bigint | undefined>(code.length);
      sharedPushValues.set(code, values);
    }
    return values;
  }

  jumpdestsFor(code: Bytes, codeHash: Bytes | undefined): JumpdestMap {
    return codeHash === undefined ? analyzeJumpdests(code) : sharedJumpdests.get(codeHash, code);
  }

  // ---- entry points for the state transition ----

  /** A message call to `to`, transferring `value` from `caller` first. */
  call(caller: Address, to: Address, input: Bytes, gas: bigint, value: bigint): CallResult {
    return this.runTopLevel(() => this.beginCall('CALL', caller, to, to, input, gas, value, false));
  }

  /** Creates a contract at the address derived from `caller` and its nonce (which this increments). */
  create(caller: Address, initcode: Bytes, gas: bigint, value: bigint): CreateResult {
    const address = createAddress(caller, this.state.getNonce(caller));
    const result = this.runTopLevel(() => this.beginCreate('CREATE', caller, initcode, gas, value, address));
    return { ...result, address };
  }

  private runTopLevel(begin: () => CallResult | undefined): CallResult {
    if (this.depth !== 0) throw new Error('Evm.call/create are for the transaction itself, not for nested calls');
    try {
      return begin() ?? this.run(this.frames[this.depth]!);
    } finally {
      this.depth = 0;
    }
  }

  // ---- starting calls (also used by the CALL and CREATE instructions) ----

  /**
   * Starts a call of `kind`: `codeAddress`'s code runs on `address`'s account. Returns the result when the call
   * finishes at once; otherwise pushes the callee's frame and returns undefined (the caller suspends).
   * `value` moves from `caller` to `address` for CALL only; for DELEGATECALL it is the apparent value.
   */
  beginCall(
    kind: CallKind,
    caller: Address,
    address: Address,
    codeAddress: Address,
    input: Bytes,
    gas: bigint,
    value: bigint,
    isStatic: boolean,
    retOffset = 0,
    retSize = 0,
  ): CallResult | undefined {
    const tracer = this.tracer;
    // Tracers see the callee as `to` (for DELEGATECALL/CALLCODE the code's address).
    if (tracer !== undefined) this.enter(kind, kind === 'DELEGATECALL' ? address : caller, codeAddress, input, gas, value);
    if (this.depth > CALL_CREATE_DEPTH) return this.immediate(gas, fail(ERR_DEPTH, gas));
    const state = this.state;
    if ((kind === 'CALL' || kind === 'CALLCODE') && value !== 0n && state.getBalance(caller) < value) {
      return this.immediate(gas, fail(ERR_INSUFFICIENT_BALANCE, gas));
    }
    const snapshot = state.snapshot();
    const precompile = this.precompile(codeAddress);
    if (kind === 'CALL') {
      if (!state.exist(address)) {
        // EIP-158: a call with no value to a missing account does not bring it into existence.
        if (precompile === undefined && value === 0n) return this.immediate(gas, { returnData: EMPTY_BYTES, gasLeft: gas });
        state.createAccount(address);
      }
      this.transfer(caller, address, value);
    } else if (kind === 'STATICCALL') {
      // A zero-value touch, as geth does: it matters for empty accounts (EIP-161) on test networks.
      state.addBalance(address, 0n);
    }
    if (precompile !== undefined) return this.immediate(gas, this.settle(snapshot, runPrecompile(precompile, input, gas)));
    const code = state.getCode(codeAddress);
    if (code.length === 0) return this.immediate(gas, { returnData: EMPTY_BYTES, gasLeft: gas });
    const frame = this.push(kind, code, state.getCodeHash(codeAddress), gas, snapshot);
    frame.address = address;
    frame.caller = caller;
    frame.value = value;
    frame.input = input;
    frame.isStatic = isStatic || kind === 'STATICCALL';
    frame.retOffset = retOffset;
    frame.retSize = retSize;
    return undefined;
  }

  /** Starts creating a contract at `address` with `initcode`; as beginCall, undefined when a frame was pushed. */
  beginCreate(
    kind: CreateKind,
    caller: Address,
    initcode: Bytes,
    gas: bigint,
    value: bigint,
    address: Address,
  ): CallResult | undefined {
    if (this.tracer !== undefined) this.enter(kind, caller, address, initcode, gas, value);
    if (this.depth > CALL_CREATE_DEPTH) return this.immediate(gas, fail(ERR_DEPTH, gas));
    const state = this.state;
    if (value !== 0n && state.getBalance(caller) < value) return this.immediate(gas, fail(ERR_INSUFFICIENT_BALANCE, gas));
    const nonce = state.getNonce(caller);
    if (nonce >= NONCE_LIMIT) return this.immediate(gas, fail(ERR_NONCE_OVERFLOW, gas));
    state.setNonce(caller, nonce + 1n);
    // Warm even if the creation fails: this happens before the snapshot.
    state.addAddressToAccessList(address);
    if (this.occupied(address)) return this.immediate(gas, fail(ERR_ADDRESS_COLLISION, 0n));

    const snapshot = state.snapshot();
    if (!state.exist(address)) state.createAccount(address);
    state.createContract(address);
    state.setNonce(address, 1n);
    this.transfer(caller, address, value);
    if (initcode.length === 0) return this.immediate(gas, this.deposit(address, EMPTY_BYTES, gas));
    const frame = this.push(kind, initcode, undefined, gas, snapshot);
    frame.address = address;
    frame.caller = caller;
    frame.value = value;
    frame.input = EMPTY_BYTES;
    frame.isStatic = false;
    frame.retOffset = 0;
    frame.retSize = 0;
    return undefined;
  }

  /** The CREATE2 address (EIP-1014) for `caller`, a salt word and the initcode. */
  create2Address(caller: Address, initcode: Bytes, salt: bigint): Address {
    return create2Address(caller, wordToBytes32(salt), keccak256(initcode));
  }

  /** The CREATE address for `caller` at its current nonce. */
  createAddress(caller: Address): Address {
    return createAddress(caller, this.state.getNonce(caller));
  }

  /** Sends the whole balance of `self` to `beneficiary` on SELFDESTRUCT, with the tracer's frame around it. */
  selfDestruct(self: Address, beneficiary: Address): void {
    const state = this.state;
    const balance = state.getBalance(self);
    if (this.tracer !== undefined) this.enter('SELFDESTRUCT', self, beneficiary, EMPTY_BYTES, 0n, balance);
    if (this.rules.isCancun) {
      // EIP-6780: the account itself only goes away if it was created in this transaction.
      state.subBalance(self, balance);
      state.addBalance(beneficiary, balance);
      state.selfDestruct6780(self);
    } else {
      state.addBalance(beneficiary, balance);
      state.selfDestruct(self);
    }
    if (this.tracer !== undefined) this.exit(0n, { returnData: EMPTY_BYTES, gasLeft: 0n });
  }

  // ---- running frames ----

  private push(kind: CallFrameType, code: Bytes, codeHash: Bytes | undefined, gas: bigint, snapshot: number): Frame {
    const depth = ++this.depth;
    const frame = this.frames[depth] ?? (this.frames[depth] = new Frame(this));
    frame.reset(code, codeHash, gas);
    frame.kind = kind;
    frame.depth = depth;
    frame.snapshot = snapshot;
    frame.gasIn = gas;
    return frame;
  }

  /** Runs `base` and every frame it starts until `base` ends; returns its settled result. */
  private run(base: Frame): CallResult {
    let f = base;
    for (;;) {
      runInterpreter(f, this.table);
      if (f.status === SUSPENDED) {
        f.status = RUNNING;
        f = this.frames[this.depth]!;
        continue;
      }
      const result = this.finish(f);
      if (f === base) return result;
      const parent = this.frames[this.depth]!;
      resume(parent, f, result);
      f = parent;
    }
  }

  /** Turns an ended frame into its result: deposit for creations, revert on failure; pops the frame. */
  private finish(f: Frame): CallResult {
    let result: CallResult;
    if (f.status === FAILED) {
      result = { returnData: EMPTY_BYTES, gasLeft: 0n, error: f.error! };
    } else if (f.status === REVERTED) {
      result = { returnData: f.output, gasLeft: gasLeft(f), error: f.error! };
    } else if (f.kind === 'CREATE' || f.kind === 'CREATE2') {
      result = this.deposit(f.address, f.output, gasLeft(f));
    } else {
      result = { returnData: f.output, gasLeft: gasLeft(f) };
    }
    result = this.settle(f.snapshot, result);
    // Drop references the pooled frame would otherwise keep alive until its next use.
    f.input = EMPTY_BYTES;
    f.returnData = EMPTY_BYTES;
    f.output = EMPTY_BYTES;
    this.depth--;
    if (this.tracer !== undefined) this.exit(f.gasIn, result);
    return result;
  }

  /** A result that did not need a frame: reported to the tracer as a frame that ended at once. */
  private immediate(gas: bigint, result: CallResult): CallResult {
    if (this.tracer !== undefined) this.exit(gas, result);
    return result;
  }

  /** An address is taken when it has a nonce, code or storage (EIP-684, EIP-7610). */
  private occupied(address: Address): boolean {
    const state = this.state;
    if (state.getNonce(address) !== 0n) return true;
    const codeHash = state.getCodeHash(address);
    if (!isZero(codeHash) && !bytesEqual(codeHash, KECCAK256_EMPTY)) return true;
    return state.hasStorage(address);
  }

  /** Stores the code an initcode returned, after EIP-170, EIP-3541 and the 200 gas per byte deposit. */
  private deposit(address: Address, code: Bytes, gas: bigint): CallResult {
    if (code.length > MAX_CODE_SIZE) return fail(ERR_MAX_CODE_SIZE, 0n);
    if (code.length > 0 && code[0] === 0xef) return fail(ERR_INVALID_CODE, 0n);
    const cost = BigInt(code.length * GAS_CREATE_DATA);
    if (gas < cost) return fail(ERR_CODE_STORE_OUT_OF_GAS, 0n);
    this.state.setCode(address, code);
    return { returnData: code, gasLeft: gas - cost };
  }

  /** Reverts a failed call's changes; any failure but a revert also takes all its gas. */
  private settle(snapshot: number, result: CallResult): CallResult {
    const error = result.error;
    if (error === undefined) return result;
    this.state.revertToSnapshot(snapshot);
    return error.kind === 'revert' ? result : fail(error, 0n);
  }

  private transfer(from: Address, to: Address, value: bigint): void {
    // Even a zero transfer touches both accounts (EIP-161 clears touched empty accounts).
    this.state.subBalance(from, value);
    this.state.addBalance(to, value);
  }

  private enter(type: CallFrameType, from: Address, to: Address, input: Bytes, gas: bigint, value: bigint): void {
    this.tracer!.onEnter?.({ type, depth: this.depth + 1, from, to, input, gas, value });
  }

  private exit(gas: bigint, result: CallResult): void {
    const exit = { depth: this.depth + 1, output: result.returnData, gasUsed: gas - result.gasLeft };
    this.tracer!.onExit?.(result.error === undefined ? exit : { ...exit, error: result.error });
  }
}

function fail(error: EvmError, gasLeft: bigint): CallResult {
  return { returnData: EMPTY_BYTES, gasLeft, error };
}

function runPrecompile(precompile: Precompile, input: Bytes, gas: bigint): CallResult {
  const cost = precompile.gas(input);
  if (gas < cost) return fail(ERR_OUT_OF_GAS, 0n);
  try {
    return { returnData: precompile.run(input), gasLeft: gas - cost };
  } catch (e) {
    if (e instanceof PrecompileFailure) return fail(precompileError(e.message), 0n);
    throw e;
  }
}

function isZero(bytes: Bytes): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}
