import { describe, expect, it } from 'vitest';
import { bytesToBigint, bytesToHex, hexToBytes } from '../../../common/bytes.js';
import { keccak256 } from '../../../crypto/keccak.js';
import { createAddress } from '../contractAddress.js';
import { asm, CALLER, CONTRACT, logsOf, returnTop, runCode } from '../testEvm.js';

const CALLEE = '0x00000000000000000000000000000000000000aa';
const CALLEE_BYTES = hexToBytes(CALLEE);
const EMPTY = '0x00000000000000000000000000000000000000bb';
const contractKey = bytesToHex(CONTRACT);

/** CALL-family code: op with (gas, to, [value,] 0, 0, 0, 32) then leaves success on the stack. */
function callCode(op: string, to: string, gas = 'GAS', value = 0): string {
  const v = op === 'CALL' || op === 'CALLCODE' ? `PUSH1 ${value} ` : '';
  return `PUSH1 32 PUSH1 0 PUSH1 0 PUSH1 0 ${v}PUSH20 ${to} ${gas} ${op}`;
}

/** Code returning [success, word at memory 0]. */
function callAndReturn(op: string, to: string, gas = 'GAS', value = 0): string {
  return `${callCode(op, to, gas, value)} PUSH1 32 MSTORE PUSH1 64 PUSH1 0 RETURN`;
}

function words(data: Uint8Array): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < data.length; i += 32) out.push(bytesToBigint(data.subarray(i, i + 32)));
  return out;
}

describe('CALL', () => {
  it('runs the callee and copies its output into the return area', () => {
    const alloc = { [CALLEE]: { code: asm(returnTop('PUSH1 0x99')) } };
    const r = runCode(callAndReturn('CALL', CALLEE), { alloc });
    expect(r.error).toBeUndefined();
    expect(words(r.returnData)).toEqual([0x99n, 1n]);
  });

  it('gives the callee all but one 64th of the gas left, or what was asked', () => {
    // The callee returns the gas it sees after GAS itself (2).
    const alloc = { [CALLEE]: { code: asm(returnTop('GAS')) } };
    const gas = 100_000n;
    const r = runCode(callAndReturn('CALL', CALLEE), { alloc, gas });
    // Before CALL: 6 pushes (18) + GAS (2); CALL: 100 warm + 2500 cold + 3 memory.
    const available = gas - 18n - 2n - 100n - 2500n - 3n;
    expect(words(r.returnData)[0]).toBe(available - available / 64n - 2n);
    const asked = runCode(callAndReturn('CALL', CALLEE, 'PUSH2 1000'), { alloc, gas });
    expect(words(asked.returnData)[0]).toBe(1000n - 2n);
  });

  it('charges 9000 for value and 25000 more when the target is empty; the callee gets a 2300 stipend', () => {
    const alloc = { [CALLEE]: { code: asm(returnTop('GAS')) } };
    const r = runCode(callAndReturn('CALL', CALLEE, 'PUSH1 0', 1), { alloc, value: 10n });
    expect(words(r.returnData)).toEqual([2300n - 2n, 1n]);
    expect(r.state.getBalance(CALLEE_BYTES)).toBe(1n);
    const toExisting = runCode(`${callCode('CALL', CALLEE, 'PUSH1 0', 1)} STOP`, { alloc, value: 10n });
    const toEmpty = runCode(`${callCode('CALL', EMPTY, 'PUSH1 0', 1)} STOP`, { alloc, value: 10n });
    // 7 pushes, then CALL. The stipend is free: what the callee leaves of it comes back to the caller (the
    // callee above uses 17, an account without code uses none).
    expect(toExisting.gasUsed).toBe(21n + 100n + 2500n + 3n + 9000n - (2300n - 17n));
    expect(toEmpty.gasUsed).toBe(21n + 100n + 2500n + 3n + 9000n + 25000n - 2300n);
    expect(toEmpty.state.getBalance(hexToBytes(EMPTY))).toBe(1n);
  });

  it('fails without using the forwarded gas when the balance is too low', () => {
    const alloc = { [CALLEE]: { code: asm('INVALID') } };
    const r = runCode(callAndReturn('CALL', CALLEE, 'GAS', 5), { alloc, gas: 100_000n });
    expect(words(r.returnData)[1]).toBe(0n);
    // Only the CALL's own price was paid: the callee's gas came back.
    expect(r.gasUsed).toBeLessThan(30_000n);
  });

  it('a failing callee reverts its changes and burns its gas; the caller goes on', () => {
    const alloc = { [CALLEE]: { code: asm('PUSH1 1 PUSH1 0 SSTORE INVALID') } };
    const r = runCode(callAndReturn('CALL', CALLEE, 'PUSH2 30000'), { alloc });
    expect(r.error).toBeUndefined();
    expect(words(r.returnData)[1]).toBe(0n);
    expect(r.state.getState(CALLEE_BYTES, 0n)).toBe(0n);
    expect(r.gasUsed).toBeGreaterThan(30_000n);
  });

  it('a reverting callee hands back its data and its gas left', () => {
    const alloc = { [CALLEE]: { code: asm('PUSH1 1 PUSH1 0 SSTORE PUSH1 0x77 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 REVERT') } };
    const code = `${callCode('CALL', CALLEE, 'PUSH3 100000')} RETURNDATASIZE PUSH1 32 MSTORE PUSH1 64 PUSH1 0 RETURN`;
    const r = runCode(code, { alloc, gas: 200_000n });
    expect(words(r.returnData)).toEqual([0x77n, 32n]);
    expect(r.state.getState(CALLEE_BYTES, 0n)).toBe(0n);
    expect(r.gasUsed).toBeLessThan(30_000n);
  });

  it('a call to a missing account with no value succeeds and creates nothing', () => {
    const r = runCode(callAndReturn('CALL', EMPTY));
    expect(words(r.returnData)[1]).toBe(1n);
    expect(r.state.exist(hexToBytes(EMPTY))).toBe(false);
  });

  it('nests 1024 calls deep and no further', () => {
    // Each frame counts itself in slot 0 of the contract and calls itself with all its gas.
    const code = asm('PUSH1 0 SLOAD PUSH1 1 ADD PUSH1 0 SSTORE PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 ADDRESS GAS CALL STOP');
    const r = runCode(code, { gas: 10n ** 15n, alloc: { [contractKey]: { code } } });
    expect(r.error).toBeUndefined();
    expect(r.state.getState(CONTRACT, 0n)).toBe(1025n);
  });
});

