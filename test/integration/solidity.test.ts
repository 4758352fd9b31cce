// Contracts compiled by solc run on our EVM through the node's own path: signed transactions applied with
// applyTransaction (receipts, logs, gas, fees) and eth_call-style messages through applyMessage. Expected values
// are computed independently of the EVM: noble's keccak, hand-written ABI, the EIP-1014 formula, solc's gas figures.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, concatBytes, hexToBytes, utf8ToBytes, type Bytes } from '../../src/common/bytes.js';
import { privateKeyToAddress } from '../../src/crypto/secp256k1.js';
import { encodeRlp } from '../../src/rlp/rlp.js';
import type { AppliedTransaction } from '../../src/core/stateTransition.js';
import { bloomContains } from '../../src/core/types/bloom.js';
import type { Transaction } from '../../src/core/types/transaction.js';
import { signTransaction } from '../../src/core/types/txSigner.js';
import {
  decodeAbi,
  decodeRevert,
  encodeAbi,
  encodeCall,
  ERROR_SELECTOR,
  eventTopic,
  selector,
  type AbiType,
  type AbiValue,
} from './abi.js';
import { compileDirectory, solcVersion, type CompiledContract } from './solc.js';
import { TestChain } from './testChain.js';

const ALICE_KEY = hexToBytes('0x' + 'a1'.repeat(32));
const BOB_KEY = hexToBytes('0x' + 'b0'.repeat(32));
const ALICE = privateKeyToAddress(ALICE_KEY);
const BOB = privateKeyToAddress(BOB_KEY);
const ETHER = 10n ** 18n;
const GWEI = 10n ** 9n;
/** The chain's base fee is 1 gwei and transactions offer a 1 gwei tip: they pay 2 gwei per gas. */
const BASE_FEE = GWEI;
const TIP = GWEI;
const TX_GAS_LIMIT = 3_000_000n;

let contracts: Map<string, CompiledContract>;

beforeAll(() => {
  contracts = compileDirectory(fileURLToPath(new URL('./contracts', import.meta.url)), { evmVersion: 'cancun' });
});

function contract(name: string): CompiledContract {
  const c = contracts.get(name);
  if (c === undefined) throw new Error(`no compiled contract ${name}`);
  return c;
}

function newChain(): TestChain {
  return new TestChain({
    alloc: [
      { address: ALICE, balance: 100n * ETHER },
      { address: BOB, balance: 100n * ETHER },
    ],
    baseFee: BASE_FEE,
  });
}

const keccak = (data: Bytes): Bytes => keccak_256(data);
const word = (n: bigint): Bytes => bigintToFixedBytes(n, 32);
const addressWord = (a: Bytes): Bytes => concatBytes(new Uint8Array(12), a);

/** Signs an EIP-1559 transaction from `key` with the sender's next nonce and mines it in a block of its own. */
function send(
  chain: TestChain,
  key: Bytes,
  to: Bytes | undefined,
  data: Bytes,
  value = 0n,
  gasLimit = TX_GAS_LIMIT,
): AppliedTransaction {
  const [applied] = chain.mine([signed(chain, key, to, data, { value, gasLimit })]);
  return applied!;
}

/** A signed EIP-1559 transaction; `nonceOffset` counts the sender's transactions already in the block. */
function signed(
  chain: TestChain,
  key: Bytes,
  to: Bytes | undefined,
  data: Bytes,
  { value = 0n, gasLimit = TX_GAS_LIMIT, nonceOffset = 0n } = {},
): Transaction {
  const nonce = chain.state().getNonce(privateKeyToAddress(key)) + nonceOffset;
  return signTransaction(
    {
      type: 2,
      chainId: chain.chainId,
      nonce,
      gasLimit,
      to,
      value,
      data,
      maxPriorityFeePerGas: TIP,
      maxFeePerGas: 3n * GWEI,
      accessList: [],
    },
    key,
  );
}

/** Deploys `name` with constructor arguments and checks the creation succeeded; returns the contract's address. */
function deploy(chain: TestChain, name: string, types: AbiType[] = [], args: AbiValue[] = []): Bytes {
  const r = send(chain, ALICE_KEY, undefined, concatBytes(contract(name).bytecode, encodeAbi(types, args)));
  expect(r.error, `deploying ${name}`).toBeUndefined();
  expect(r.receipt.status).toBe(1);
  return r.contractAddress!;
}

