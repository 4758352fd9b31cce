// eth_call, eth_estimateGas and eth_createAccessList over HTTP against a real chain: results, state overrides,
// reverts (code 3 with data), the gas cap and the evm timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, toQuantity } from '../../src/common/bytes.js';
import { TEST_ADDRESSES } from '../../src/core/chain/testChain.js';
import { asm } from '../../src/core/vm/testEvm.js';
import type { HttpRpcServer } from '../../src/rpc/httpServer.js';
import {
  buildFixture,
  COUNTER,
  CUSTOM_REVERT_DATA,
  errorStringData,
  INVALID,
  LOOP,
  PROBE,
  RECIPIENT,
  REVERT_CUSTOM,
  REVERT_EMPTY,
  REVERT_REASON,
  rpc,
  rpcResult,
  startHttp,
  type RpcFixture,
} from './rpcFixture.js';

let fixture: RpcFixture;
let server: HttpRpcServer;
let url: string;

beforeAll(async () => {
  fixture = await buildFixture();
  ({ server, url } = await startHttp(fixture));
});

afterAll(async () => {
  await server.stop();
});

const hex = bytesToHex;
const word = (n: bigint): string => hex(bigintToFixedBytes(n, 32));
const NOBODY = '0x' + '99'.repeat(20);
const SENDER = hex(TEST_ADDRESSES[0]!);

async function errorOf(method: string, params: unknown[], at = url): Promise<{ code: number; message: string; data?: unknown }> {
  const reply = await rpc(at, method, params);
  if (reply.error === undefined) throw new Error(`${method} succeeded: ${JSON.stringify(reply.result)}`);
  return reply.error;
}

