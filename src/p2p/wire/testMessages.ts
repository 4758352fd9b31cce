// Test support for the wire codecs: one of each transaction type, a Shanghai header and body, receipts of both
// kinds, and the junk every decoder must refuse with a WireDecodeError naming its message.
import { bigintToBytes, bigintToFixedBytes, concatBytes, type Bytes } from '../../common/bytes.js';
import { TEST_KEYS } from '../../core/chain/testChain.js';
import type { Body } from '../../core/types/block.js';
import { Header } from '../../core/types/header.js';
import type { Receipt } from '../../core/types/receipt.js';
import type { Transaction } from '../../core/types/transaction.js';
import { ACCESS_LIST_TX_TYPE, BLOB_TX_TYPE, DYNAMIC_FEE_TX_TYPE, LEGACY_TX_TYPE } from '../../core/types/txData.js';
import { signTransaction } from '../../core/types/txSigner.js';
import { WireDecodeError, type WireCodec } from './codec.js';
import { MAX_MESSAGE_SIZE } from './limits.js';

export const fill = (byte: number, length: number): Bytes => new Uint8Array(length).fill(byte);

const TO = fill(0x22, 20);

/** One signed transaction of each type: legacy (EIP-155), access list, dynamic fee, blob. */
export function sampleTransactions(): Transaction[] {
  const key = TEST_KEYS[0]!;
  const accessList = [{ address: fill(0x33, 20), storageKeys: [fill(0x44, 32)] }];
  return [
    signTransaction(
      { type: LEGACY_TX_TYPE, chainId: 1337n, nonce: 0n, gasPrice: 10n, gasLimit: 21_000n, to: TO, value: 1n, data: fill(1, 3) },
      key,
    ),
    signTransaction(
      {
        type: ACCESS_LIST_TX_TYPE,
        chainId: 1337n,
        nonce: 1n,
        gasPrice: 10n,
        gasLimit: 50_000n,
        to: undefined,
        value: 0n,
        data: fill(0x60, 10),
        accessList,
      },
      key,
    ),
    signTransaction(
      {
        type: DYNAMIC_FEE_TX_TYPE,
        chainId: 1337n,
        nonce: 2n,
        maxPriorityFeePerGas: 1n,
        maxFeePerGas: 100n,
        gasLimit: 21_000n,
        to: TO,
        value: 5n,
        data: new Uint8Array(0),
        accessList: [],
      },
      key,
    ),
    signTransaction(
      {
        type: BLOB_TX_TYPE,
        chainId: 1337n,
        nonce: 3n,
        maxPriorityFeePerGas: 1n,
        maxFeePerGas: 100n,
        gasLimit: 21_000n,
        to: TO,
        value: 0n,
        data: new Uint8Array(0),
        accessList,
        maxFeePerBlobGas: 7n,
        blobVersionedHashes: [new Uint8Array([1, ...fill(0x55, 31)])],
      },
      key,
    ),
  ];
}

/** A Shanghai-shaped header (with withdrawalsRoot) at `number`. */
export function sampleHeader(number: bigint, extraData: Bytes = new Uint8Array(0)): Header {
  return new Header({
    parentHash: bigintToFixedBytes(number + 1000n, 32),
    ommersHash: fill(0x1d, 32),
    coinbase: fill(0xc0, 20),
    stateRoot: fill(0x5a, 32),
    transactionsRoot: fill(0x7a, 32),
    receiptsRoot: fill(0x8a, 32),
    logsBloom: fill(0, 256),
    difficulty: 0n,
    number,
    gasLimit: 30_000_000n,
    gasUsed: 21_000n,
    timestamp: 1_700_000_000n + number,
    extraData,
    mixHash: fill(0x3e, 32),
    nonce: fill(0, 8),
    baseFeePerGas: 7n,
    withdrawalsRoot: fill(0x9a, 32),
  });
}

export function sampleBody(): Body {
  return {
    transactions: sampleTransactions(),
    ommers: [],
    withdrawals: [{ index: 1n, validatorIndex: 2n, address: fill(0xaa, 20), amount: 3n }],
  };
}

/** A legacy receipt with a log and a failed typed one. */
export function sampleReceipts(): Receipt[] {
  return [
    {
      type: 0,
      status: 1,
      cumulativeGasUsed: 21_000n,
      logsBloom: fill(0, 256),
      logs: [{ address: fill(0x11, 20), topics: [fill(0x12, 32)], data: fill(0x13, 4) }],
    },
    { type: 2, status: 0, cumulativeGasUsed: 42_000n, logsBloom: fill(0, 256), logs: [] },
  ];
}

/** A list nested `depth` times around an empty list: each level's prefix is sized for everything inside it. */
function deeplyNested(depth: number): Bytes {
  const prefixes: Bytes[] = [];
  let size = 1;
  for (let i = 0; i < depth; i++) {
    const length = bigintToBytes(BigInt(size));
    const prefix = size < 56 ? Uint8Array.of(0xc0 + size) : Uint8Array.of(0xf7 + length.length, ...length);
    prefixes.push(prefix);
    size += prefix.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (let i = prefixes.length - 1; i >= 0; i--) {
    out.set(prefixes[i]!, at);
    at += prefixes[i]!.length;
  }
  out[at] = 0xc0;
  return out;
}

const DEEPLY_NESTED = deeplyNested(100_000);

/** Inputs no message accepts: empty, not RLP, non-canonical, trailing bytes, truncated, too deep, too large. */
export function junkInputs(valid: Bytes): [string, Bytes][] {
  return [
    ['empty input', new Uint8Array(0)],
    ['a single byte string', Uint8Array.of(0x05)],
    ['an empty string', Uint8Array.of(0x80)],
    ['a non-canonical byte', Uint8Array.of(0x81, 0x05)],
    ['a list length beyond the input', Uint8Array.of(0xf8, 0xff, 0xc0)],
    ['trailing bytes', concatBytes(valid, Uint8Array.of(0x00))],
    ['the valid message truncated', valid.subarray(0, valid.length - 1)],
    ['lists nested 100000 deep', DEEPLY_NESTED],
    ['one byte over the size limit', new Uint8Array(MAX_MESSAGE_SIZE + 1).fill(0xc0)],
  ];
}

/**
 * The message of the WireDecodeError the codec throws for `bytes`. Throws when the bytes decode, or when the
 * decoder fails any other way (which would be a bug: a peer's bytes must never cause anything but a decode error).
 */
export function rejectionOf<T>(codec: WireCodec<T>, bytes: Bytes): string {
  try {
    codec.decode(bytes);
  } catch (e) {
    if (e instanceof WireDecodeError && e.messageName === codec.name) return e.message;
    throw new Error(`${codec.name}: expected a WireDecodeError, got ${String(e)}`);
  }
  throw new Error(`${codec.name}: junk decoded without an error`);
}

/**
 * Decodes `rounds` corruptions of a valid message (a byte changed, the input cut short); throws unless each one
 * decodes or fails with a WireDecodeError. A fixed seed keeps failures reproducible. Returns how many were refused.
 */
export function fuzzDecode<T>(codec: WireCodec<T>, valid: Bytes, rounds = 300): number {
  let seed = 0x2124;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let refused = 0;
  for (let round = 0; round < rounds; round++) {
    const bytes = valid.slice(0, round % 3 === 0 ? random(valid.length) + 1 : valid.length);
    bytes[random(bytes.length)] = random(256);
    try {
      codec.decode(bytes);
    } catch (e) {
      if (!(e instanceof WireDecodeError)) throw new Error(`${codec.name}: round ${round} threw ${String(e)}`);
      refused++;
    }
  }
  return refused;
}
