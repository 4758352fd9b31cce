import { describe, expect, it } from 'vitest';
import { CANCUN_BLOB_SCHEDULE } from '../../params/protocolFees.js';
import { calcBaseFee } from './eip1559.js';
import { calcBlobBaseFee, calcExcessBlobGas, fakeExponential } from './eip4844.js';
import { calcGasLimit, checkGasLimit } from './gasLimit.js';

describe('EIP-1559 base fee', () => {
  const parent = { gasLimit: 30_000_000n, baseFeePerGas: 1_000_000_000n };
  it('starts at 1 gwei on the first London block', () => {
    expect(calcBaseFee({ gasLimit: 10n, gasUsed: 5n }, false)).toBe(1_000_000_000n);
  });
  it('stays at target, rises by up to 1/8 when full, falls by up to 1/8 when empty', () => {
    expect(calcBaseFee({ ...parent, gasUsed: 15_000_000n }, true)).toBe(1_000_000_000n);
    expect(calcBaseFee({ ...parent, gasUsed: 30_000_000n }, true)).toBe(1_125_000_000n);
    expect(calcBaseFee({ ...parent, gasUsed: 0n }, true)).toBe(875_000_000n);
  });
  it('rises by at least 1 wei above target', () => {
    expect(calcBaseFee({ gasLimit: 30_000_000n, gasUsed: 15_000_001n, baseFeePerGas: 7n }, true)).toBe(8n);
  });
});

describe('EIP-4844 blob gas', () => {
  it('carries the excess over the target', () => {
    expect(calcExcessBlobGas({ excessBlobGas: 0n, blobGasUsed: 131072n }, CANCUN_BLOB_SCHEDULE)).toBe(0n);
    expect(calcExcessBlobGas({ excessBlobGas: 393216n, blobGasUsed: 786432n }, CANCUN_BLOB_SCHEDULE)).toBe(786432n);
    expect(calcExcessBlobGas({}, CANCUN_BLOB_SCHEDULE)).toBe(0n);
  });
  it('computes the fee with the EIP test values', () => {
    expect(fakeExponential(1n, 0n, 1n)).toBe(1n);
    expect(fakeExponential(38493n, 0n, 1000n)).toBe(38493n);
    expect(fakeExponential(0n, 1234n, 2345n)).toBe(0n);
    expect(fakeExponential(1n, 2n, 1n)).toBe(6n);
    expect(fakeExponential(2n, 5n, 2n)).toBe(23n);
    expect(fakeExponential(1n, 50000000n, 2225652n)).toBe(5709098764n);
    expect(calcBlobBaseFee(0n, CANCUN_BLOB_SCHEDULE)).toBe(1n);
    expect(calcBlobBaseFee(10_000_000n, CANCUN_BLOB_SCHEDULE)).toBe(19n);
  });
});

describe('gas limit bounds', () => {
  it('accepts moves below parent/1024 and rejects the rest', () => {
    expect(checkGasLimit(30_000_000n, 30_029_000n)).toBeUndefined();
    expect(checkGasLimit(30_000_000n, 30_029_297n)).toMatch(/invalid gas limit/);
    expect(checkGasLimit(5000n, 4999n)).toMatch(/below 5000/);
  });
  it('steps towards the desired limit', () => {
    expect(calcGasLimit(30_000_000n, 30_000_000n)).toBe(30_000_000n);
    expect(calcGasLimit(30_000_000n, 60_000_000n)).toBe(30_029_295n);
    expect(calcGasLimit(30_000_000n, 1_000n)).toBe(29_970_705n);
  });
});
