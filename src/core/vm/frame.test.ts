import { describe, expect, it } from 'vitest';
import { Frame, gasLeft, peekCallGas, returnGas, setGas, takeCallGas, useGas } from './frame.js';
import { Evm } from './evm.js';
import { cancunRules, stateWith, testBlock, testTx } from './testEvm.js';

function frame(): Frame {
  return new Frame(new Evm(testBlock(), testTx(), stateWith(), cancunRules()));
}

describe('frame gas', () => {
  it('keeps gas beyond 2^53 exact in the reserve', () => {
    const f = frame();
    const big = (1n << 63n) - 1n;
    setGas(f, big);
    expect(gasLeft(f)).toBe(big);
    expect(useGas(f, 3)).toBe(true);
    expect(gasLeft(f)).toBe(big - 3n);
    // Drain the number part so the next charge has to borrow from the reserve.
    f.gas = 1;
    const before = gasLeft(f);
    expect(useGas(f, 10)).toBe(true);
    expect(gasLeft(f)).toBe(before - 10n);
  });

  it('refuses a charge it cannot pay without changing the gas', () => {
    const f = frame();
    setGas(f, 5n);
    expect(useGas(f, 6)).toBe(false);
    expect(gasLeft(f)).toBe(5n);
  });

  it('returned gas stays exact past 2^53', () => {
    const f = frame();
    setGas(f, BigInt(Number.MAX_SAFE_INTEGER) - 1n);
    returnGas(f, 10n);
    expect(gasLeft(f)).toBe(BigInt(Number.MAX_SAFE_INTEGER) + 9n);
  });

  it('takeCallGas leaves one 64th, in both representations', () => {
    const f = frame();
    setGas(f, 6400n);
    expect(peekCallGas(f, 10n ** 9n)).toBe(6300n);
    expect(takeCallGas(f, 10n ** 9n)).toBe(6300n);
    expect(gasLeft(f)).toBe(100n);
    setGas(f, 1n << 62n);
    expect(takeCallGas(f, 1n << 70n)).toBe((1n << 62n) - (1n << 56n));
    expect(gasLeft(f)).toBe(1n << 56n);
    setGas(f, 1000n);
    expect(takeCallGas(f, 7n)).toBe(7n);
    expect(gasLeft(f)).toBe(993n);
  });
});
