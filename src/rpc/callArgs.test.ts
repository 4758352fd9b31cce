import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../common/bytes.js';
import { RpcError } from './jsonrpc.js';
import { callGas, callMessage, checkCallChainId, decodeCallArgs } from './callArgs.js';
import { ParamError } from './params.js';

const A = '0x' + '11'.repeat(20);
const B = '0x' + '22'.repeat(20);

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ParamError || e instanceof RpcError) return e.message;
    throw e;
  }
  throw new Error('expected an error');
}

describe('call arguments', () => {
  it('reads every field', () => {
    const args = decodeCallArgs({
      from: A,
      to: B,
      gas: '0x5208',
      maxFeePerGas: '0x10',
      maxPriorityFeePerGas: '0x1',
      value: '0x3',
      nonce: '0x4',
      input: '0xabcd',
      accessList: [{ address: B, storageKeys: ['0x' + '00'.repeat(32)] }],
      chainId: '0x539',
      maxFeePerBlobGas: '0x2',
      blobVersionedHashes: ['0x01' + '00'.repeat(31)],
      type: '0x2',
    });
    expect(bytesToHex(args.from!)).toBe(A);
    expect(args.gas).toBe(21000n);
    expect(bytesToHex(args.input!)).toBe('0xabcd');
    expect(args.accessList).toHaveLength(1);
    expect(args.blobVersionedHashes).toHaveLength(1);
  });

  it('takes "data" when "input" is absent, and refuses the two when they differ', () => {
    expect(bytesToHex(decodeCallArgs({ data: '0x01' }).input!)).toBe('0x01');
    expect(bytesToHex(decodeCallArgs({ data: '0x01', input: '0x01' }).input!)).toBe('0x01');
    expect(reason(() => decodeCallArgs({ data: '0x01', input: '0x02' }))).toMatch(/both "data" and "input" are set and not equal/);
  });

  it('refuses bad fields by name, mixed fee kinds and authorization lists', () => {
    expect(reason(() => decodeCallArgs({ to: '0x12' }))).toBe('to: hex string has length 2, want 40 for an address');
    expect(reason(() => decodeCallArgs({ gas: '0x01' }))).toBe('gas: hex number with leading zero digits');
    expect(reason(() => decodeCallArgs({ accessList: [{ storageKeys: [] }] }))).toBe('accessList: item 0: address: missing');
    expect(reason(() => decodeCallArgs({ gasPrice: '0x1', maxFeePerGas: '0x1' }))).toBe(
      'both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified',
    );
    expect(reason(() => decodeCallArgs({ authorizationList: [] }))).toMatch(/EIP-7702/);
    expect(reason(() => decodeCallArgs('0x'))).toBe('expected an object, got a string');
  });

  it('checks the chain id and caps the gas', () => {
    expect(() => checkCallChainId({ chainId: 1337n }, 1337n)).not.toThrow();
    expect(reason(() => checkCallChainId({ chainId: 1n }, 1337n))).toBe("chainId does not match node's (have=1, want=1337)");
    expect(callGas({}, 50_000_000n)).toBe(50_000_000n);
    expect(callGas({ gas: 100_000n }, 50_000_000n)).toBe(100_000n);
    expect(callGas({ gas: 60_000_000n }, 50_000_000n)).toBe(50_000_000n);
    expect(callGas({}, 0n)).toBe((1n << 63n) - 1n);
    expect(callGas({ gas: 60_000_000n }, 0n)).toBe(60_000_000n);
  });
});

describe('call messages', () => {
  it('pays nothing without fees, whatever the base fee', () => {
    const msg = callMessage({}, 1000n, 7n);
    expect([msg.gasPrice, msg.gasFeeCap, msg.gasTipCap]).toEqual([0n, 0n, 0n]);
    expect(bytesToHex(msg.from)).toBe('0x' + '00'.repeat(20));
    expect(msg.to).toBeUndefined();
    expect(msg.skipNonceChecks && msg.skipFromEoaCheck).toBe(true);
    expect(msg.blobHashes).toBeUndefined();
  });

  it('reads fees as geth does', () => {
    // EIP-1559 fields: price = min(tip + base fee, fee cap).
    expect(callMessage({ maxFeePerGas: 100n, maxPriorityFeePerGas: 2n }, 1n, 7n).gasPrice).toBe(9n);
    expect(callMessage({ maxFeePerGas: 8n, maxPriorityFeePerGas: 2n }, 1n, 7n).gasPrice).toBe(8n);
    // A legacy price stands for all three.
    const legacy = callMessage({ gasPrice: 20n }, 1n, 7n);
    expect([legacy.gasPrice, legacy.gasFeeCap, legacy.gasTipCap]).toEqual([20n, 20n, 20n]);
    // Before London only the legacy price counts.
    expect(callMessage({ maxFeePerGas: 100n }, 1n, undefined).gasPrice).toBe(0n);
  });

  it('gives blob hashes a zero blob fee cap unless one is set', () => {
    const hash = new Uint8Array(32);
    expect(callMessage({ blobVersionedHashes: [hash] }, 1n, 7n).blobGasFeeCap).toBe(0n);
    expect(callMessage({ blobVersionedHashes: [hash], maxFeePerBlobGas: 5n }, 1n, 7n).blobGasFeeCap).toBe(5n);
  });
});
