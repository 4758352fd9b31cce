import { describe, expect, it } from 'vitest';
import { GasPool } from './gasPool.js';
import { StateTransitionError } from './stateTransitionError.js';

describe('GasPool', () => {
  it('hands out gas until it runs out, and takes back what was not used', () => {
    const pool = new GasPool(100n);
    pool.subGas(60n);
    expect(pool.gas).toBe(40n);
    pool.subGas(40n);
    expect(pool.gas).toBe(0n);
    pool.addGas(25n);
    expect(pool.gas).toBe(25n);
    pool.setGas(7n);
    expect(pool.gas).toBe(7n);
  });

  it('refuses more than it has, with geth\'s error, and stays as it was', () => {
    const pool = new GasPool(100n);
    let error: unknown;
    try {
      pool.subGas(101n);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateTransitionError);
    expect((error as StateTransitionError).code).toBe('gasLimitReached');
    expect((error as Error).message).toBe('gas limit reached: have 100, want 101');
    expect(pool.gas).toBe(100n);
  });

  it('rejects figures outside uint64', () => {
    expect(() => new GasPool(-1n)).toThrow('gas pool: -1 is not a uint64');
    const pool = new GasPool((1n << 64n) - 1n);
    expect(() => pool.addGas(1n)).toThrow(/is not a uint64/);
    expect(pool.gas).toBe((1n << 64n) - 1n);
    expect(() => pool.setGas(1n << 64n)).toThrow(/is not a uint64/);
  });
});
