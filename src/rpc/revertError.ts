// A reverted call as the API reports it (geth's revertError): code 3, the raw revert data in `data`, and when the
// data is Solidity's Error(string) or Panic(uint256), the reason in the message ("execution reverted: not owner").
import { bytesToBigint, bytesToHex, type Bytes } from '../common/bytes.js';
import { EXECUTION_REVERTED, RpcError } from './jsonrpc.js';

const ERROR_SELECTOR = '0x08c379a0';
const PANIC_SELECTOR = '0x4e487b71';

/** Solidity's panic codes (0.8 on), with the reasons geth gives them. */
const PANIC_REASONS = new Map<bigint, string>([
  [0x00n, 'generic panic'],
  [0x01n, 'assert(false)'],
  [0x11n, 'arithmetic underflow or overflow'],
  [0x12n, 'division or modulo by zero'],
  [0x21n, 'enum overflow'],
  [0x22n, 'invalid encoded storage byte array accessed'],
  [0x31n, 'out-of-bounds array access; popping on an empty array'],
  [0x32n, 'out-of-bounds access of an array or bytesN'],
  [0x41n, 'out of memory'],
  [0x51n, 'uninitialized function'],
]);

function word(data: Bytes, offset: number): bigint | undefined {
  return offset + 32 <= data.length ? bytesToBigint(data.subarray(offset, offset + 32)) : undefined;
}

/** The ABI-encoded string argument after a 4-byte selector, or undefined if the encoding does not hold up. */
function decodeStringArgument(data: Bytes): string | undefined {
  const args = data.subarray(4);
  const offset = word(args, 0);
  if (offset === undefined || offset > BigInt(args.length)) return undefined;
  const length = word(args, Number(offset));
  if (length === undefined) return undefined;
  const start = Number(offset) + 32;
  if (BigInt(start) + length > BigInt(args.length)) return undefined;
  return new TextDecoder().decode(args.subarray(start, start + Number(length)));
}

/** The reason in revert data: Error(string)'s message, or a Panic's meaning; undefined for anything else. */
export function unpackRevertReason(data: Bytes): string | undefined {
  if (data.length < 4) return undefined;
  const selector = bytesToHex(data.subarray(0, 4));
  if (selector === ERROR_SELECTOR) return decodeStringArgument(data);
  if (selector === PANIC_SELECTOR) {
    const code = word(data, 4);
    if (code === undefined) return undefined;
    return PANIC_REASONS.get(code) ?? `unknown panic code: 0x${code.toString(16)}`;
  }
  return undefined;
}

/** The error for a revert that returned `data` (non-empty: an empty revert is a plain "execution reverted"). */
export function revertError(data: Bytes): RpcError {
  const reason = unpackRevertReason(data);
  const message = reason === undefined ? 'execution reverted' : `execution reverted: ${reason}`;
  return new RpcError(EXECUTION_REVERTED, message, bytesToHex(data));
}
