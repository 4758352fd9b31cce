import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../src/common/bytes.js';
import { decodeAbi, decodeRevert, encodeAbi, encodeCall, eventTopic, selector, signatureTypes } from './abi.js';

const w = (hex: string): string => hex.replace(/^0x/, '').padStart(64, '0');

describe('abi', () => {
  it('computes selectors and event topics', () => {
    // From the Solidity ABI specification and well-known contracts.
    expect(bytesToHex(selector('baz(uint32,bool)'))).toBe('0xcdcd77c0');
    expect(bytesToHex(selector('transfer(address,uint256)'))).toBe('0xa9059cbb');
    expect(bytesToHex(selector('Error(string)'))).toBe('0x08c379a0');
    expect(bytesToHex(selector('Panic(uint256)'))).toBe('0x4e487b71');
    expect(bytesToHex(eventTopic('Transfer(address,address,uint256)'))).toBe(
      '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef',
    );
  });

  it('encodes static arguments as in the specification', () => {
    expect(bytesToHex(encodeCall('baz(uint32,bool)', [69n, true]))).toBe('0xcdcd77c0' + w('45') + w('1'));
    const addr = hexToBytes('0x' + '11'.repeat(20));
    expect(bytesToHex(encodeAbi(['address', 'bytes32'], [addr, new Uint8Array(32).fill(0xff)]))).toBe(
      '0x' + w('11'.repeat(20)) + 'ff'.repeat(32),
    );
  });

  it('puts dynamic values in a tail behind their offsets', () => {
    const encoded = encodeAbi(['uint256', 'string', 'bytes'], [1n, 'dave', new Uint8Array(33).fill(0xab)]);
    expect(bytesToHex(encoded)).toBe(
      '0x' +
        w('1') +
        w('60') + // string at 3 words
        w('a0') + // bytes at 3 + 2 words
        w('4') +
        '64617665'.padEnd(64, '0') +
        w('21') +
        'ab'.repeat(33).padEnd(128, '0'),
    );
    expect(decodeAbi(['uint256', 'string', 'bytes'], encoded)).toEqual([1n, 'dave', new Uint8Array(33).fill(0xab)]);
    expect(decodeAbi(['string'], encodeAbi(['string'], ['']))).toEqual(['']);
  });

  it('decodes addresses, bools and bounded uints', () => {
    const addr = hexToBytes('0x' + '22'.repeat(20));
    expect(decodeAbi(['address', 'bool', 'uint8'], encodeAbi(['address', 'bool', 'uint8'], [addr, false, 255n]))).toEqual([
      addr,
      false,
      255n,
    ]);
  });

  it('rejects bad signatures, types and values', () => {
    expect(() => signatureTypes('noParens')).toThrow('malformed signature');
    expect(() => signatureTypes('f(uint256[])')).toThrow('unsupported type "uint256[]"');
    expect(() => signatureTypes('f(uint7)')).toThrow('unsupported type "uint7"');
    expect(() => signatureTypes('f((uint256,bool))')).toThrow('malformed signature');
    expect(signatureTypes('f()')).toEqual([]);
    expect(() => encodeAbi(['uint256'], [])).toThrow('1 types but 0 values');
    expect(() => encodeAbi(['uint8'], [256n])).toThrow('does not fit uint8');
    expect(() => encodeAbi(['uint256'], [-1n])).toThrow('does not fit uint256');
    expect(() => encodeAbi(['uint256'], ['1'])).toThrow('must be a bigint');
    expect(() => encodeAbi(['address'], [new Uint8Array(19)])).toThrow('must be 20 bytes, got 19');
    expect(() => encodeAbi(['bool'], [1n])).toThrow('must be a boolean');
    expect(() => encodeAbi(['string'], [new Uint8Array(1)])).toThrow('must be a string');
    expect(() => encodeAbi(['bytes'], ['x'])).toThrow('must be bytes');
  });

  it('rejects malformed data with a clear message', () => {
    expect(() => decodeAbi(['uint256', 'uint256'], new Uint8Array(63))).toThrow('63 bytes is too short for 2 values');
    expect(() => decodeAbi(['bool'], hexToBytes('0x' + w('2')))).toThrow('not a bool: 2');
    expect(() => decodeAbi(['address'], hexToBytes('0x' + w('1' + '00'.repeat(20))))).toThrow('dirty high bytes');
    expect(() => decodeAbi(['uint8'], hexToBytes('0x' + w('100')))).toThrow('does not fit uint8');
    expect(() => decodeAbi(['string'], hexToBytes('0x' + w('40')))).toThrow('offset 64 of value 0 is out of range');
    expect(() => decodeAbi(['string'], hexToBytes('0x' + 'ff'.repeat(32)))).toThrow('offset of value 0 is too large');
    expect(() => decodeAbi(['bytes'], hexToBytes('0x' + w('20') + w('21') + '00'.repeat(32)))).toThrow(
      'value 0 (33 bytes) runs past the data',
    );
    expect(() => decodeAbi(['string'], hexToBytes('0x' + w('20') + w('1') + 'ff'.padEnd(64, '0')))).toThrow();
  });

  it('decodes revert data of each kind', () => {
    const error = concatBytes(selector('Error(string)'), encodeAbi(['string'], ['nope']));
    expect(decodeRevert(error)).toEqual({ kind: 'error', reason: 'nope' });
    const panic = concatBytes(selector('Panic(uint256)'), encodeAbi(['uint256'], [0x11n]));
    expect(decodeRevert(panic)).toEqual({ kind: 'panic', code: 0x11n });
    const custom = concatBytes(selector('Oops(uint256)'), encodeAbi(['uint256'], [3n]));
    expect(decodeRevert(custom)).toEqual({ kind: 'custom', selector: selector('Oops(uint256)'), args: encodeAbi(['uint256'], [3n]) });
    expect(decodeRevert(new Uint8Array(0))).toEqual({ kind: 'empty' });
    expect(() => decodeRevert(new Uint8Array(3))).toThrow('revert data of 3 bytes has no selector');
    expect(() => decodeRevert(selector('Error(string)'))).toThrow('too short');
  });
});
