import { describe, expect, it } from 'vitest';
import { concatBytes, hexToBytes, utf8ToBytes } from '../common/bytes.js';
import { revertError, unpackRevertReason } from './revertError.js';

const word = (n: bigint): Uint8Array => hexToBytes('0x' + n.toString(16).padStart(64, '0'));

function errorString(text: string): Uint8Array {
  const bytes = utf8ToBytes(text);
  const padded = new Uint8Array(Math.ceil(bytes.length / 32) * 32);
  padded.set(bytes);
  return concatBytes(hexToBytes('0x08c379a0'), word(32n), word(BigInt(bytes.length)), padded);
}

const panic = (code: bigint): Uint8Array => concatBytes(hexToBytes('0x4e487b71'), word(code));

describe('revert reasons', () => {
  it('reads Error(string)', () => {
    expect(unpackRevertReason(errorString('not owner'))).toBe('not owner');
    expect(unpackRevertReason(errorString(''))).toBe('');
    expect(unpackRevertReason(errorString('ünïcode ✓'))).toBe('ünïcode ✓');
  });

  it('reads Panic(uint256) codes, known and unknown', () => {
    expect(unpackRevertReason(panic(0x01n))).toBe('assert(false)');
    expect(unpackRevertReason(panic(0x11n))).toBe('arithmetic underflow or overflow');
    expect(unpackRevertReason(panic(0x99n))).toBe('unknown panic code: 0x99');
  });

  it('gives nothing for other or broken data', () => {
    expect(unpackRevertReason(hexToBytes('0xdeadbeef'))).toBeUndefined();
    expect(unpackRevertReason(hexToBytes('0x08c3'))).toBeUndefined();
    // A length past the end of the data.
    expect(unpackRevertReason(concatBytes(hexToBytes('0x08c379a0'), word(32n), word(1000n)))).toBeUndefined();
    // An offset past the end.
    expect(unpackRevertReason(concatBytes(hexToBytes('0x08c379a0'), word(1n << 200n)))).toBeUndefined();
    expect(unpackRevertReason(hexToBytes('0x4e487b71'))).toBeUndefined();
  });

  it('builds the code 3 error with the raw data', () => {
    expect(revertError(errorString('not owner')).toJSON()).toEqual({
      code: 3,
      message: 'execution reverted: not owner',
      data: '0x' + Buffer.from(errorString('not owner')).toString('hex'),
    });
    expect(revertError(hexToBytes('0xdeadbeef')).toJSON()).toEqual({ code: 3, message: 'execution reverted', data: '0xdeadbeef' });
  });
});