describe('eth_call', () => {
  it('runs on the state of the block asked for, changing nothing', async () => {
    expect(await rpcResult(url, 'eth_call', [{ to: hex(COUNTER) }])).toBe(word(45n));
    expect(await rpcResult(url, 'eth_call', [{ to: hex(COUNTER) }, 'latest'])).toBe(word(45n));
    expect(await rpcResult(url, 'eth_call', [{ to: hex(COUNTER) }, '0x1'])).toBe(word(43n));
    expect(await rpcResult(url, 'eth_call', [{ to: hex(COUNTER) }, { blockHash: hex(fixture.blocks[0]!.hash) }])).toBe(word(43n));
    expect(await rpcResult(url, 'eth_call', [{ to: hex(COUNTER), from: SENDER, gas: '0x186a0', value: '0x0' }])).toBe(word(45n));
    expect(await rpcResult(url, 'eth_call', [{ to: hex(RECIPIENT) }])).toBe('0x');
    // A creation returns the code it would deploy.
    expect(await rpcResult(url, 'eth_call', [{ input: hex(asm('PUSH1 0xab PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 RETURN')) }])).toBe('0xab');
    expect(await errorOf('eth_call', [{ to: hex(COUNTER) }, '0x63'])).toEqual({ code: -32000, message: 'header not found' });
  });

  it('applies state overrides: storage, code and balance', async () => {
    expect(await rpcResult(url, 'eth_call', [{ to: hex(COUNTER) }, 'latest', { [hex(COUNTER)]: { stateDiff: { [word(0n)]: word(99n) } } }])).toBe(
      word(100n),
    );
    expect(await rpcResult(url, 'eth_call', [{ to: hex(COUNTER) }, 'latest', { [hex(COUNTER)]: { state: {} } }])).toBe(word(1n));
    // Code put on an account that has none.
    const code = hex(asm('PUSH1 7 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN'));
    expect(await rpcResult(url, 'eth_call', [{ to: NOBODY }, 'latest', { [NOBODY]: { code } }])).toBe(word(7n));
    // Value the sender does not have fails, until a balance override gives it.
    const rich = { [NOBODY]: { balance: '0xde0b6b3a7640000' } };
    const moving = { from: NOBODY, to: hex(RECIPIENT), value: '0x1' };
    expect(await errorOf('eth_call', [moving])).toEqual({
      code: -32000,
      message: `err: insufficient funds for gas * price + value: address ${NOBODY} have 0 want 1 (supplied gas 50000000)`,
    });
    expect(await rpcResult(url, 'eth_call', [moving, 'latest', rich])).toBe('0x');
    expect((await errorOf('eth_call', [moving, 'latest', { [NOBODY]: { balanse: '0x1' } }])).code).toBe(-32602);
  });

  it('answers a revert with code 3 and its data, the reason in the message when there is one', async () => {
    expect(await errorOf('eth_call', [{ to: hex(REVERT_REASON) }])).toEqual({
      code: 3,
      message: 'execution reverted: not allowed',
      data: hex(errorStringData('not allowed')),
    });
    expect(await errorOf('eth_call', [{ to: hex(REVERT_CUSTOM) }])).toEqual({
      code: 3,
      message: 'execution reverted',
      data: hex(CUSTOM_REVERT_DATA),
    });
    // As geth: a revert without data is a plain error.
    expect(await errorOf('eth_call', [{ to: hex(REVERT_EMPTY) }])).toEqual({ code: -32000, message: 'execution reverted' });
    expect(await errorOf('eth_call', [{ to: hex(INVALID) }])).toEqual({ code: -32000, message: 'invalid opcode: INVALID' });
  });

  it('caps the gas at --rpc.gascap and runs out where the caller says', async () => {
    expect(await errorOf('eth_call', [{ to: hex(LOOP) }])).toEqual({ code: -32000, message: 'out of gas' });
    expect(await errorOf('eth_call', [{ to: hex(LOOP), gas: '0xffffffffffff' }])).toEqual({ code: -32000, message: 'out of gas' });
    expect(await errorOf('eth_call', [{ to: hex(COUNTER), gas: '0x5208' }])).toEqual({ code: -32000, message: 'out of gas' });
    expect(await errorOf('eth_call', [{ to: hex(COUNTER), gas: '0x100' }])).toEqual({
      code: -32000,
      message: 'err: intrinsic gas too low: have 256, want 21000 (supplied gas 256)',
    });
  });

  it('pays fees only when offered, and checks them then', async () => {
    // A fee below the base fee is refused, as for a transaction.
    const error = await errorOf('eth_call', [{ from: SENDER, to: hex(COUNTER), maxFeePerGas: '0x1' }]);
    expect(error.code).toBe(-32000);
    expect(error.message).toMatch(/^err: max fee per gas less than block base fee/);
    expect(await rpcResult(url, 'eth_call', [{ from: SENDER, to: hex(COUNTER), maxFeePerGas: '0x174876e800', maxPriorityFeePerGas: '0x1' }])).toBe(
      word(45n),
    );
    // BASEFEE reads zero in a call that pays nothing.
    const basefee = hex(asm('BASEFEE PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN'));
    expect(await rpcResult(url, 'eth_call', [{ to: NOBODY }, 'latest', { [NOBODY]: { code: basefee } }])).toBe(word(0n));
  });

  it('refuses a chain id of another chain and malformed arguments', async () => {
    expect(await errorOf('eth_call', [{ to: hex(COUNTER), chainId: '0x1' }])).toEqual({
      code: -32000,
      message: "chainId does not match node's (have=1, want=1337)",
    });
    expect(await errorOf('eth_call', [{ to: '0x12' }])).toEqual({
      code: -32602,
      message: 'invalid argument 0 (transaction): to: hex string has length 2, want 40 for an address',
    });
    expect((await errorOf('eth_call', [])).message).toBe('missing value for required argument 0 (transaction)');
  });

  it('aborts a call that runs past --rpc.evmtimeout', async () => {
    const slow = await startHttp(fixture, { api: { evmTimeoutMs: 100, gasCap: 0n } });
    try {
      const started = performance.now();
      expect(await errorOf('eth_call', [{ to: hex(LOOP), gas: '0xffffffffffff' }], slow.url)).toEqual({
        code: -32000,
        message: 'execution aborted (timeout = 100ms)',
      });
      expect(performance.now() - started).toBeLessThan(3_000);
      // The server goes on serving.
      expect(await rpcResult(slow.url, 'eth_blockNumber')).toBe('0x3');
    } finally {
      await slow.server.stop();
    }
  });
});

