import { describe, expect, it } from 'vitest';
import { bytesToBigint, bytesToHex, hexToBytes } from '../../common/bytes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { rulesFor } from '../../params/chainConfig.js';
import { configForFork } from '../../params/forks.js';
import { createAddress } from './contractAddress.js';
import { Evm } from './evm.js';
import { precompileAddresses } from './precompiles/registry.js';
import { asm, CALLER, cancunRules, CONTRACT, returnTop, runCode, stateWith, testBlock, testTx, type GenesisAccount } from './testEvm.js';
import type { FrameEnter, FrameExit, StepInfo } from './tracer.js';

const SHA256 = hexToBytes('0x0000000000000000000000000000000000000002');
const BN_ADD = hexToBytes('0x0000000000000000000000000000000000000006');

function setup(alloc: Record<string, GenesisAccount> = {}) {
  const rules = cancunRules();
  const state = stateWith({ [bytesToHex(CALLER)]: { balance: 10n ** 18n }, ...alloc });
  state.prepare(rules, CALLER, testBlock().coinbase, undefined, precompileAddresses(rules), []);
  return { state, evm: new Evm(testBlock(), testTx(), state, rules) };
}

describe('Evm.call', () => {
  it('runs precompiles: price, output, out of gas, failure', () => {
    const { evm } = setup();
    const input = new Uint8Array([1, 2, 3]);
    const ok = evm.call(CALLER, SHA256, input, 100n, 0n);
    expect(ok.error).toBeUndefined();
    expect(ok.returnData).toEqual(sha256(input));
    expect(ok.gasLeft).toBe(100n - 72n);
    const short = evm.call(CALLER, SHA256, input, 71n, 0n);
    expect(short.error?.kind).toBe('outOfGas');
    expect(short.gasLeft).toBe(0n);
    const bad = evm.call(CALLER, BN_ADD, hexToBytes('0x' + '00'.repeat(31) + '01' + '00'.repeat(31) + '03'), 1000n, 0n);
    expect(bad.error?.kind).toBe('precompileFailure');
    expect(bad.gasLeft).toBe(0n);
  });

  it('transfers value, creating the recipient', () => {
    const { evm, state } = setup();
    const to = hexToBytes('0x00000000000000000000000000000000000000dd');
    const r = evm.call(CALLER, to, new Uint8Array(0), 21000n, 5n);
    expect(r.error).toBeUndefined();
    expect(r.gasLeft).toBe(21000n);
    expect(state.getBalance(to)).toBe(5n);
    expect(state.getBalance(CALLER)).toBe(10n ** 18n - 5n);
  });

  it('reports an unaffordable value transfer and keeps the gas', () => {
    const { evm } = setup();
    const r = evm.call(CALLER, CONTRACT, new Uint8Array(0), 1000n, 10n ** 19n);
    expect(r.error?.kind).toBe('insufficientBalance');
    expect(r.gasLeft).toBe(1000n);
  });

  it('stays exact with 2^63 - 1 gas', () => {
    const gas = (1n << 63n) - 1n;
    const r = runCode(returnTop('GAS'), { gas });
    expect(bytesToBigint(r.returnData)).toBe(gas - 2n);
    expect(r.gasLeft).toBe(gas - 17n); // GAS, 3 pushes, MSTORE and a word of memory
    const nested = runCode(returnTop('PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 ADDRESS PUSH1 1 CALL POP GAS'), { gas });
    expect(nested.error).toBeUndefined();
  });

  it('can run again after a failed call', () => {
    const { evm, state } = setup({ [bytesToHex(CONTRACT)]: { code: asm('PUSH1 1 PUSH1 0 SSTORE INVALID') } });
    expect(evm.call(CALLER, CONTRACT, new Uint8Array(0), 100_000n, 0n).error?.kind).toBe('invalidOpcode');
    expect(state.getState(CONTRACT, 0n)).toBe(0n);
    state.setCode(CONTRACT, asm('PUSH1 1 PUSH1 0 SSTORE STOP'));
    expect(evm.call(CALLER, CONTRACT, new Uint8Array(0), 100_000n, 0n).error).toBeUndefined();
    expect(state.getState(CONTRACT, 0n)).toBe(1n);
  });

  it('refuses rules before Berlin and Prague', () => {
    const state = stateWith();
    expect(() => new Evm(testBlock(), testTx(), state, rulesFor(configForFork('Istanbul'), 0n, false, 0n))).toThrow(/Berlin/);
    expect(() => new Evm(testBlock(), testTx(), state, rulesFor(configForFork('Prague'), 0n, true, 0n))).toThrow(/Prague/);
  });
});

