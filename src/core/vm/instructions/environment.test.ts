import { describe, expect, it } from 'vitest';
import { bytesToBigint, bytesToHex, hexToBytes } from '../../../common/bytes.js';
import { keccak256, KECCAK256_EMPTY } from '../../../crypto/keccak.js';
import { asm, CALLER, CONTRACT, returnTop, runCode } from '../testEvm.js';

const OTHER = '0x00000000000000000000000000000000000000aa';
const EMPTY_ACCOUNT = '0x00000000000000000000000000000000000000bb';
const FUNDED = '0x00000000000000000000000000000000000000cc';

function word(code: string, opts = {}): bigint {
  const r = runCode(returnTop(code), opts);
  expect(r.error).toBeUndefined();
  return bytesToBigint(r.returnData);
}

describe('environment', () => {
  it('ADDRESS, CALLER, ORIGIN, CALLVALUE, GASPRICE', () => {
    expect(word('ADDRESS')).toBe(bytesToBigint(CONTRACT));
    expect(word('CALLER')).toBe(bytesToBigint(CALLER));
    expect(word('ORIGIN', { tx: { origin: hexToBytes(OTHER) } })).toBe(0xaan);
    expect(word('CALLVALUE', { value: 12345n })).toBe(12345n);
    expect(word('GASPRICE', { tx: { gasPrice: 77n } })).toBe(77n);
  });

  it('CALLDATALOAD pads past the end and reads zero far beyond', () => {
    const input = hexToBytes('0x' + '11'.repeat(32) + '2233');
    expect(word('PUSH1 0 CALLDATALOAD', { input })).toBe(bytesToBigint(input.subarray(0, 32)));
    expect(word('PUSH1 32 CALLDATALOAD', { input })).toBe(0x2233n << 240n);
    expect(word('PUSH1 34 CALLDATALOAD', { input })).toBe(0n);
    expect(word('PUSH32 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff CALLDATALOAD', { input })).toBe(0n);
    expect(word('CALLDATASIZE', { input })).toBe(34n);
  });

  it('CALLDATACOPY zero-fills and charges 3 + 3 per word + memory', () => {
    const input = hexToBytes('0xaabbcc');
    const r = runCode('PUSH1 4 PUSH1 1 PUSH1 0 CALLDATACOPY PUSH1 4 PUSH1 0 RETURN', { input });
    expect(bytesToHex(r.returnData)).toBe('0xbbcc0000');
    expect(runCode('PUSH1 33 PUSH1 0 PUSH1 0 CALLDATACOPY STOP').gasUsed).toBe(9n + 3n + 6n + 6n);
    // A huge source offset is fine: it reads zeros.
    const far = runCode('PUSH1 2 PUSH32 0xffffffffffffffffffffffffffffffffffffffffffff PUSH1 0 CALLDATACOPY PUSH1 2 PUSH1 0 RETURN', { input });
    expect(bytesToHex(far.returnData)).toBe('0x0000');
  });

  it('CODESIZE and CODECOPY see the running code', () => {
    const code = asm('CODESIZE PUSH1 0 PUSH1 0 CODECOPY CODESIZE PUSH1 0 RETURN');
    const r = runCode(code);
    expect(r.returnData).toEqual(code);
  });

  it('BALANCE, EXTCODESIZE, EXTCODEHASH charge 2600 cold then 100 warm', () => {
    const alloc = { [OTHER]: { balance: 5n, code: '0x6001' } };
    const cold = runCode(`PUSH20 ${OTHER} BALANCE STOP`, { alloc });
    expect(cold.gasUsed).toBe(3n + 2600n);
    const twice = runCode(`PUSH20 ${OTHER} BALANCE PUSH20 ${OTHER} EXTCODESIZE PUSH20 ${OTHER} EXTCODEHASH STOP`, { alloc });
    expect(twice.gasUsed).toBe(9n + 2600n + 100n + 100n);
    // The contract itself and the caller are warm from the start of the transaction.
    expect(runCode('ADDRESS BALANCE STOP').gasUsed).toBe(2n + 100n);
    expect(word(`PUSH20 ${OTHER} BALANCE`, { alloc })).toBe(5n);
    expect(word(`PUSH20 ${OTHER} EXTCODESIZE`, { alloc })).toBe(2n);
  });

  it('the address operand ignores the high 96 bits', () => {
    const alloc = { [OTHER]: { balance: 5n } };
    expect(word(`PUSH32 0xffffffffffffffffffffffff00000000000000000000000000000000000000aa BALANCE`, { alloc })).toBe(5n);
  });

  it('EXTCODEHASH is zero for missing and empty accounts, the empty hash for funded ones', () => {
    const alloc = {
      [OTHER]: { code: '0x6001' },
      [EMPTY_ACCOUNT]: {},
      [FUNDED]: { balance: 1n },
    };
    expect(word(`PUSH20 ${OTHER} EXTCODEHASH`, { alloc })).toBe(bytesToBigint(keccak256(hexToBytes('0x6001'))));
    expect(word(`PUSH20 ${EMPTY_ACCOUNT} EXTCODEHASH`, { alloc })).toBe(0n);
    expect(word(`PUSH20 0x1234 EXTCODEHASH`, { alloc })).toBe(0n);
    expect(word(`PUSH20 ${FUNDED} EXTCODEHASH`, { alloc })).toBe(bytesToBigint(KECCAK256_EMPTY));
  });

  it('EXTCODECOPY copies padded code and charges access, copy and memory', () => {
    const alloc = { [OTHER]: { code: '0xaabbcc' } };
    const r = runCode(`PUSH1 4 PUSH1 1 PUSH1 0 PUSH20 ${OTHER} EXTCODECOPY PUSH1 4 PUSH1 0 RETURN`, { alloc });
    expect(bytesToHex(r.returnData)).toBe('0xbbcc0000');
    const g = runCode(`PUSH1 4 PUSH1 1 PUSH1 0 PUSH20 ${OTHER} EXTCODECOPY STOP`, { alloc });
    expect(g.gasUsed).toBe(12n + 2600n + 3n + 3n);
  });

  it('RETURNDATASIZE is zero before any call; RETURNDATACOPY past the data fails the frame', () => {
    expect(word('RETURNDATASIZE')).toBe(0n);
    expect(runCode('PUSH1 0 PUSH1 0 PUSH1 0 RETURNDATACOPY STOP').error).toBeUndefined();
    const r = runCode('PUSH1 1 PUSH1 0 PUSH1 0 RETURNDATACOPY STOP');
    expect(r.error?.kind).toBe('returnDataOutOfBounds');
    expect(r.gasLeft).toBe(0n);
    const huge = runCode('PUSH1 0 PUSH32 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff PUSH1 0 RETURNDATACOPY STOP');
    expect(huge.error?.kind).toBe('returnDataOutOfBounds');
  });
});
