// Applying one transaction to the state, as geth's core/state_transition.go does: check it against the state,
// buy its gas, run it through the EVM, refund, pay the coinbase. A transaction that fails a check is invalid and
// leaves the state and the block's gas pool exactly as they were; one whose execution fails (revert, out of gas)
// is valid, pays for its gas and gets a failed receipt.
import { bytesToBigint, bytesToHex, type Bytes } from '../common/bytes.js';
import type { Rules } from '../params/chainConfig.js';
import { BLOB_COMMITMENT_VERSION_KZG, MAX_INIT_CODE_SIZE } from '../params/protocol.js';
import { BLOB_GAS_PER_BLOB } from '../params/protocolFees.js';
import type { GasPool } from './gasPool.js';
import { transactionToMessage, type Message } from './message.js';
import type { StateDB } from './state/stateDb.js';
import { StateTransitionError } from './stateTransitionError.js';
import type { AccessList } from './types/accessList.js';
import { logsBloom } from './types/bloom.js';
import { floorDataGas, intrinsicGas } from './types/intrinsicGas.js';
import type { Receipt } from './types/receipt.js';
import type { Transaction } from './types/transaction.js';
import type { EvmError } from './vm/errors.js';
import type { CallResult, Evm } from './vm/evm.js';
import { precompileAddresses } from './vm/precompiles/registry.js';
import type { AccessListEntry } from './vm/stateDb.js';

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_UINT256 = (1n << 256n) - 1n;

/** Gas used may be refunded up to 1/2 of it before London, 1/5 from London on (EIP-3529). */
const REFUND_QUOTIENT = 2n;
const REFUND_QUOTIENT_EIP3529 = 5n;

/** What the transition needs of the EVM: the vm's Evm, bound to the block and the state. */
export type MessageEvm = Pick<Evm, 'state' | 'rules' | 'blockContext' | 'setTxContext' | 'call' | 'create'>;

export interface ApplyOptions {
  /**
   * For simulated calls (eth_call, gas estimation), as geth's NoBaseFee: a message whose fee caps are both zero
   * skips the base-fee checks and pays no fee to the coinbase (likewise a zero blob fee cap and the blob fee check).
   */
  noBaseFee?: boolean;
}

export interface ExecutionResult {
  /** Gas charged to the sender, after the refund. */
  gasUsed: bigint;
  /** Why execution failed, when it did; the transaction is still valid and its gas is paid. */
  error?: EvmError;
  /** The call's output: the revert data of a revert, the deployed code of a creation. */
  returnData: Bytes;
  /** For a creation: where the contract was (or would have been) created. */
  contractAddress?: Bytes;
}

/**
 * Applies `msg` to the EVM's state. Throws a StateTransitionError when the message is invalid on this state (the
 * state and `gasPool` are then left as they were); any other exception means the state itself is unusable.
 */
export function applyMessage(
  evm: MessageEvm,
  msg: Message,
  gasPool: GasPool,
  options: ApplyOptions = {},
): ExecutionResult {
  const state = evm.state;
  const snapshot = state.snapshot();
  const poolGas = gasPool.gas;
  try {
    return execute(evm, msg, gasPool, options.noBaseFee === true);
  } catch (e) {
    state.revertToSnapshot(snapshot);
    gasPool.setGas(poolGas);
    throw e;
  }
}

