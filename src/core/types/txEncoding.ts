// Wire forms of transactions. Legacy: rlp([nonce, gasPrice, gas, to, value, data, v, r, s]). Typed (EIP-2718):
// type byte || rlp(payload), the payload ending in [yParity, r, s]. Decoding is strict: canonical RLP, canonical
// integers (no leading zeros) of bounded width, exact field counts, 20-byte addresses, 32-byte hashes.
import { concatBytes, EMPTY_BYTES, type Bytes } from '../../common/bytes.js';
import type { Signature } from '../../crypto/secp256k1.js';
import {
  decodeRlp,
  encodeRlp,
  expectBytes,
  expectFixedBytes,
  expectList,
  expectUint,
  RlpError,
  type RlpInput,
  type RlpItem,
} from '../../rlp/rlp.js';
import { decodeAccessList, encodeAccessList } from './accessList.js';
import {
  ACCESS_LIST_TX_TYPE,
  BLOB_TX_TYPE,
  DYNAMIC_FEE_TX_TYPE,
  LEGACY_TX_TYPE,
  type TxData,
} from './txData.js';

export class TxDecodeError extends Error {
  constructor(reason: string) {
    super(`invalid transaction encoding: ${reason}`);
    this.name = 'TxDecodeError';
  }
}

export interface DecodedTx {
  data: TxData;
  signature: Signature;
}

/** A legacy signature's v: 27/28, or chainId * 2 + 35/36 for an EIP-155 (replay-protected) signature. */
export function legacyV(chainId: bigint | undefined, yParity: number): bigint {
  return chainId === undefined ? 27n + BigInt(yParity) : chainId * 2n + 35n + BigInt(yParity);
}

/** The fields the signed and the signing forms share, in wire order. */
function contentFields(tx: TxData): RlpInput[] {
  const to = tx.to ?? EMPTY_BYTES;
  switch (tx.type) {
    case LEGACY_TX_TYPE:
      return [tx.nonce, tx.gasPrice, tx.gasLimit, to, tx.value, tx.data];
    case ACCESS_LIST_TX_TYPE:
      return [tx.chainId, tx.nonce, tx.gasPrice, tx.gasLimit, to, tx.value, tx.data, encodeAccessList(tx.accessList)];
    case DYNAMIC_FEE_TX_TYPE:
      return [
        tx.chainId,
        tx.nonce,
        tx.maxPriorityFeePerGas,
        tx.maxFeePerGas,
        tx.gasLimit,
        to,
        tx.value,
        tx.data,
        encodeAccessList(tx.accessList),
      ];
    case BLOB_TX_TYPE:
      return [
        tx.chainId,
        tx.nonce,
        tx.maxPriorityFeePerGas,
        tx.maxFeePerGas,
        tx.gasLimit,
        to,
        tx.value,
        tx.data,
        encodeAccessList(tx.accessList),
        tx.maxFeePerBlobGas,
        [...tx.blobVersionedHashes],
      ];
  }
}

/** The bytes a sender signs (their keccak is the signing hash). EIP-155 appends [chainId, 0, 0] to legacy ones. */
export function encodeSigningPayload(tx: TxData): Bytes {
  const fields = contentFields(tx);
  if (tx.type === LEGACY_TX_TYPE) {
    return encodeRlp(tx.chainId === undefined ? fields : [...fields, tx.chainId, 0n, 0n]);
  }
  return concatBytes(Uint8Array.of(tx.type), encodeRlp(fields));
}

/** The signed transaction's RLP fields: the whole tx for a legacy one, the payload after the type byte otherwise. */
function signedFields(tx: TxData, sig: Signature): RlpInput[] {
  const v = tx.type === LEGACY_TX_TYPE ? legacyV(tx.chainId, sig.yParity) : BigInt(sig.yParity);
  return [...contentFields(tx), v, sig.r, sig.s];
}

/** The binary (network, EIP-2718) form. */
export function encodeTxBinary(tx: TxData, sig: Signature): Bytes {
  const rlp = encodeRlp(signedFields(tx, sig));
  return tx.type === LEGACY_TX_TYPE ? rlp : concatBytes(Uint8Array.of(tx.type), rlp);
}

function decodeTo(item: RlpItem): Bytes | undefined {
  const b = expectBytes(item, 'to');
  if (b.length === 0) return undefined;
  if (b.length !== 20) throw new RlpError(`to: an address must be empty (creation) or 20 bytes, got ${b.length}`);
  return b;
}

const uint64 = (item: RlpItem, what: string) => expectUint(item, what, 8);
const uint256 = (item: RlpItem, what: string) => expectUint(item, what, 32);

/** Turns the RLP helpers' errors into decode errors, so callers catch one kind for any malformed input. */
function decoding<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RlpError) throw new TxDecodeError(e.message);
    throw e;
  }
}

function splitLegacyV(v: bigint): { chainId: bigint | undefined; yParity: number } {
  if (v === 27n || v === 28n) return { chainId: undefined, yParity: Number(v - 27n) };
  if (v >= 35n) return { chainId: (v - 35n) >> 1n, yParity: Number((v - 35n) & 1n) };
  throw new TxDecodeError(`legacy v value ${v} is neither 27/28 nor an EIP-155 value (>= 35)`);
}

