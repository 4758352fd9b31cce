import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../common/bytes.js';
import { INVALID_PARAMS, RpcError } from './jsonrpc.js';
import {
  decodeAddress,
  decodeArray,
  decodeBool,
  decodeData,
  decodeField,
  decodeHash,
  decodeHexOrDecimal64,
  decodeIndex,
  decodeNumber,
  decodeObject,
  decodeQuantity,
  decodeStorageKey,
  decodeUint64,
  method,
  optional,
  param,
  ParamError,
} from './params.js';

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ParamError) return e.message;
    throw e;
  }
  throw new Error('expected a ParamError');
}

describe('value decoders', () => {
  it('reads quantities with geth rules', () => {
    expect(decodeQuantity('0x0')).toBe(0n);
    expect(decodeQuantity('0x1f')).toBe(31n);
    expect(decodeQuantity('0X1F')).toBe(31n);
    expect(reason(() => decodeQuantity('0x'))).toBe('hex string "0x"');
    expect(reason(() => decodeQuantity('0x01'))).toBe('hex number with leading zero digits');
    expect(reason(() => decodeQuantity('12'))).toBe('hex string without 0x prefix');
    expect(reason(() => decodeQuantity('0xzz'))).toBe('invalid hex string');
    expect(reason(() => decodeQuantity(12))).toBe('expected a hex quantity, got a number');
    expect(reason(() => decodeQuantity('0x1' + '0'.repeat(64)))).toBe('hex number > 256 bits');
    expect(decodeUint64('0xffffffffffffffff')).toBe((1n << 64n) - 1n);
    expect(reason(() => decodeUint64('0x10000000000000000'))).toBe('hex number > 64 bits');
    expect(decodeIndex('0x2')).toBe(2);
  });

  it('reads data, addresses and hashes', () => {
    expect(bytesToHex(decodeData('0x'))).toBe('0x');
    expect(bytesToHex(decodeData('0xABcd'))).toBe('0xabcd');
    expect(reason(() => decodeData('0xabc'))).toBe('hex string of odd length');
    expect(reason(() => decodeData('abcd'))).toBe('hex string without 0x prefix');
    expect(reason(() => decodeData('0xgg'))).toBe('invalid hex string');
    const addr = '0x' + 'ab'.repeat(20);
    expect(bytesToHex(decodeAddress(addr))).toBe(addr);
    expect(reason(() => decodeAddress('0x' + 'ab'.repeat(19)))).toBe('hex string has length 38, want 40 for an address');
    expect(reason(() => decodeAddress('ab'.repeat(20)))).toMatch(/without 0x prefix/);
    expect(reason(() => decodeHash('0x' + '00'.repeat(31)))).toBe('hex string has length 62, want 64 for a 32-byte hash');
    expect(reason(() => decodeHash(null))).toMatch(/got null/);
  });

  it('reads storage keys leniently, as geth does', () => {
    expect(decodeStorageKey('0x5')).toEqual({ key: decodeHash('0x' + '0'.repeat(63) + '5'), length: 1 });
    expect(decodeStorageKey('05').length).toBe(1);
    expect(decodeStorageKey('0x' + '00'.repeat(32)).length).toBe(32);
    expect(reason(() => decodeStorageKey('0x' + '00'.repeat(33)))).toBe('hex string too long, want at most 32 bytes');
    expect(reason(() => decodeStorageKey('0xqq'))).toBe('hex string invalid');
  });

  it('reads hex-or-decimal counts, booleans, numbers, arrays and objects', () => {
    expect(decodeHexOrDecimal64('0x10')).toBe(16n);
    expect(decodeHexOrDecimal64('10')).toBe(10n);
    expect(decodeHexOrDecimal64(10)).toBe(10n);
    expect(reason(() => decodeHexOrDecimal64(-1))).toBe('invalid unsigned integer -1');
    expect(reason(() => decodeHexOrDecimal64('1.5'))).toMatch(/invalid integer/);
    expect(reason(() => decodeHexOrDecimal64('0x1' + '0'.repeat(16)))).toBe('integer > 64 bits');
    expect(decodeBool(true)).toBe(true);
    expect(reason(() => decodeBool('true'))).toBe('expected true or false, got a string');
    expect(decodeNumber(2.5)).toBe(2.5);
    expect(reason(() => decodeNumber('1'))).toMatch(/expected a number/);
    expect(decodeArray(['0x1', '0x2'], decodeQuantity)).toEqual([1n, 2n]);
    expect(reason(() => decodeArray(['0x1', '0x02'], decodeQuantity))).toBe('item 1: hex number with leading zero digits');
    expect(reason(() => decodeArray({}, decodeQuantity))).toBe('expected an array, got an object');
    expect(reason(() => decodeObject([]))).toBe('expected an object, got an array');
    expect(decodeField({ gas: null }, 'gas', decodeQuantity)).toBeUndefined();
    expect(reason(() => decodeField({ gas: '0x01' }, 'gas', decodeQuantity))).toBe('gas: hex number with leading zero digits');
  });
});

describe('method', () => {
  const handler = method([param('a', decodeQuantity), optional(param('b', decodeBool))], (a, b) => ({ a, b }));

  function rpcError(fn: () => unknown): RpcError {
    try {
      fn();
    } catch (e) {
      if (e instanceof RpcError) return e;
      throw e;
    }
    throw new Error('expected an RpcError');
  }

  it('decodes positional arguments, optional ones may be omitted or null', () => {
    expect(handler(['0x1'])).toEqual({ a: 1n, b: undefined });
    expect(handler(['0x1', null])).toEqual({ a: 1n, b: undefined });
    expect(handler(['0x1', true])).toEqual({ a: 1n, b: true });
  });

  it('answers -32602 naming the argument', () => {
    const bad = rpcError(() => handler(['0x01']));
    expect(bad.code).toBe(INVALID_PARAMS);
    expect(bad.message).toBe('invalid argument 0 (a): hex number with leading zero digits');
    expect(rpcError(() => handler(['0x1', 'yes'])).message).toBe('invalid argument 1 (b): expected true or false, got a string');
    expect(rpcError(() => handler([])).message).toBe('missing value for required argument 0 (a)');
    expect(rpcError(() => handler([null])).message).toBe('missing value for required argument 0 (a)');
    expect(rpcError(() => handler(['0x1', true, 3])).message).toBe('too many arguments, want at most 2');
  });

  it('lets other exceptions through unchanged', () => {
    const boom = method([param('x', () => { throw new RangeError('boom'); })], () => 1);
    expect(() => boom([1])).toThrow(RangeError);
  });
});