describe('CALLCODE and DELEGATECALL', () => {
  const storeCallerAndValue = asm('CALLER PUSH1 0 SSTORE CALLVALUE PUSH1 1 SSTORE ADDRESS PUSH1 2 SSTORE');

  it('DELEGATECALL runs the code on the caller’s account with its caller and value', () => {
    const alloc = { [CALLEE]: { code: storeCallerAndValue } };
    const r = runCode(`${callCode('DELEGATECALL', CALLEE)} STOP`, { alloc, value: 7n });
    expect(r.state.getState(CONTRACT, 0n)).toBe(bytesToBigint(CALLER));
    expect(r.state.getState(CONTRACT, 1n)).toBe(7n);
    expect(r.state.getState(CONTRACT, 2n)).toBe(bytesToBigint(CONTRACT));
    expect(r.state.getState(CALLEE_BYTES, 0n)).toBe(0n);
  });

  it('CALLCODE runs the code on the caller’s account with the contract as caller', () => {
    const alloc = { [CALLEE]: { code: storeCallerAndValue } };
    const r = runCode(`${callCode('CALLCODE', CALLEE, 'GAS', 3)} STOP`, { alloc, value: 7n });
    expect(r.error).toBeUndefined();
    expect(r.state.getState(CONTRACT, 0n)).toBe(bytesToBigint(CONTRACT));
    expect(r.state.getState(CONTRACT, 1n)).toBe(3n);
    expect(r.state.getBalance(CONTRACT)).toBe(7n);
  });
});

describe('STATICCALL', () => {
  it('forbids state changes down to nested calls, failing the offending frame', () => {
    const writers = ['PUSH1 1 PUSH1 0 SSTORE', 'PUSH1 1 PUSH1 0 TSTORE', 'PUSH1 0 PUSH1 0 LOG0', 'PUSH1 0 PUSH1 0 PUSH1 0 CREATE', `PUSH1 0 SELFDESTRUCT`];
    for (const w of writers) {
      const alloc = { [CALLEE]: { code: asm(w) } };
      const r = runCode(callAndReturn('STATICCALL', CALLEE, 'PUSH3 100000'), { alloc, gas: 200_000n });
      expect(words(r.returnData)[1], w).toBe(0n);
      expect(r.gasUsed, w).toBeGreaterThan(100_000n);
    }
    // A value transfer from a static frame fails; a plain call succeeds and stays static.
    const nested = { [CALLEE]: { code: asm(returnTop(callCode('CALL', EMPTY, 'GAS', 1))) }, [EMPTY]: {} };
    const r = runCode(callAndReturn('STATICCALL', CALLEE), { alloc: nested, value: 5n });
    expect(words(r.returnData)[1]).toBe(0n);
    const reader = { [CALLEE]: { code: asm(returnTop('PUSH1 0 SLOAD PUSH1 1 ADD')) } };
    expect(words(runCode(callAndReturn('STATICCALL', CALLEE), { alloc: reader }).returnData)).toEqual([1n, 1n]);
  });
});