/** A legacy transaction from its RLP list (as it sits in a block body). */
function decodeLegacyTx(item: RlpItem): DecodedTx {
  return decoding(() => {
    const f = expectList(item, 'legacy transaction', 9);
    const v = uint256(f[6]!, 'v');
    const { chainId, yParity } = splitLegacyV(v);
    return {
      data: {
        type: LEGACY_TX_TYPE,
        nonce: uint64(f[0]!, 'nonce'),
        gasPrice: uint256(f[1]!, 'gasPrice'),
        gasLimit: uint64(f[2]!, 'gasLimit'),
        to: decodeTo(f[3]!),
        value: uint256(f[4]!, 'value'),
        data: expectBytes(f[5]!, 'data'),
        chainId,
      },
      signature: { yParity, r: uint256(f[7]!, 'r'), s: uint256(f[8]!, 's') },
    };
  });
}

function typedSignature(f: RlpItem[], at: number): Signature {
  const yParity = expectUint(f[at]!, 'yParity', 1);
  if (yParity > 1n) throw new TxDecodeError(`yParity must be 0 or 1, got ${yParity}`);
  return { yParity: Number(yParity), r: uint256(f[at + 1]!, 'r'), s: uint256(f[at + 2]!, 's') };
}

const TYPED_NAMES: Record<number, [string, number]> = {
  [ACCESS_LIST_TX_TYPE]: ['access list transaction', 11],
  [DYNAMIC_FEE_TX_TYPE]: ['dynamic fee transaction', 12],
  [BLOB_TX_TYPE]: ['blob transaction', 14],
};

/** A typed transaction from its binary form: type byte || rlp(payload). */
function decodeTypedTx(bytes: Bytes): DecodedTx {
  if (bytes.length === 0) throw new TxDecodeError('empty input');
  const type = bytes[0]!;
  const shape = TYPED_NAMES[type];
  if (shape === undefined) {
    throw new TxDecodeError(`transaction type 0x${type.toString(16).padStart(2, '0')} not supported`);
  }
  if (bytes.length === 1) throw new TxDecodeError('typed transaction too short');
  return decoding(() => {
    const f = expectList(decodeRlp(bytes.subarray(1)), shape[0], shape[1]);
    const chainId = uint256(f[0]!, 'chainId');
    const nonce = uint64(f[1]!, 'nonce');
    if (type === ACCESS_LIST_TX_TYPE) {
      return {
        data: {
          type: ACCESS_LIST_TX_TYPE,
          chainId,
          nonce,
          gasPrice: uint256(f[2]!, 'gasPrice'),
          gasLimit: uint64(f[3]!, 'gasLimit'),
          to: decodeTo(f[4]!),
          value: uint256(f[5]!, 'value'),
          data: expectBytes(f[6]!, 'data'),
          accessList: decodeAccessList(f[7]!),
        },
        signature: typedSignature(f, 8),
      };
    }
    const maxPriorityFeePerGas = uint256(f[2]!, 'maxPriorityFeePerGas');
    const maxFeePerGas = uint256(f[3]!, 'maxFeePerGas');
    const gasLimit = uint64(f[4]!, 'gasLimit');
    const to = decodeTo(f[5]!);
    const value = uint256(f[6]!, 'value');
    const data = expectBytes(f[7]!, 'data');
    const accessList = decodeAccessList(f[8]!);
    if (type === DYNAMIC_FEE_TX_TYPE) {
      return {
        data: {
          type: DYNAMIC_FEE_TX_TYPE,
          chainId,
          nonce,
          maxPriorityFeePerGas,
          maxFeePerGas,
          gasLimit,
          to,
          value,
          data,
          accessList,
        },
        signature: typedSignature(f, 9),
      };
    }
    if (to === undefined) throw new TxDecodeError('blob transaction of type create: a blob transaction needs a to');
    return {
      data: {
        type: BLOB_TX_TYPE,
        chainId,
        nonce,
        maxPriorityFeePerGas,
        maxFeePerGas,
        gasLimit,
        to,
        value,
        data,
        accessList,
        maxFeePerBlobGas: uint256(f[9]!, 'maxFeePerBlobGas'),
        blobVersionedHashes: expectList(f[10]!, 'blobVersionedHashes').map((h, i) =>
          expectFixedBytes(h, `blobVersionedHashes[${i}]`, 32),
        ),
      },
      signature: typedSignature(f, 11),
    };
  });
}

/** The binary form: a legacy RLP list, or type byte || rlp(payload). */
export function decodeTxBinary(bytes: Bytes): DecodedTx {
  if (bytes.length === 0) throw new TxDecodeError('empty input');
  const first = bytes[0]!;
  if (first >= 0xc0) return decodeLegacyTx(decoding(() => decodeRlp(bytes)));
  if (first >= 0x80) {
    throw new TxDecodeError('expected a legacy transaction (an RLP list) or a typed transaction, got an RLP string');
  }
  return decodeTypedTx(bytes);
}

/** An item of a block body's transaction list: a legacy one is a list, a typed one a string of its binary form. */
export function decodeTxBlockItem(item: RlpItem): DecodedTx {
  if (Array.isArray(item)) return decodeLegacyTx(item);
  if (item.length > 0 && item[0]! >= 0xc0) {
    throw new TxDecodeError('a legacy transaction in a block body must be an RLP list, not a string');
  }
  return decodeTypedTx(item);
}

export function encodeTxBlockItem(tx: TxData, sig: Signature): RlpInput {
  return tx.type === LEGACY_TX_TYPE ? signedFields(tx, sig) : encodeTxBinary(tx, sig);
}