describe('Evm.create', () => {
  const initcode = asm('PUSH1 0x2a PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 RETURN');

  it('deploys at the sender/nonce address and increments the sender nonce', () => {
    const { evm, state } = setup({ [bytesToHex(CALLER)]: { balance: 100n, nonce: 3n } });
    const r = evm.create(CALLER, initcode, 100_000n, 7n);
    expect(r.error).toBeUndefined();
    expect(bytesToHex(r.address)).toBe(bytesToHex(createAddress(CALLER, 3n)));
    expect(bytesToHex(state.getCode(r.address))).toBe('0x2a');
    expect(state.getNonce(CALLER)).toBe(4n);
    expect(state.getNonce(r.address)).toBe(1n);
    expect(state.getBalance(r.address)).toBe(7n);
    // 5 pushes/MSTORE8 with memory (3+3+3+3+3+3) + the 200-gas deposit of one byte.
    expect(r.gasLeft).toBe(100_000n - 18n - 200n);
    expect(r.returnData).toEqual(hexToBytes('0x2a'));
  });

  it('a failing initcode reverts everything but the sender nonce and consumes the gas', () => {
    const { evm, state } = setup();
    const r = evm.create(CALLER, asm('PUSH1 1 PUSH1 0 SSTORE INVALID'), 100_000n, 0n);
    expect(r.error?.kind).toBe('invalidOpcode');
    expect(r.gasLeft).toBe(0n);
    expect(state.getNonce(CALLER)).toBe(1n);
    expect(state.getNonce(r.address)).toBe(0n);
    expect(state.addressInAccessList(r.address)).toBe(true);
  });

  it('collides with an account that has code', () => {
    const target = createAddress(CALLER, 0n);
    const { evm } = setup({ [bytesToHex(target)]: { code: '0x00' } });
    const r = evm.create(CALLER, initcode, 100_000n, 0n);
    expect(r.error?.kind).toBe('contractAddressCollision');
    expect(r.gasLeft).toBe(0n);
  });

  it('fails on nonce overflow without using gas', () => {
    const { evm } = setup({ [bytesToHex(CALLER)]: { nonce: (1n << 64n) - 1n } });
    const r = evm.create(CALLER, initcode, 100_000n, 0n);
    expect(r.error?.kind).toBe('nonceOverflow');
    expect(r.gasLeft).toBe(100_000n);
  });
});

describe('tracer', () => {
  it('reports steps with gas and cost, and frames entered and left', () => {
    const steps: StepInfo[] = [];
    const enters: FrameEnter[] = [];
    const exits: FrameExit[] = [];
    const callee = '0x00000000000000000000000000000000000000aa';
    const r = runCode('PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH20 ' + callee + ' PUSH2 1000 CALL STOP', {
      alloc: { [callee]: { code: asm('PUSH1 1 STOP') } },
      tracer: { onStep: (s) => steps.push(s), onEnter: (e) => enters.push(e), onExit: (e) => exits.push(e) },
    });
    expect(r.error).toBeUndefined();
    expect(steps.map((s) => s.op)).toEqual([0x60, 0x60, 0x60, 0x60, 0x60, 0x73, 0x61, 0xf1, 0x60, 0x00, 0x00]);
    const call = steps[7]!;
    expect(call.depth).toBe(1);
    expect(call.stack).toHaveLength(7);
    // 100 warm + 2500 cold, and the 1000 handed on.
    expect(call.cost).toBe(3600n);
    expect(steps[8]!.depth).toBe(2);
    expect(steps[8]!.gas).toBe(1000n);
    expect(enters.map((e) => [e.type, e.depth])).toEqual([
      ['CALL', 1],
      ['CALL', 2],
    ]);
    expect(exits.map((e) => [e.depth, e.gasUsed])).toEqual([
      [2, 3n],
      [1, r.gasUsed],
    ]);
  });

  it('reports a failure before execution in onStep and one during it in onFault', () => {
    const steps: StepInfo[] = [];
    const faults: StepInfo[] = [];
    runCode('ADD', { tracer: { onStep: (s) => steps.push(s), onFault: (s) => faults.push(s) } });
    expect(steps[0]!.error?.kind).toBe('stackUnderflow');
    runCode('PUSH1 3 JUMP', { tracer: { onStep: (s) => steps.push(s), onFault: (s) => faults.push(s) } });
    expect(faults).toHaveLength(1);
    expect(faults[0]!.error?.kind).toBe('invalidJump');
  });

  it('traces CREATE frames and SELFDESTRUCT', () => {
    const enters: FrameEnter[] = [];
    runCode('PUSH1 0 PUSH1 0 PUSH1 0 CREATE POP PUSH1 0 SELFDESTRUCT', { tracer: { onEnter: (e) => enters.push(e) } });
    expect(enters.map((e) => e.type)).toEqual(['CALL', 'CREATE', 'SELFDESTRUCT']);
  });
});