describe('eth_estimateGas', () => {
  it('a plain transfer needs 21000', async () => {
    expect(await rpcResult(url, 'eth_estimateGas', [{ from: SENDER, to: hex(RECIPIENT), value: '0x1' }])).toBe('0x5208');
  });

  it('finds a limit that suffices, within 1.5% of the least that does', async () => {
    const estimate = BigInt((await rpcResult(url, 'eth_estimateGas', [{ from: SENDER, to: hex(COUNTER) }])) as string);
    expect(await rpcResult(url, 'eth_call', [{ from: SENDER, to: hex(COUNTER), gas: toQuantity(estimate) }])).toBe(word(45n));
    const tooLittle = (estimate * 98n) / 100n;
    expect(await errorOf('eth_call', [{ from: SENDER, to: hex(COUNTER), gas: toQuantity(tooLittle) }])).toEqual({
      code: -32000,
      message: 'out of gas',
    });
    // The same at an older block, and with a state override (a fresh slot costs more to write).
    expect(await rpcResult(url, 'eth_estimateGas', [{ to: hex(COUNTER) }, '0x1'])).toBe(toQuantity(estimate));
    const fresh = BigInt((await rpcResult(url, 'eth_estimateGas', [{ to: hex(COUNTER) }, 'latest', { [hex(COUNTER)]: { state: {} } }])) as string);
    expect(fresh).toBeGreaterThan(estimate);
  });

  it('answers reverts with code 3, other failures and impossible limits with geth errors', async () => {
    expect(await errorOf('eth_estimateGas', [{ to: hex(REVERT_REASON) }])).toEqual({
      code: 3,
      message: 'execution reverted: not allowed',
      data: hex(errorStringData('not allowed')),
    });
    expect(await errorOf('eth_estimateGas', [{ to: hex(REVERT_EMPTY) }])).toEqual({ code: -32000, message: 'execution reverted' });
    expect(await errorOf('eth_estimateGas', [{ to: hex(INVALID) }])).toEqual({ code: -32000, message: 'invalid opcode: INVALID' });
    expect(await errorOf('eth_estimateGas', [{ to: hex(LOOP) }])).toEqual({
      code: -32000,
      message: 'gas required exceeds allowance (30000000)',
    });
    expect(await errorOf('eth_estimateGas', [{ to: hex(COUNTER), gas: '0x5300' }])).toEqual({
      code: -32000,
      message: 'gas required exceeds allowance (21248)',
    });
  });

  it('bounds the search by what the sender can pay when it offers a fee', async () => {
    expect(await errorOf('eth_estimateGas', [{ from: NOBODY, to: hex(RECIPIENT), maxFeePerGas: '0x3b9aca00' }])).toEqual({
      code: -32000,
      message: 'insufficient funds for transfer',
    });
    // Enough for 21000 gas but not for what COUNTER needs.
    const poor = { [NOBODY]: { balance: toQuantity(22_000n * 1_000_000_000n) } };
    expect(await errorOf('eth_estimateGas', [{ from: NOBODY, to: hex(COUNTER), maxFeePerGas: '0x3b9aca00' }, 'latest', poor])).toEqual({
      code: -32000,
      message: 'gas required exceeds allowance (22000)',
    });
  });
});

describe('eth_createAccessList', () => {
  it('lists the slots a call touches and the gas it then uses', async () => {
    const result = (await rpcResult(url, 'eth_createAccessList', [{ from: SENDER, to: hex(COUNTER) }])) as {
      accessList: { address: string; storageKeys: string[] }[];
      gasUsed: string;
    };
    expect(result.accessList).toEqual([{ address: hex(COUNTER), storageKeys: [word(0n)] }]);
    expect(result).not.toHaveProperty('error');
    // The list reproduces itself, at the same cost, when handed back in.
    const again = await rpcResult(url, 'eth_createAccessList', [{ from: SENDER, to: hex(COUNTER), accessList: result.accessList }]);
    expect(again).toEqual(result);
    // The call with the list is dearer than the 27048 without it by the list (2400 + 1900) less the cold read it
    // spares (2000).
    expect(result.gasUsed).toBe(toQuantity(27_048n + 2_300n));
  });

  it('follows calls: the accounts inspected and called, and the storage of the running account', async () => {
    const result = (await rpcResult(url, 'eth_createAccessList', [{ to: hex(PROBE) }])) as {
      accessList: { address: string; storageKeys: string[] }[];
    };
    const byAddress = Object.fromEntries(result.accessList.map((e) => [e.address, e.storageKeys]));
    // PROBE itself is the recipient (warm anyway) but the storage its DELEGATECALL used is its own.
    expect(byAddress).toEqual({ [hex(RECIPIENT)]: [], [hex(COUNTER)]: [], [hex(PROBE)]: [word(0n)] });
  });

  it('reports a failing call in "error"', async () => {
    const result = (await rpcResult(url, 'eth_createAccessList', [{ to: hex(REVERT_REASON) }])) as Record<string, unknown>;
    expect(result.error).toBe('execution reverted');
    expect(result.accessList).toEqual([]);
  });
});