function execute(evm: MessageEvm, msg: Message, gasPool: GasPool, noBaseFee: boolean): ExecutionResult {
  const { state, rules } = evm;
  const block = evm.blockContext;
  const from = msg.from;
  const blobGas = msg.blobHashes === undefined ? 0n : BigInt(msg.blobHashes.length) * BLOB_GAS_PER_BLOB;
  const skipFees = noBaseFee && msg.gasFeeCap === 0n && msg.gasTipCap === 0n;

  preCheck(evm, msg, blobGas, noBaseFee, skipFees);
  buyGas(evm, msg, gasPool, blobGas);

  const isCreation = msg.to === undefined;
  const intrinsic = intrinsicGas(msg, rules);
  if (msg.gasLimit < intrinsic) {
    throw new StateTransitionError('intrinsicGas', `intrinsic gas too low: have ${msg.gasLimit}, want ${intrinsic}`);
  }
  // EIP-7623: the gas limit must cover the calldata floor, charged at the end if execution used less.
  let floor = 0n;
  if (rules.isPrague) {
    floor = floorDataGas(msg.data);
    if (msg.gasLimit < floor) {
      throw new StateTransitionError(
        'floorDataGas',
        `insufficient gas for floor data gas cost: have ${msg.gasLimit}, want ${floor}`,
      );
    }
  }
  let gas = msg.gasLimit - intrinsic;

  if (rules.isShanghai && isCreation && msg.data.length > MAX_INIT_CODE_SIZE) {
    throw new StateTransitionError(
      'maxInitCodeSize',
      `max initcode size exceeded: code size ${msg.data.length} limit ${MAX_INIT_CODE_SIZE}`,
    );
  }

  state.prepare(rules, from, block.coinbase, msg.to, precompileAddresses(rules), accessListEntries(msg.accessList));
  evm.setTxContext({ origin: from, gasPrice: msg.gasPrice, blobHashes: msg.blobHashes ? [...msg.blobHashes] : [] });

  let result: CallResult;
  let contractAddress: Bytes | undefined;
  if (isCreation) {
    // The EVM's create increments the sender's nonce itself.
    const created = evm.create(from, msg.data, gas, msg.value);
    contractAddress = created.address;
    result = created;
  } else {
    state.setNonce(from, state.getNonce(from) + 1n);
    result = evm.call(from, msg.to!, msg.data, gas, msg.value);
  }
  gas = result.gasLeft;

  const quotient = rules.isLondon ? REFUND_QUOTIENT_EIP3529 : REFUND_QUOTIENT;
  const maxRefund = (msg.gasLimit - gas) / quotient;
  const refund = state.getRefund();
  gas += refund < maxRefund ? refund : maxRefund;
  if (rules.isPrague && msg.gasLimit - gas < floor) gas = msg.gasLimit - floor;

  // Unused gas goes back to the sender at the price paid, and back to the block for later transactions.
  state.addBalance(from, gas * msg.gasPrice);
  gasPool.addGas(gas);

  const gasUsed = msg.gasLimit - gas;
  if (!skipFees) {
    // From London the base fee part of the price is burnt; the coinbase gets the tip. The credit happens even
    // when it is zero: it touches the coinbase (EIP-161), as in geth.
    const tip = rules.isLondon ? msg.gasPrice - block.baseFee : msg.gasPrice;
    state.addBalance(block.coinbase, gasUsed * tip);
  }

  const out: ExecutionResult = { gasUsed, returnData: result.returnData };
  if (result.error !== undefined) out.error = result.error;
  if (contractAddress !== undefined) out.contractAddress = contractAddress;
  return out;
}

/** The checks made before any gas is bought, in geth's order. */
function preCheck(evm: MessageEvm, msg: Message, blobGas: bigint, noBaseFee: boolean, skipFees: boolean): void {
  const { state, rules } = evm;
  const block = evm.blockContext;
  const sender = bytesToHex(msg.from);

  if (!msg.skipNonceChecks) {
    const stateNonce = state.getNonce(msg.from);
    if (stateNonce < msg.nonce) {
      throw new StateTransitionError('nonceTooHigh', `nonce too high: address ${sender}, tx: ${msg.nonce} state: ${stateNonce}`);
    }
    if (stateNonce > msg.nonce) {
      throw new StateTransitionError('nonceTooLow', `nonce too low: address ${sender}, tx: ${msg.nonce} state: ${stateNonce}`);
    }
    // EIP-2681: the nonce could not be incremented.
    if (stateNonce >= MAX_UINT64) {
      throw new StateTransitionError('nonceMax', `nonce has max value: address ${sender}, nonce: ${stateNonce}`);
    }
  }

  // EIP-3607: an account with code cannot send transactions (it has no key, unless someone found a collision).
  if (!msg.skipFromEoaCheck) {
    const codeSize = state.getCodeSize(msg.from);
    if (codeSize > 0) {
      throw new StateTransitionError('senderNoEoa', `sender not an eoa: address ${sender}, len(code): ${codeSize}`);
    }
  }

  if (rules.isLondon && !skipFees) {
    if (msg.gasFeeCap > MAX_UINT256) {
      throw new StateTransitionError(
        'feeCapVeryHigh',
        `max fee per gas higher than 2^256-1: address ${sender}, maxFeePerGas bit length: ${msg.gasFeeCap.toString(2).length}`,
      );
    }
    if (msg.gasTipCap > MAX_UINT256) {
      throw new StateTransitionError(
        'tipVeryHigh',
        `max priority fee per gas higher than 2^256-1: address ${sender}, maxPriorityFeePerGas bit length: ${msg.gasTipCap.toString(2).length}`,
      );
    }
    if (msg.gasFeeCap < msg.gasTipCap) {
      throw new StateTransitionError(
        'tipAboveFeeCap',
        `max priority fee per gas higher than max fee per gas: address ${sender}, maxPriorityFeePerGas: ${msg.gasTipCap}, maxFeePerGas: ${msg.gasFeeCap}`,
      );
    }
    if (msg.gasFeeCap < block.baseFee) {
      throw new StateTransitionError(
        'feeCapTooLow',
        `max fee per gas less than block base fee: address ${sender}, maxFeePerGas: ${msg.gasFeeCap}, baseFee: ${block.baseFee}`,
      );
    }
  }

  if (msg.blobHashes !== undefined) {
    if (msg.to === undefined) throw new StateTransitionError('blobTxCreate', 'blob transaction of type create');
    if (msg.blobHashes.length === 0) {
      throw new StateTransitionError('missingBlobHashes', 'blob transaction missing blob hashes');
    }
    msg.blobHashes.forEach((hash, i) => {
      if (hash.length !== 32 || hash[0] !== BLOB_COMMITMENT_VERSION_KZG) {
        throw new StateTransitionError('invalidBlobHashVersion', `blob ${i} has invalid hash version`);
      }
    });
  }

  if (rules.isCancun && blobGas > 0n) {
    const feeCap = msg.blobGasFeeCap ?? 0n;
    if (!(noBaseFee && feeCap === 0n) && feeCap < block.blobBaseFee) {
      throw new StateTransitionError(
        'blobFeeCapTooLow',
        `max fee per blob gas less than block blob gas fee: address ${sender} blobGasFeeCap: ${feeCap}, blobBaseFee: ${block.blobBaseFee}`,
      );
    }
  }
}

