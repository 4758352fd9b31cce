import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { encodeRlp, type RlpInput } from '../../rlp/rlp.js';
import {
  decodeWithdrawal,
  encodeWithdrawal,
  withdrawalFromJson,
  withdrawalFromRlp,
  type Withdrawal,
} from './withdrawal.js';

const sample: Withdrawal = {
  index: 0n,
  validatorIndex: 0x9d8c0n,
  address: hexToBytes('0xb9d7934878b5fb9610b3fe8a5e441e8fad7e293f'),
  amount: 0x11a33e3760n,
};

describe('withdrawal', () => {
  it('encodes as rlp([index, validatorIndex, address, amount]) and decodes back', () => {
    const bytes = encodeWithdrawal(sample);
    expect(bytesToHex(bytes)).toBe('0xe0808309d8c094b9d7934878b5fb9610b3fe8a5e441e8fad7e293f8511a33e3760');
    expect(decodeWithdrawal(bytes)).toEqual(sample);
  });

  it('reads the BlockchainTests JSON form', () => {
    const w = withdrawalFromJson({
      address: '0xc94f5374fce5edbc8e2a8697c15331677e6ebf0b',
      amount: '0x2710',
      index: '0x00',
      validatorIndex: '0x00',
    });
    const address = hexToBytes('0xc94f5374fce5edbc8e2a8697c15331677e6ebf0b');
    expect(w).toEqual({ index: 0n, validatorIndex: 0n, address, amount: 10000n });
  });

  it('rejects malformed input with clear errors', () => {
    const addr = sample.address;
    const decode = (list: RlpInput[]) => () => decodeWithdrawal(encodeRlp(list));
    expect(decode([0, 1, addr])).toThrow('withdrawal: expected 4 elements, got 3');
    expect(decode([0, 1, addr.subarray(1), 5])).toThrow('withdrawal address: expected 20 bytes, got 19');
    expect(decode([0, 1n << 64n, addr, 5])).toThrow('withdrawal validatorIndex: integer longer than 8 bytes');
    expect(decode([hexToBytes('0x0001'), 1, addr, 5])).toThrow('withdrawal index: integer has a leading zero byte');
    expect(() => decodeWithdrawal(encodeRlp(addr))).toThrow('withdrawal: expected a list');
    expect(() => withdrawalFromRlp([], 'withdrawal 7')).toThrow('withdrawal 7: expected 4 elements, got 0');
    expect(() => encodeWithdrawal({ ...sample, amount: 1n << 64n })).toThrow(
      'withdrawal: amount 18446744073709551616 is not a uint64',
    );
    expect(() => encodeWithdrawal({ ...sample, address: new Uint8Array(32) })).toThrow('address must be 20 bytes, got 32');
    expect(() => withdrawalFromJson({ index: '0x00', validatorIndex: '0x00', amount: '0x01' })).toThrow(
      'withdrawal json: missing address',
    );
    expect(() => withdrawalFromJson('0x00')).toThrow('withdrawal json: expected an object');
  });
});
