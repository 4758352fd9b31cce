// eth_estimateGas (geth's gasestimator): the least gas limit with which a call succeeds, found by binary search
// between the gas it used when given all it could have and that upper bound, which is the block's gas limit, the
// gas asked for, what the sender's balance can pay for and the RPC gas cap, whichever is least. The search stops
// once within 1.5% (wallets add a margin anyway). Each execution starts a fresh turn of the event loop, so a long
// estimate does not hold up other requests.
import type { Message } from '../core/message.js';
import type { ExecutionResult } from '../core/stateTransition.js';
import { StateTransitionError } from '../core/stateTransitionError.js';
import { BLOB_GAS_PER_BLOB } from '../params/protocolFees.js';
import { runCall, type SimulationEnvironment } from './evmCall.js';
import { serverError } from './jsonrpc.js';
import { revertError } from './revertError.js';

/** The cheapest transaction there is: below this, only intrinsic gas errors are to be had. */
const TX_GAS = 21_000n;
/** Gas a CALL with value hands the callee on top: part of the first guess at the limit. */
const CALL_STIPEND = 2_300n;
/** geth's estimateGasErrorRatio. */
const ERROR_RATIO = 0.015;

interface Attempt {
  /** The message failed with this gas, possibly for lack of it. */
  failed: boolean;
  result?: ExecutionResult;
  /** The refund counter at the end: with gasUsed, what the execution needed before its refund. */
  refund: bigint;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Estimates the gas `msg` needs; `msg.gasLimit` is the caller's limit (0 for none), `gasCap` the RPC cap (0 for
 * none). Throws a revert error (code 3) when the call reverts with data, and an error saying why otherwise.
 */
export async function estimateGas(env: SimulationEnvironment, msg: Message, gasCap: bigint): Promise<bigint> {
  let hi = msg.gasLimit >= TX_GAS ? msg.gasLimit : env.header.gasLimit;
  const feeCap = msg.gasFeeCap;
  if (feeCap > 0n) {
    let available = env.openState().getBalance(msg.from);
    if (msg.value >= available) throw serverError('insufficient funds for transfer');
    available -= msg.value;
    const blobs = BigInt(msg.blobHashes?.length ?? 0);
    if (blobs > 0n && env.header.excessBlobGas !== undefined) {
      const blobCost = blobs * BLOB_GAS_PER_BLOB * (msg.blobGasFeeCap ?? 0n);
      if (blobCost >= available) throw serverError('insufficient funds for gas * price + value');
      available -= blobCost;
    }
    const allowance = available / feeCap;
    if (hi > allowance) hi = allowance;
  }
  if (gasCap > 0n && hi > gasCap) hi = gasCap;

  const attempt = async (gas: bigint): Promise<Attempt> => {
    await yieldToEventLoop();
    return execute(env, { ...msg, gasLimit: gas });
  };

  // A plain transfer most likely needs exactly 21000; it is still run, as fields such as an access list add to it.
  if (msg.data.length === 0 && msg.to !== undefined && env.openState().getCodeSize(msg.to) === 0) {
    const transfer = await attempt(TX_GAS);
    if (!transfer.failed) return TX_GAS;
  }

  const top = await attempt(hi);
  if (top.failed) {
    const error = top.result?.error;
    if (error !== undefined && error.kind !== 'outOfGas') {
      if (error.kind === 'revert' && top.result!.returnData.length > 0) throw revertError(top.result!.returnData);
      throw serverError(error.message);
    }
    throw serverError(`gas required exceeds allowance (${hi})`);
  }
  // What the unconstrained run used bounds the answer from below (a contract that checks gasleft() aside).
  let lo = top.result!.gasUsed - 1n;
  // Most calls succeed with what they used before refunds plus the stipend and the 63/64 rule's share.
  const optimistic = ((top.result!.gasUsed + top.refund + CALL_STIPEND) * 64n) / 63n;
  if (optimistic < hi) {
    if ((await attempt(optimistic)).failed) lo = optimistic;
    else hi = optimistic;
  }
  while (lo + 1n < hi) {
    if (Number(hi - lo) / Number(hi) < ERROR_RATIO) break;
    let mid = lo + (hi - lo) / 2n;
    // Favour the low side: most calls need little more than they used.
    if (mid > lo * 2n) mid = lo * 2n;
    if ((await attempt(mid)).failed) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** One execution with `msg.gasLimit`; a state transition error other than too little intrinsic gas is final. */
function execute(env: SimulationEnvironment, msg: Message): Attempt {
  const state = env.openState();
  try {
    const limits = { timeoutMs: env.timeoutMs, sliceMs: env.sliceMs };
    const result = runCall({ chain: env.chain, header: env.header, state }, msg, limits);
    return { failed: result.error !== undefined, result, refund: state.getRefund() };
  } catch (e) {
    if (e instanceof StateTransitionError) {
      if (e.code === 'intrinsicGas') return { failed: true, refund: 0n };
      throw serverError(`failed with ${msg.gasLimit} gas: ${e.message}`);
    }
    throw e;
  }
}
