import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../common/bytes.js';
import { stateWith } from '../core/vm/testEvm.js';
import { ParamError } from './params.js';
import { applyStateOverrides, decodeStateOverrides } from './stateOverride.js';

const A = '0x' + 'aa'.repeat(20);
const slot = (n: number): string => '0x' + n.toString(16).padStart(64, '0');

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ParamError) return e.message;
    throw e;
  }
  throw new Error('expected a ParamError');
}

describe('state overrides', () => {
  it('decode every field', () => {
    const [o] = decodeStateOverrides({
      [A]: { balance: '0x10', nonce: '0x2', code: '0x6000', stateDiff: { [slot(1)]: slot(9) } },
    });
    expect(bytesToHex(o!.address)).toBe(A);
    expect(o!.balance).toBe(16n);
    expect(o!.nonce).toBe(2n);
    expect(bytesToHex(o!.code!)).toBe('0x6000');
    expect([...o!.stateDiff!]).toEqual([[1n, 9n]]);
  });

  it('refuse what cannot be applied, naming where', () => {
    expect(reason(() => decodeStateOverrides({ '0x12': {} }))).toMatch(/^key "0x12": hex string has length 2/);
    expect(reason(() => decodeStateOverrides({ [A]: { state: {}, stateDiff: {} } }))).toMatch(/has both 'state' and 'stateDiff'/);
    expect(reason(() => decodeStateOverrides({ [A]: { balanse: '0x1' } }))).toMatch(/unknown field "balanse"/);
    expect(reason(() => decodeStateOverrides({ [A]: { movePrecompileToAddress: A } }))).toMatch(/not supported/);
    expect(reason(() => decodeStateOverrides({ [A]: { state: { '0x1': slot(1) } } }))).toMatch(/slot "0x1"/);
    expect(reason(() => decodeStateOverrides({ [A]: { stateDiff: { [slot(1)]: '0x1' } } }))).toMatch(/want 64/);
    expect(reason(() => decodeStateOverrides({ [A]: { nonce: '0x10000000000000000' } }))).toMatch(/nonce: hex number > 64 bits/);
  });

  it('stateDiff changes the listed slots only; state replaces the whole storage', () => {
    const address = hexToBytes(A);
    const make = () => stateWith({ [A]: { balance: 5n, nonce: 3n, code: '0x6001', storage: { '1': 11n, '2': 22n } } });

    const diff = make();
    applyStateOverrides(diff, decodeStateOverrides({ [A]: { stateDiff: { [slot(1)]: slot(99) } } }));
    expect(diff.getState(address, 1n)).toBe(99n);
    expect(diff.getState(address, 2n)).toBe(22n);

    const whole = make();
    applyStateOverrides(whole, decodeStateOverrides({ [A]: { state: { [slot(3)]: slot(33) } } }));
    expect(whole.getState(address, 1n)).toBe(0n);
    expect(whole.getState(address, 2n)).toBe(0n);
    expect(whole.getState(address, 3n)).toBe(33n);
    // The rest of the account survives the storage replacement.
    expect(whole.getBalance(address)).toBe(5n);
    expect(whole.getNonce(address)).toBe(3n);
    expect(bytesToHex(whole.getCode(address))).toBe('0x6001');
    // Overridden values are the committed ones (what SSTORE pricing takes as original).
    expect(whole.getCommittedState(address, 3n)).toBe(33n);
  });

  it('sets balance, nonce and code, creating the account if needed', () => {
    const state = stateWith();
    const fresh = '0x' + 'bb'.repeat(20);
    applyStateOverrides(state, decodeStateOverrides({ [fresh]: { balance: '0x7', nonce: '0x1', code: '0x00' } }));
    const address = hexToBytes(fresh);
    expect(state.getBalance(address)).toBe(7n);
    expect(state.getNonce(address)).toBe(1n);
    expect(bytesToHex(state.getCode(address))).toBe('0x00');
  });
});