/**
 * Charges gasLimit * gasPrice (and the blob gas at the block's blob base fee) to the sender, after checking it
 * could afford the worst case: gasLimit * fee cap + blob gas * blob fee cap + value. (So geth's later
 * "insufficient funds for transfer" check cannot fail here and is not repeated.)
 */
function buyGas(evm: MessageEvm, msg: Message, gasPool: GasPool, blobGas: bigint): void {
  const { state, rules } = evm;
  let cost = msg.gasLimit * msg.gasPrice;
  let required = msg.gasLimit * msg.gasFeeCap + msg.value;
  if (rules.isCancun && blobGas > 0n) {
    required += blobGas * (msg.blobGasFeeCap ?? 0n);
    cost += blobGas * evm.blockContext.blobBaseFee;
  }
  // A simulated call may price gas above its fee cap or skip the blob fee check: cover what is charged too, so
  // the value transfer that follows is always affordable.
  if (cost + msg.value > required) required = cost + msg.value;
  const sender = bytesToHex(msg.from);
  if (required > MAX_UINT256) {
    throw new StateTransitionError(
      'insufficientFunds',
      `insufficient funds for gas * price + value: address ${sender} required balance exceeds 256 bits`,
    );
  }
  const balance = state.getBalance(msg.from);
  if (balance < required) {
    throw new StateTransitionError(
      'insufficientFunds',
      `insufficient funds for gas * price + value: address ${sender} have ${balance} want ${required}`,
    );
  }
  gasPool.subGas(msg.gasLimit);
  state.subBalance(msg.from, cost);
}

function accessListEntries(list: AccessList): AccessListEntry[] {
  return list.map((t) => ({ address: t.address, storageKeys: t.storageKeys.map(bytesToBigint) }));
}

export interface AppliedTransaction {
  /** The consensus receipt, as the receipts root commits to it. */
  receipt: Receipt;
  gasUsed: bigint;
  /** EIP-4844 blob gas of the transaction; 0 for other types. */
  blobGasUsed: bigint;
  /** For a creation: the new contract's address (set even when the creation failed, as in geth). */
  contractAddress?: Bytes;
  /** Why execution failed, when it did (the receipt's status is then 0). */
  error?: EvmError;
  returnData: Bytes;
}

/**
 * Applies the `txIndex`-th transaction of a block and builds its receipt; `cumulativeGasUsed` is the gas used by
 * the transactions before it. Ends the transaction on `state` (finalise from Byzantium, else the intermediate
 * root that pre-Byzantium receipts carry). `evm` must run on `state`. Throws a StateTransitionError (or a
 * TransactionValidationError for a signature the fork rejects) when the transaction is invalid; nothing changes
 * then.
 */
export function applyTransaction(
  evm: MessageEvm,
  state: StateDB,
  gasPool: GasPool,
  tx: Transaction,
  txIndex: number,
  cumulativeGasUsed: bigint,
): AppliedTransaction {
  if (evm.state !== state) throw new Error('applyTransaction: the EVM must run on the StateDB it is given');
  const rules: Rules = evm.rules;
  const msg = transactionToMessage(tx, rules, rules.isLondon ? evm.blockContext.baseFee : undefined);
  state.setTxContext(tx.hash, txIndex);
  const result = applyMessage(evm, msg, gasPool);

  let postState: Bytes | undefined;
  if (rules.isByzantium) state.finalise(true);
  else postState = state.intermediateRoot(rules.isEIP158);

  const logs = state.getLogs(tx.hash);
  const receipt: Receipt = {
    type: tx.type,
    cumulativeGasUsed: cumulativeGasUsed + result.gasUsed,
    logsBloom: logsBloom(logs),
    logs,
  };
  if (postState !== undefined) receipt.postState = postState;
  else receipt.status = result.error === undefined ? 1 : 0;

  const applied: AppliedTransaction = {
    receipt,
    gasUsed: result.gasUsed,
    blobGasUsed: tx.blobGas,
    returnData: result.returnData,
  };
  if (result.contractAddress !== undefined) applied.contractAddress = result.contractAddress;
  if (result.error !== undefined) applied.error = result.error;
  return applied;
}
