// 0x40-0x4a: the block the transaction runs in, the chain id, the blob hashes of the transaction.
import type { Frame } from '../frame.js';
import { GAS_BASE, GAS_BLOCKHASH, GAS_LOW, GAS_VERY_LOW } from '../gasCosts.js';
import type { OperationSet } from '../jumpTable.js';
import { Op } from '../opcodes.js';
import { bytes32ToWord } from '../words.js';

/** BLOCKHASH sees only the 256 most recent blocks. */
const BLOCKHASH_WINDOW = 256n;

function opBlockhash(f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  const n = s[i]!;
  const current = f.evm.blockContext.number;
  const lowest = current > BLOCKHASH_WINDOW ? current - BLOCKHASH_WINDOW : 0n;
  s[i] = n >= lowest && n < current ? bytes32ToWord(f.evm.blockContext.getHash(n)) : 0n;
}

function opCoinbase(f: Frame): void {
  f.stack[f.sp++] = f.evm.coinbaseWord;
}

function opTimestamp(f: Frame): void {
  f.stack[f.sp++] = f.evm.blockContext.time;
}

function opNumber(f: Frame): void {
  f.stack[f.sp++] = f.evm.blockContext.number;
}

/** DIFFICULTY before the merge, PREVRANDAO (EIP-4399) after it. */
function opPrevrandao(f: Frame): void {
  f.stack[f.sp++] = f.evm.rules.isMerge ? f.evm.prevRandaoWord : f.evm.blockContext.difficulty;
}

function opGaslimit(f: Frame): void {
  f.stack[f.sp++] = f.evm.blockContext.gasLimit;
}

function opChainid(f: Frame): void {
  f.stack[f.sp++] = f.evm.rules.chainId;
}

function opSelfbalance(f: Frame): void {
  f.stack[f.sp++] = f.evm.state.getBalance(f.address);
}

function opBasefee(f: Frame): void {
  f.stack[f.sp++] = f.evm.blockContext.baseFee;
}

/** EIP-4844: the versioned hash at an index of the transaction's blobs, zero past the end. */
function opBlobhash(f: Frame): void {
  const s = f.stack;
  const i = f.sp - 1;
  const hashes = f.evm.txContext.blobHashes;
  const index = s[i]!;
  s[i] = index < BigInt(hashes.length) ? bytes32ToWord(hashes[Number(index)]!) : 0n;
}

function opBlobbasefee(f: Frame): void {
  f.stack[f.sp++] = f.evm.blockContext.blobBaseFee;
}

export const blockOperations: OperationSet = {
  [Op.BLOCKHASH]: { exec: opBlockhash, gas: GAS_BLOCKHASH, pops: 1, pushes: 1 },
  [Op.COINBASE]: { exec: opCoinbase, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.TIMESTAMP]: { exec: opTimestamp, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.NUMBER]: { exec: opNumber, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.PREVRANDAO]: { exec: opPrevrandao, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.GASLIMIT]: { exec: opGaslimit, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.CHAINID]: { exec: opChainid, gas: GAS_BASE, pops: 0, pushes: 1 },
  [Op.SELFBALANCE]: { exec: opSelfbalance, gas: GAS_LOW, pops: 0, pushes: 1 },
  [Op.BASEFEE]: { exec: opBasefee, gas: GAS_BASE, pops: 0, pushes: 1, fork: 'isLondon' },
  [Op.BLOBHASH]: { exec: opBlobhash, gas: GAS_VERY_LOW, pops: 1, pushes: 1, fork: 'isCancun' },
  [Op.BLOBBASEFEE]: { exec: opBlobbasefee, gas: GAS_BASE, pops: 0, pushes: 1, fork: 'isCancun' },
};
