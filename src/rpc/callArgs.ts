// The transaction object eth_call, eth_estimateGas and eth_createAccessList take (geth's TransactionArgs), and
// the message it becomes: missing fields get call defaults (zero sender, zero fees, the gas cap), and fees are
// read the way geth reads them, so that a call without fees runs without paying any.
import { bytesEqual, EMPTY_BYTES, type Bytes } from '../common/bytes.js';
import type { Message } from '../core/message.js';
import type { AccessList } from '../core/types/accessList.js';
import { serverError } from './jsonrpc.js';
import {
  decodeAddress,
  decodeArray,
  decodeData,
  decodeField,
  decodeHash,
  decodeObject,
  decodeQuantity,
  decodeUint64,
  ParamError,
} from './params.js';

export interface CallArgs {
  from?: Bytes;
  /** Undefined for a contract creation. */
  to?: Bytes;
  gas?: bigint;
  gasPrice?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  maxFeePerBlobGas?: bigint;
  value?: bigint;
  nonce?: bigint;
  /** "input", or the older "data". */
  input?: Bytes;
  accessList?: AccessList;
  chainId?: bigint;
  blobVersionedHashes?: Bytes[];
}

const ZERO_ADDRESS: Bytes = new Uint8Array(20);
const MAX_UINT64 = (1n << 64n) - 1n;

export function decodeAccessListParam(v: unknown): AccessList {
  return decodeArray(v, (entry) => {
    const obj = decodeObject(entry);
    const address = decodeField(obj, 'address', decodeAddress);
    if (address === undefined) throw new ParamError('address: missing');
    return { address, storageKeys: decodeField(obj, 'storageKeys', (k) => decodeArray(k, decodeHash)) ?? [] };
  });
}

export function decodeCallArgs(v: unknown): CallArgs {
  const obj = decodeObject(v);
  if (obj.authorizationList !== undefined && obj.authorizationList !== null) {
    throw new ParamError('authorizationList: EIP-7702 transactions are not supported (Prague is not implemented)');
  }
  const data = decodeField(obj, 'data', decodeData);
  const input = decodeField(obj, 'input', decodeData);
  if (data !== undefined && input !== undefined && !bytesEqual(data, input)) {
    throw new ParamError('both "data" and "input" are set and not equal. Please use "input" to pass transaction call data');
  }
  const args: CallArgs = {
    from: decodeField(obj, 'from', decodeAddress),
    to: decodeField(obj, 'to', decodeAddress),
    gas: decodeField(obj, 'gas', decodeUint64),
    gasPrice: decodeField(obj, 'gasPrice', decodeQuantity),
    maxFeePerGas: decodeField(obj, 'maxFeePerGas', decodeQuantity),
    maxPriorityFeePerGas: decodeField(obj, 'maxPriorityFeePerGas', decodeQuantity),
    maxFeePerBlobGas: decodeField(obj, 'maxFeePerBlobGas', decodeQuantity),
    value: decodeField(obj, 'value', decodeQuantity),
    nonce: decodeField(obj, 'nonce', decodeUint64),
    input: input ?? data,
    accessList: decodeField(obj, 'accessList', decodeAccessListParam),
    chainId: decodeField(obj, 'chainId', decodeQuantity),
    blobVersionedHashes: decodeField(obj, 'blobVersionedHashes', (h) => decodeArray(h, decodeHash)),
  };
  if (args.gasPrice !== undefined && (args.maxFeePerGas !== undefined || args.maxPriorityFeePerGas !== undefined)) {
    throw new ParamError('both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified');
  }
  return args;
}

export function callSender(args: CallArgs): Bytes {
  return args.from ?? ZERO_ADDRESS;
}

/** The chain id, when given, must be this chain's. */
export function checkCallChainId(args: CallArgs, chainId: bigint): void {
  if (args.chainId !== undefined && args.chainId !== chainId) {
    throw serverError(`chainId does not match node's (have=${args.chainId}, want=${chainId})`);
  }
}

/** The gas a call runs with: what it asks for, at most `gasCap` (0: no cap); the cap (or 2^63) when it asks none. */
export function callGas(args: CallArgs, gasCap: bigint): bigint {
  const fallback = gasCap > 0n ? gasCap : MAX_UINT64 / 2n;
  if (args.gas === undefined) return fallback;
  return gasCap > 0n && args.gas > gasCap ? gasCap : args.gas;
}

/**
 * The message of a simulated call in a block with `baseFee` (undefined before London), with `gasLimit`. Nonce
 * and sender checks are skipped, as a call is not a signed transaction.
 */
export function callMessage(args: CallArgs, gasLimit: bigint, baseFee: bigint | undefined): Message {
  let gasPrice: bigint;
  let gasFeeCap: bigint;
  let gasTipCap: bigint;
  if (baseFee === undefined || args.gasPrice !== undefined) {
    gasPrice = args.gasPrice ?? 0n;
    gasFeeCap = gasPrice;
    gasTipCap = gasPrice;
  } else {
    gasFeeCap = args.maxFeePerGas ?? 0n;
    gasTipCap = args.maxPriorityFeePerGas ?? 0n;
    // What the EVM sees as GASPRICE; zero when no fee is given, so the call pays nothing.
    gasPrice = 0n;
    if (gasFeeCap > 0n || gasTipCap > 0n) {
      gasPrice = gasTipCap + baseFee;
      if (gasPrice > gasFeeCap) gasPrice = gasFeeCap;
    }
  }
  const blobHashes = args.blobVersionedHashes;
  return {
    from: callSender(args),
    to: args.to,
    nonce: args.nonce ?? 0n,
    value: args.value ?? 0n,
    gasLimit,
    gasPrice,
    gasFeeCap,
    gasTipCap,
    data: args.input ?? EMPTY_BYTES,
    accessList: args.accessList ?? [],
    blobHashes,
    blobGasFeeCap: blobHashes === undefined ? undefined : (args.maxFeePerBlobGas ?? 0n),
    skipNonceChecks: true,
    skipFromEoaCheck: true,
  };
}