describe('CREATE and CREATE2', () => {
  /** Initcode returning `runtime` (at most 32 bytes). */
  function initcodeFor(runtime: string): string {
    const n = runtime.length / 2 - 1;
    return asm(`PUSH${n} ${runtime} PUSH1 0 MSTORE PUSH1 ${n} PUSH1 ${32 - n} RETURN`).reduce((h, b) => h + b.toString(16).padStart(2, '0'), '0x');
  }

  /** Code that places `initcode` in memory at 0 and runs `create` over it, returning the result word. */
  function creating(initcode: string, create: string): string {
    const bytes = hexToBytes(initcode);
    const stores = Array.from(bytes, (b, i) => `PUSH1 ${b} PUSH1 ${i} MSTORE8`).join(' ');
    return returnTop(`${stores} ${create.replace('SIZE', String(bytes.length))}`);
  }

  it('CREATE deploys at keccak(rlp(sender, nonce)) and bumps the nonce', () => {
    const init = initcodeFor('0x6001');
    const code = asm(creating(init, 'PUSH1 SIZE PUSH1 0 PUSH1 0 CREATE'));
    const r = runCode(code, { alloc: { [contractKey]: { nonce: 5n, code } } });
    expect(r.error).toBeUndefined();
    const expected = createAddress(CONTRACT, 5n);
    expect(bytesToBigint(r.returnData)).toBe(bytesToBigint(expected));
    expect(bytesToHex(r.state.getCode(expected))).toBe('0x6001');
    expect(r.state.getNonce(expected)).toBe(1n);
    expect(r.state.getNonce(CONTRACT)).toBe(6n);
  });

  it('CREATE2 deploys at keccak(0xff ++ sender ++ salt ++ keccak(initcode)); a second time collides', () => {
    const init = initcodeFor('0x6002');
    const body = creating(init, 'PUSH1 0x42 PUSH1 SIZE PUSH1 0 PUSH1 0 CREATE2');
    const r = runCode(body);
    const salt = new Uint8Array(32);
    salt[31] = 0x42;
    const expected = keccak256(new Uint8Array([0xff, ...CONTRACT, ...salt, ...keccak256(hexToBytes(init))])).slice(12);
    expect(bytesToBigint(r.returnData)).toBe(bytesToBigint(expected));
    const twice = runCode(`${body.replace(/PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN$/, 'POP')} ${body}`);
    expect(bytesToBigint(twice.returnData)).toBe(0n);
  });

  it('treats an address with storage but no code or nonce as taken', () => {
    const init = initcodeFor('0x6003');
    const target = createAddress(CONTRACT, 0n);
    const r = runCode(creating(init, 'PUSH1 SIZE PUSH1 0 PUSH1 0 CREATE'), {
      alloc: { [bytesToHex(target)]: { storage: { '1': 1n } } },
    });
    expect(bytesToBigint(r.returnData)).toBe(0n);
    expect(r.state.getNonce(CONTRACT)).toBe(1n);
  });

  it('rejects returned code starting with 0xEF and code over 24576 bytes, keeping nothing', () => {
    const ef = runCode(creating(initcodeFor('0xef00'), 'PUSH1 SIZE PUSH1 0 PUSH1 0 CREATE'));
    expect(bytesToBigint(ef.returnData)).toBe(0n);
    // Initcode returning 24577 (too many) or 24576 zero bytes.
    const tooBig = asm('PUSH2 0x6001 PUSH1 0 RETURN');
    const init = bytesToHex(tooBig);
    const r = runCode(creating(init, 'PUSH1 SIZE PUSH1 0 PUSH1 0 CREATE'), { gas: 10_000_000n });
    expect(bytesToBigint(r.returnData)).toBe(0n);
    const atLimit = bytesToHex(asm('PUSH2 0x6000 PUSH1 0 RETURN'));
    const ok = runCode(creating(atLimit, 'PUSH1 SIZE PUSH1 0 PUSH1 0 CREATE'), { gas: 10_000_000n });
    expect(bytesToBigint(ok.returnData)).not.toBe(0n);
  });

  it('charges 200 gas per deployed byte and fails when the frame cannot pay it', () => {
    const init = initcodeFor('0x' + '00'.repeat(20));
    // With all gas: success. With just enough for the initcode but not the deposit: failure.
    expect(bytesToBigint(runCode(creating(init, 'PUSH1 SIZE PUSH1 0 PUSH1 0 CREATE')).returnData)).not.toBe(0n);
    const withGas = (g: bigint) => runCode(creating(init, 'PUSH1 SIZE PUSH1 0 PUSH1 0 CREATE'), { gas: g });
    let low = 32_000n;
    while (bytesToBigint(withGas(low).returnData) === 0n) low += 500n;
    // The deposit (4000) is most of what the creation needs beyond CREATE's price.
    expect(low).toBeGreaterThan(32_000n + 4000n);
  });

  it('limits initcode to 49152 bytes (EIP-3860) and charges 2 per initcode word', () => {
    const ok = runCode('PUSH2 0xc000 PUSH1 0 PUSH1 0 CREATE STOP', { gas: 10_000_000n });
    expect(ok.error).toBeUndefined();
    const over = runCode('PUSH2 0xc001 PUSH1 0 PUSH1 0 CREATE STOP', { gas: 10_000_000n });
    expect(over.error?.kind).toBe('outOfGas');
    expect(over.gasLeft).toBe(0n);
    const empty = runCode('PUSH1 0 PUSH1 0 PUSH1 0 CREATE STOP');
    const oneWord = runCode('PUSH1 1 PUSH1 0 PUSH1 0 CREATE STOP');
    // One word of initcode: 2 (EIP-3860) + 3 memory; the single zero byte runs STOP.
    expect(oneWord.gasUsed - empty.gasUsed).toBe(5n);
    const create2 = runCode('PUSH1 0 PUSH1 1 PUSH1 0 PUSH1 0 CREATE2 STOP');
    expect(create2.gasUsed - oneWord.gasUsed).toBe(3n + 6n); // the salt push and one hashed word
  });

  it('a reverting initcode leaves its data in RETURNDATA and its gas to the creator', () => {
    const init = bytesToHex(asm('PUSH1 0x55 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 REVERT'));
    const body = creating(init, 'PUSH1 SIZE PUSH1 0 PUSH1 0 CREATE POP RETURNDATASIZE');
    expect(bytesToBigint(runCode(body).returnData)).toBe(32n);
  });

  it('a creation with value moves the balance to the new account', () => {
    const init = initcodeFor('0x00');
    const r = runCode(creating(init, 'PUSH1 SIZE PUSH1 0 PUSH1 3 CREATE'), { value: 10n });
    const address = createAddress(CONTRACT, 0n);
    expect(r.state.getBalance(address)).toBe(3n);
    expect(r.state.getBalance(CONTRACT)).toBe(7n);
  });
});

