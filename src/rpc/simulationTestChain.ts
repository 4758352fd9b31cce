// Test support for the simulation tests: a real Blockchain on a MemoryStore, three blocks deep, holding contracts
// for every kind of outcome (a result read from storage, a revert with data, an endless loop, a loop of as many
// turns as the caller asks, BLOCKHASH), and the pieces a simulation is built from.
import { bigintToFixedBytes, bytesToHex, hexToBytes, type Bytes } from '../common/bytes.js';
import { BeaconEngine } from '../consensus/beacon/beacon.js';
import { Blockchain } from '../core/chain/blockchain.js';
import { generateBlocks, SILENT_LOG, TEST_ADDRESSES, TEST_CONFIG, testGenesis, transferSpecs } from '../core/chain/testChain.js';
import type { GenesisAccount } from '../core/genesis/genesis.js';
import type { Message } from '../core/message.js';
import { asm } from '../core/vm/testEvm.js';
import { MemoryStore } from '../db/memoryStore.js';
import { callGas, callMessage, type CallArgs } from './callArgs.js';

const address = (tail: string): Bytes => hexToBytes('0x' + tail.padStart(40, '0'));

/** Returns slot 0 plus one (slot 0 holds 41). */
export const COUNTER = address('c0de01');
/** Reverts with CUSTOM_REVERT_DATA. */
export const REVERTER = address('c0de02');
export const LOOP = address('c0de03');
/** Loops as many times as its first calldata word says, then returns 42. */
export const COUNTDOWN = address('c0de04');
/** Returns the hash of block 1. */
export const BLOCKHASH_1 = address('c0de05');
export const CUSTOM_REVERT_DATA = '0xdeadbeef';
export const RECIPIENT = address('beef');

export const SENDER = TEST_ADDRESSES[0]!;

function contract(code: Bytes, storage: Map<string, Bytes> = new Map()): GenesisAccount {
  return { balance: 0n, nonce: 1n, code, storage };
}

const RETURN_TOP = 'PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN';

export const GENESIS = testGenesis(TEST_CONFIG, {
  [bytesToHex(COUNTER)]: contract(
    asm(`PUSH1 0 SLOAD PUSH1 1 ADD ${RETURN_TOP}`),
    new Map([[bytesToHex(new Uint8Array(32)), bigintToFixedBytes(41n, 32)]]),
  ),
  [bytesToHex(REVERTER)]: contract(asm(`PUSH4 ${CUSTOM_REVERT_DATA} PUSH1 224 SHL PUSH1 0 MSTORE PUSH1 4 PUSH1 0 REVERT`)),
  [bytesToHex(LOOP)]: contract(asm('JUMPDEST PUSH1 0 JUMP')),
  // 0: PUSH1 0, 2: CALLDATALOAD, 3: JUMPDEST ... 9: JUMPI
  [bytesToHex(COUNTDOWN)]: contract(
    asm(`PUSH1 0 CALLDATALOAD JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH1 3 JUMPI PUSH1 42 ${RETURN_TOP}`),
  ),
  [bytesToHex(BLOCKHASH_1)]: contract(asm(`PUSH1 1 BLOCKHASH ${RETURN_TOP}`)),
});

/** A chain of three blocks (a transfer in each) over a MemoryStore. */
export async function simulationChain(): Promise<Blockchain> {
  const blocks = await generateBlocks({ genesis: GENESIS }, transferSpecs(3, RECIPIENT));
  const chain = await Blockchain.open(new MemoryStore(), { engine: new BeaconEngine(), genesis: GENESIS, log: SILENT_LOG });
  await chain.insertChain(blocks);
  return chain;
}

/** The message eth_call makes of `args` under the default 50M gas cap. */
export function callTo(chain: Blockchain, args: CallArgs): Message {
  return callMessage(args, callGas(args, 50_000_000n), chain.currentHeader.baseFeePerGas);
}

/** Calldata asking COUNTDOWN for `turns` turns. */
export function turns(n: bigint): Bytes {
  return bigintToFixedBytes(n, 32);
}