/** eth_call of `signature` on `to`; expects success and decodes the result as `returns`. */
function read(chain: TestChain, to: Bytes, signature: string, args: AbiValue[], returns: AbiType[], from = BOB): AbiValue[] {
  const r = chain.call({ from, to, data: encodeCall(signature, args) });
  expect(r.error, `${signature} failed: ${r.error?.message}`).toBeUndefined();
  return decodeAbi(returns, r.returnData);
}

/** Calldata gas under EIP-2028: 4 per zero byte, 16 per other byte. */
function calldataGas(data: Bytes): bigint {
  let gas = 0n;
  for (const b of data) gas += b === 0 ? 4n : 16n;
  return gas;
}

/** keccak256(rlp([sender, nonce]))[12:], for the small nonces used here. */
function expectedCreateAddress(sender: Bytes, nonce: bigint): Bytes {
  return keccak(encodeRlp([sender, nonce])).slice(12);
}

describe('solc output on our EVM', () => {
  it('compiled every contract', () => {
    // The exact gas figures below hold for this compiler's code generation (package.json pins it).
    expect(solcVersion()).toMatch(/^0\.8\.37\+/);
    expect([...contracts.keys()].sort()).toEqual(['Caller', 'Child', 'Factory', 'Misc', 'Store']);
    for (const c of contracts.values()) expect(c.deployedBytecode.length).toBeGreaterThan(0);
  });

  describe('deployment', () => {
    it('creates the contract through a signed transaction, with a receipt and the fees paid', () => {
      const chain = newChain();
      const store = contract('Store');
      const coinbaseBefore = chain.state().getBalance(chain.coinbase);
      const r = send(chain, ALICE_KEY, undefined, store.bytecode);

      expect(r.error).toBeUndefined();
      expect(r.receipt.status).toBe(1);
      expect(r.receipt.logs).toEqual([]);
      expect(r.receipt.cumulativeGasUsed).toBe(r.gasUsed);
      expect(bytesToHex(r.contractAddress!)).toBe(bytesToHex(expectedCreateAddress(ALICE, 0n)));

      const state = chain.state();
      expect(bytesToHex(state.getCode(r.contractAddress!))).toBe(bytesToHex(store.deployedBytecode));
      expect(state.getNonce(r.contractAddress!)).toBe(1n);
      expect(state.getNonce(ALICE)).toBe(1n);

      // Creation gas: 21000 + 32000 + calldata + 2 per initcode word (EIP-3860), then solc's figures for the
      // constructor (Store has none: only the prologue, exactly 163) and 200 per deposited byte.
      const words = BigInt(Math.ceil(store.bytecode.length / 32));
      const solcCost = BigInt(store.gasEstimates.creation.totalCost);
      expect(solcCost).toBe(BigInt(store.gasEstimates.creation.codeDepositCost) + 163n);
      expect(BigInt(store.gasEstimates.creation.codeDepositCost)).toBe(200n * BigInt(store.deployedBytecode.length));
      expect(r.gasUsed).toBe(53_000n + calldataGas(store.bytecode) + 2n * words + solcCost);

      // The sender pays base fee + tip per gas; the coinbase gets the tip, the base fee is burnt.
      expect(state.getBalance(ALICE)).toBe(100n * ETHER - r.gasUsed * (BASE_FEE + TIP));
      expect(state.getBalance(chain.coinbase) - coinbaseBefore).toBe(r.gasUsed * TIP);
    });

    it('passes constructor arguments and records a failed creation in its receipt', () => {
      const chain = newChain();
      const store = deploy(chain, 'Store');
      const caller = deploy(chain, 'Caller', ['address'], [store]);
      expect(bytesToHex(caller)).toBe(bytesToHex(expectedCreateAddress(ALICE, 1n)));
      expect(bytesToHex(read(chain, caller, 'store()', [], ['address'])[0] as Bytes)).toBe(bytesToHex(store));

      // Too little gas for the code deposit: the creation fails, the receipt says so and all gas is used.
      const gasLimit = 100_000n;
      const failed = send(chain, ALICE_KEY, undefined, contract('Store').bytecode, 0n, gasLimit);
      expect(failed.receipt.status).toBe(0);
      expect(failed.error?.kind).toBe('codeStoreOutOfGas');
      expect(failed.gasUsed).toBe(gasLimit);
      expect(chain.state().getCode(failed.contractAddress!).length).toBe(0);
      // The nonce moved all the same.
      expect(chain.state().getNonce(ALICE)).toBe(3n);
    });
  });

  describe('storage and events', () => {
    it('stores a value and a mapping entry, and emits an event with indexed arguments', () => {
      const chain = newChain();
      const store = deploy(chain, 'Store');
      const r = send(chain, ALICE_KEY, store, encodeCall('set(uint256)', [42n]));
      expect(r.receipt.status).toBe(1);

      expect(read(chain, store, 'get()', [], ['uint256'])).toEqual([42n]);
      expect(read(chain, store, 'value()', [], ['uint256'])).toEqual([42n]);
      expect(read(chain, store, 'totals(address)', [ALICE], ['uint256'])).toEqual([42n]);
      expect(read(chain, store, 'totals(address)', [BOB], ['uint256'])).toEqual([0n]);

      // Solidity's layout: `value` in slot 0, totals[a] at keccak256(a . 1).
      const state = chain.state();
      expect(state.getState(store, 0n)).toBe(42n);
      const mappingSlot = BigInt(bytesToHex(keccak(concatBytes(addressWord(ALICE), word(1n)))));
      expect(state.getState(store, mappingSlot)).toBe(42n);

      expect(r.receipt.logs).toHaveLength(1);
      const log = r.receipt.logs[0]!;
      expect(bytesToHex(log.address)).toBe(bytesToHex(store));
      expect(log.topics.map(bytesToHex)).toEqual([
        bytesToHex(eventTopic('ValueSet(address,uint256,string)')),
        bytesToHex(addressWord(ALICE)),
        bytesToHex(word(42n)),
      ]);
      expect(decodeAbi(['string'], log.data)).toEqual(['stored']);
      for (const part of [store, ...log.topics]) expect(bloomContains(r.receipt.logsBloom, part)).toBe(true);
      expect(bloomContains(r.receipt.logsBloom, eventTopic('Other()'))).toBe(false);

      // A second write from another sender adds to its own entry and overwrites the value.
      send(chain, BOB_KEY, store, encodeCall('set(uint256)', [8n]));
      send(chain, ALICE_KEY, store, encodeCall('set(uint256)', [8n]));
      expect(read(chain, store, 'get()', [], ['uint256'])).toEqual([8n]);
      expect(read(chain, store, 'totals(address)', [ALICE], ['uint256'])).toEqual([50n]);
      expect(read(chain, store, 'totals(address)', [BOB], ['uint256'])).toEqual([8n]);
    });

    it('charges what solc predicts, and the exact SSTORE costs of EIP-2929/2200/3529', () => {
      const chain = newChain();
      const store = contract('Store');
      const address = deploy(chain, 'Store');
      const getData = encodeCall('get()', []);
      // A view function's cost is straight-line code: solc's estimate (cold SLOAD included) is exact.
      const get = chain.call({ from: BOB, to: address, data: getData });
      expect(get.gasUsed).toBe(21_000n + calldataGas(getData) + BigInt(store.gasEstimates.external['get()']!));

      // The execution figures below were checked against @ethereumjs/evm 10.1.3 running the same bytecode.
      const execution = (v: bigint): { gasUsed: bigint; execution: bigint } => {
        const data = encodeCall('set(uint256)', [v]);
        const r = send(chain, ALICE_KEY, address, data);
        expect(r.receipt.status).toBe(1);
        return { gasUsed: r.gasUsed, execution: r.gasUsed - 21_000n - calldataGas(data) };
      };
      // 0 -> 42 in two cold slots: 2 x 22100 (the mapping slot is read first: 2100 + 20000), within solc's bound.
      const first = execution(42n).execution;
      expect(first).toBe(47_058n);
      expect(first).toBeLessThanOrEqual(BigInt(store.gasEstimates.external['set(uint256)']!));
      // 42 -> 43 and 42 -> 85 in a later transaction: cold again, 2100 + 2900 each.
      expect(execution(43n).execution).toBe(47_058n - 2n * (22_100n - 5_000n));
      // 43 -> 0 earns the 4800 refund; the mapping entry is rewritten unchanged (2100 cold read + 100).
      const clear = execution(0n);
      expect(clear.gasUsed).toBe(21_000n + calldataGas(encodeCall('set(uint256)', [0n])) + 10_058n - 4_800n);
    });
  });

  describe('reverts', () => {
    it('require(cond, reason) fails the transaction and returns Error(string)', () => {
      const chain = newChain();
      const store = deploy(chain, 'Store');
      send(chain, ALICE_KEY, store, encodeCall('set(uint256)', [5n]));
      const before = chain.state().getBalance(ALICE);

      const data = encodeCall('set(uint256)', [13n]);
      const r = send(chain, ALICE_KEY, store, data);
      expect(r.receipt.status).toBe(0);
      expect(r.error?.kind).toBe('revert');
      expect(r.receipt.logs).toEqual([]);
      // A revert returns the unused gas: the sender pays for what ran, far below the limit.
      expect(r.gasUsed).toBeLessThan(30_000n);
      expect(chain.state().getBalance(ALICE)).toBe(before - r.gasUsed * (BASE_FEE + TIP));
      expect(read(chain, store, 'get()', [], ['uint256'])).toEqual([5n]);

      expect(bytesToHex(r.returnData.slice(0, 4))).toBe('0x08c379a0');
      expect(bytesToHex(ERROR_SELECTOR)).toBe('0x08c379a0');
      expect(decodeRevert(r.returnData)).toEqual({ kind: 'error', reason: 'unlucky number' });

      // eth_call sees the same revert.
      const call = chain.call({ from: BOB, to: store, data });
      expect(call.error?.kind).toBe('revert');
      expect(decodeRevert(call.returnData)).toEqual({ kind: 'error', reason: 'unlucky number' });
    });

    it('a custom error returns its selector and arguments', () => {
      const chain = newChain();
      const store = deploy(chain, 'Store');
      const r = chain.call({ from: BOB, to: store, data: encodeCall('set(uint256)', [5000n]) });
      expect(r.error?.kind).toBe('revert');
      const reason = decodeRevert(r.returnData);
      expect(reason.kind).toBe('custom');
      if (reason.kind !== 'custom') return;
      expect(bytesToHex(reason.selector)).toBe(bytesToHex(selector('TooLarge(uint256,uint256)')));
      expect(decodeAbi(['uint256', 'uint256'], reason.args)).toEqual([5000n, 1000n]);
    });

    it('division by zero panics with code 0x12', () => {
      const chain = newChain();
      const misc = deploy(chain, 'Misc');
      const r = chain.call({ from: BOB, to: misc, data: encodeCall('ratio(uint256,uint256)', [1n, 0n]) });
      expect(r.error?.kind).toBe('revert');
      expect(decodeRevert(r.returnData)).toEqual({ kind: 'panic', code: 0x12n });
      expect(read(chain, misc, 'ratio(uint256,uint256)', [10n, 3n], ['uint256'])).toEqual([3n]);
    });

    it('value sent to a non-payable function reverts without data', () => {
      const chain = newChain();
      const store = deploy(chain, 'Store');
      const r = send(chain, ALICE_KEY, store, encodeCall('set(uint256)', [1n]), ETHER);
      expect(r.receipt.status).toBe(0);
      expect(r.returnData.length).toBe(0);
      expect(chain.state().getBalance(store)).toBe(0n);
    });

    it('running out of gas uses all of it', () => {
      const chain = newChain();
      const misc = deploy(chain, 'Misc');
      const gasLimit = 60_000n;
      const r = send(chain, ALICE_KEY, misc, encodeCall('sumTo(uint256)', [100_000n]), 0n, gasLimit);
      expect(r.receipt.status).toBe(0);
      expect(r.error?.kind).toBe('outOfGas');
      expect(r.gasUsed).toBe(gasLimit);
    });
  });

  describe('CREATE2 factory', () => {
    it('deploys a child at the address the EIP-1014 formula gives', () => {
      const chain = newChain();
      const factory = deploy(chain, 'Factory');
      const salt = keccak(utf8ToBytes('salt-1'));
      const tag = 7n;
      const initcode = concatBytes(contract('Child').bytecode, word(tag));
      const expected = keccak(concatBytes(new Uint8Array([0xff]), factory, salt, keccak(initcode))).slice(12);

      expect(bytesToHex(read(chain, factory, 'predict(bytes32,uint256)', [salt, tag], ['address'])[0] as Bytes)).toBe(
        bytesToHex(expected),
      );

      const r = send(chain, ALICE_KEY, factory, encodeCall('deploy(bytes32,uint256)', [salt, tag]));
      expect(r.receipt.status).toBe(1);
      expect(bytesToHex(decodeAbi(['address'], r.returnData)[0] as Bytes)).toBe(bytesToHex(expected));
      expect(r.receipt.logs).toHaveLength(1);
      expect(r.receipt.logs[0]!.topics.map(bytesToHex)).toEqual([
        bytesToHex(eventTopic('Deployed(address,bytes32)')),
        bytesToHex(addressWord(expected)),
        bytesToHex(salt),
      ]);

      // The child ran its constructor: its immutables hold the factory and the tag.
      expect(bytesToHex(read(chain, expected, 'parent()', [], ['address'])[0] as Bytes)).toBe(bytesToHex(factory));
      expect(read(chain, expected, 'tag()', [], ['uint256'])).toEqual([tag]);
      const state = chain.state();
      expect(state.getCode(expected).length).toBe(contract('Child').deployedBytecode.length);
      expect(state.getNonce(expected)).toBe(1n);
      // CREATE2 increments the factory's nonce as CREATE would.
      expect(state.getNonce(factory)).toBe(2n);

      // The same salt and initcode again collide: `new` fails and the transaction reverts.
      const again = send(chain, ALICE_KEY, factory, encodeCall('deploy(bytes32,uint256)', [salt, tag]));
      expect(again.receipt.status).toBe(0);
      expect(again.error?.kind).toBe('revert');
      // Another tag is other initcode, so another address.
      const other = send(chain, ALICE_KEY, factory, encodeCall('deploy(bytes32,uint256)', [salt, 8n]));
      expect(other.receipt.status).toBe(1);
      expect(bytesToHex(decodeAbi(['address'], other.returnData)[0] as Bytes)).not.toBe(bytesToHex(expected));
    });
  });

  describe('calls between contracts', () => {
    it('reads another contract through a call and writes through it as msg.sender', () => {
      const chain = newChain();
      const store = deploy(chain, 'Store');
      const caller = deploy(chain, 'Caller', ['address'], [store]);

      const r = send(chain, ALICE_KEY, caller, encodeCall('setThrough(uint256)', [21n]));
      expect(r.receipt.status).toBe(1);
      expect(decodeAbi(['uint256'], r.returnData)).toEqual([21n]);
      // The event comes from the store, and the store saw the Caller contract as its msg.sender.
      expect(r.receipt.logs).toHaveLength(1);
      expect(bytesToHex(r.receipt.logs[0]!.address)).toBe(bytesToHex(store));
      expect(bytesToHex(r.receipt.logs[0]!.topics[1]!)).toBe(bytesToHex(addressWord(caller)));
      expect(read(chain, store, 'totals(address)', [caller], ['uint256'])).toEqual([21n]);
      expect(read(chain, store, 'totals(address)', [ALICE], ['uint256'])).toEqual([0n]);

      expect(read(chain, caller, 'readThrough()', [], ['uint256'])).toEqual([42n]);
    });

    it('try/catch catches a reverting call and its reason', () => {
      const chain = newChain();
      const store = deploy(chain, 'Store');
      const caller = deploy(chain, 'Caller', ['address'], [store]);
      const result = ['uint8', 'string', 'bytes'] as AbiType[];

      // The inner revert is caught: the transaction succeeds and carries the reason back.
      const r = send(chain, ALICE_KEY, caller, encodeCall('trySet(uint256)', [13n]));
      expect(r.receipt.status).toBe(1);
      expect(r.receipt.logs).toEqual([]);
      expect(decodeAbi(result, r.returnData)).toEqual([1n, 'unlucky number', new Uint8Array(0)]);

      const custom = send(chain, ALICE_KEY, caller, encodeCall('trySet(uint256)', [5000n]));
      expect(custom.receipt.status).toBe(1);
      const [kind, reason, data] = decodeAbi(result, custom.returnData);
      expect([kind, reason]).toEqual([2n, '']);
      expect(bytesToHex(data as Bytes)).toBe(
        bytesToHex(concatBytes(selector('TooLarge(uint256,uint256)'), word(5000n), word(1000n))),
      );
      expect(read(chain, store, 'get()', [], ['uint256'])).toEqual([0n]);

      const ok = send(chain, ALICE_KEY, caller, encodeCall('trySet(uint256)', [9n]));
      expect(decodeAbi(result, ok.returnData)).toEqual([0n, '', new Uint8Array(0)]);
      expect(ok.receipt.logs).toHaveLength(1);
      expect(read(chain, store, 'get()', [], ['uint256'])).toEqual([9n]);
    });
  });

  describe('context, value and computation', () => {
    it('block.number, block.timestamp, tx.origin and msg.sender', () => {
      const chain = newChain();
      const misc = deploy(chain, 'Misc');
      const r = send(chain, ALICE_KEY, misc, encodeCall('context()', []));
      const { number, time } = chain.head;
      expect(number).toBe(2n);
      const types: AbiType[] = ['uint256', 'uint256', 'address', 'address'];
      expect(decodeAbi(types, r.returnData).map(show)).toEqual([number, time, ALICE, ALICE].map(show));
      // eth_call runs in the head block's context, as the caller.
      expect(read(chain, misc, 'context()', [], types, BOB).map(show)).toEqual([number, time, BOB, BOB].map(show));
    });

    it('msg.value reaches a payable function and address(this).balance', () => {
      const chain = newChain();
      const misc = deploy(chain, 'Misc');
      const first = send(chain, ALICE_KEY, misc, encodeCall('deposit()', []), ETHER);
      expect(decodeAbi(['uint256'], first.returnData)).toEqual([ETHER]);
      const second = send(chain, BOB_KEY, misc, encodeCall('deposit()', []), ETHER / 2n);
      expect(decodeAbi(['uint256'], second.returnData)).toEqual([(3n * ETHER) / 2n]);

      expect(read(chain, misc, 'deposits()', [], ['uint256'])).toEqual([(3n * ETHER) / 2n]);
      const state = chain.state();
      expect(state.getBalance(misc)).toBe((3n * ETHER) / 2n);
      expect(state.getBalance(BOB)).toBe(100n * ETHER - ETHER / 2n - second.gasUsed * (BASE_FEE + TIP));
    });

    it('keccak256(abi.encodePacked(...)) matches an independent keccak', () => {
      const chain = newChain();
      const misc = deploy(chain, 'Misc');
      for (const [a, s] of [
        [12345n, 'hello'],
        [0n, ''],
        [(1n << 256n) - 1n, 'a string longer than one 32-byte word, to cross a word boundary'],
      ] as const) {
        const [h] = read(chain, misc, 'hash(uint256,string)', [a, s], ['bytes32']);
        expect(bytesToHex(h as Bytes)).toBe(bytesToHex(keccak(concatBytes(word(a), utf8ToBytes(s)))));
      }
    });

    it('a loop computes its sum and costs the same gas per iteration', () => {
      const chain = newChain();
      const misc = deploy(chain, 'Misc');
      expect(read(chain, misc, 'sumTo(uint256)', [0n], ['uint256'])).toEqual([0n]);
      expect(read(chain, misc, 'sumTo(uint256)', [100n], ['uint256'])).toEqual([5050n]);
      expect(read(chain, misc, 'sumTo(uint256)', [10_000n], ['uint256'])).toEqual([50_005_000n]);

      const gas = (n: bigint): bigint => {
        const r = chain.call({ from: BOB, to: misc, data: encodeCall('sumTo(uint256)', [n]) });
        return r.gasUsed - calldataGas(encodeCall('sumTo(uint256)', [n]));
      };
      const perIteration = (gas(200n) - gas(100n)) / 100n;
      expect(gas(300n) - gas(200n)).toBe(100n * perIteration);
      // An iteration is a few dozen simple opcodes at 3-10 gas each.
      expect(perIteration).toBeGreaterThan(20n);
      expect(perIteration).toBeLessThan(200n);
    });

    it('transient storage lives for one transaction only and never reaches storage', () => {
      const chain = newChain();
      const misc = deploy(chain, 'Misc');
      const twice = send(chain, ALICE_KEY, misc, encodeCall('bumpTwice()', []));
      expect(twice.receipt.status).toBe(1);
      expect(decodeAbi(['uint256'], twice.returnData)).toEqual([2n]);

      // Next transaction, and two in one block: each starts from zero.
      expect(decodeAbi(['uint256'], send(chain, ALICE_KEY, misc, encodeCall('bump()', [])).returnData)).toEqual([1n]);
      const both = chain.mine([
        signed(chain, ALICE_KEY, misc, encodeCall('bump()', [])),
        signed(chain, ALICE_KEY, misc, encodeCall('bumpTwice()', []), { nonceOffset: 1n }),
      ]);
      expect(both.map((r) => decodeAbi(['uint256'], r.returnData)[0])).toEqual([1n, 2n]);
      expect(both[1]!.receipt.cumulativeGasUsed).toBe(both[0]!.gasUsed + both[1]!.gasUsed);

      // `deposits` is the contract's only storage variable (slot 0): the counter took no slot.
      expect(chain.state().getState(misc, 0n)).toBe(0n);
      expect(read(chain, misc, 'bumpTwice()', [], ['uint256'])).toEqual([2n]);
    });
  });
});

/** Addresses as hex, so that value lists compare by content. */
function show(v: AbiValue): unknown {
  return v instanceof Uint8Array ? bytesToHex(v) : v;
}