describe('SELFDESTRUCT', () => {
  it('sends the balance, costs 5000 (+2600 cold, +25000 to an empty account)', () => {
    const r = runCode(`PUSH20 ${EMPTY} SELFDESTRUCT`, { value: 9n });
    expect(r.error).toBeUndefined();
    expect(r.state.getBalance(hexToBytes(EMPTY))).toBe(9n);
    expect(r.state.getBalance(CONTRACT)).toBe(0n);
    expect(r.gasUsed).toBe(3n + 5000n + 2600n + 25000n);
    const noValue = runCode(`PUSH20 ${EMPTY} SELFDESTRUCT`);
    expect(noValue.gasUsed).toBe(3n + 5000n + 2600n);
    // EIP-6780: an account not created in this transaction keeps existing, code and all.
    expect(r.state.getCode(CONTRACT).length).toBeGreaterThan(0);
    expect(r.state.hasSelfDestructed(CONTRACT)).toBe(false);
  });

  it('destroys a contract created in the same transaction', () => {
    const init = bytesToHex(asm(`PUSH20 ${EMPTY} SELFDESTRUCT`));
    const stores = Array.from(hexToBytes(init), (b, i) => `PUSH1 ${b} PUSH1 ${i} MSTORE8`).join(' ');
    const r = runCode(`${stores} PUSH1 ${hexToBytes(init).length} PUSH1 0 PUSH1 0 CREATE STOP`);
    expect(r.error).toBeUndefined();
    expect(r.state.hasSelfDestructed(createAddress(CONTRACT, 0n))).toBe(true);
  });
});

describe('LOG', () => {
  it('records address, topics and data; 375 + 375 per topic + 8 per byte', () => {
    const r = runCode('PUSH1 0xab PUSH1 0 MSTORE8 PUSH1 2 PUSH1 1 PUSH1 2 PUSH1 0 LOG2 STOP');
    expect(logsOf(r.state)).toHaveLength(1);
    const log = logsOf(r.state)[0]!;
    expect(log.address).toEqual(CONTRACT);
    expect(log.topics.map(bytesToBigint)).toEqual([1n, 2n]);
    expect(bytesToHex(log.data)).toBe('0xab00');
    expect(runCode('PUSH1 0 PUSH1 0 LOG0 STOP').gasUsed).toBe(6n + 375n);
    expect(runCode('PUSH1 4 PUSH1 3 PUSH1 2 PUSH1 1 PUSH1 3 PUSH1 0 LOG4 STOP').gasUsed).toBe(18n + 375n * 5n + 24n + 3n);
  });

  it('a reverted frame drops its logs', () => {
    const r = runCode('PUSH1 0 PUSH1 0 LOG0 PUSH1 0 PUSH1 0 REVERT');
    expect(logsOf(r.state)).toHaveLength(0);
  });
});
