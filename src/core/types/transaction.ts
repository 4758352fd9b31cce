// A signed transaction of any type (geth's types.Transaction): the content, its signature, and derived values
// computed once per object (hash, signing hash, binary form, sender). Immutable: build a new one to change it.
import type { Bytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import type { Signature } from '../../crypto/secp256k1.js';
import { BLOB_GAS_PER_BLOB } from '../../params/protocolFees.js';
import type { RlpInput, RlpItem } from '../../rlp/rlp.js';
import { EMPTY_ACCESS_LIST, type AccessList } from './accessList.js';
import { ACCESS_LIST_TX_TYPE, BLOB_TX_TYPE, checkTxData, LEGACY_TX_TYPE, type TxData, type TxType } from './txData.js';
import {
  decodeTxBinary,
  decodeTxBlockItem,
  encodeSigningPayload,
  encodeTxBinary,
  encodeTxBlockItem,
  legacyV,
  type DecodedTx,
} from './txEncoding.js';

export { TxDecodeError } from './txEncoding.js';

const MAX_UINT256 = (1n << 256n) - 1n;
const NO_HASHES: readonly Bytes[] = Object.freeze([]);

export class Transaction {
  readonly inner: TxData;
  readonly signature: Signature;
  #binary: Bytes | undefined;
  #hash: Bytes | undefined;
  #signingHash: Bytes | undefined;
  #sender: Bytes | undefined;

  /**
   * Throws a RangeError when a field has no valid encoding. The signature is only checked for shape here
   * (yParity 0/1, r and s within 256 bits); whether it is valid for a fork is txSender's and validation's concern.
   */
  constructor(inner: TxData, signature: Signature) {
    checkTxData(inner);
    if (signature.yParity !== 0 && signature.yParity !== 1) {
      throw new RangeError(`signature yParity must be 0 or 1, got ${signature.yParity}`);
    }
    for (const [name, x] of [['r', signature.r], ['s', signature.s]] as const) {
      if (x < 0n || x > MAX_UINT256) throw new RangeError(`signature ${name} must be an unsigned 256-bit integer`);
    }
    this.inner = inner;
    this.signature = signature;
  }

  get type(): TxType {
    return this.inner.type;
  }

  /** The chain the signature is bound to; undefined only for an unprotected (pre-EIP-155) legacy transaction. */
  get chainId(): bigint | undefined {
    return this.inner.chainId;
  }

  /** Whether the signature commits to a chain id (EIP-155 legacy, or any typed transaction). */
  get isProtected(): boolean {
    return this.inner.chainId !== undefined;
  }

  get nonce(): bigint {
    return this.inner.nonce;
  }

  get gasLimit(): bigint {
    return this.inner.gasLimit;
  }

  /** The recipient; undefined for a contract creation. */
  get to(): Bytes | undefined {
    return this.inner.to;
  }

  get value(): bigint {
    return this.inner.value;
  }

  get data(): Bytes {
    return this.inner.data;
  }

  /** As geth: the gas price of a legacy or access-list transaction, the fee cap (maxFeePerGas) of the others. */
  get gasPrice(): bigint {
    return this.gasFeeCap;
  }

  /** The most the sender pays per gas: gasPrice, or maxFeePerGas from EIP-1559 on. */
  get gasFeeCap(): bigint {
    const tx = this.inner;
    return tx.type === LEGACY_TX_TYPE || tx.type === ACCESS_LIST_TX_TYPE ? tx.gasPrice : tx.maxFeePerGas;
  }

  /** The most the sender tips per gas: gasPrice, or maxPriorityFeePerGas from EIP-1559 on. */
  get gasTipCap(): bigint {
    const tx = this.inner;
    return tx.type === LEGACY_TX_TYPE || tx.type === ACCESS_LIST_TX_TYPE ? tx.gasPrice : tx.maxPriorityFeePerGas;
  }

  get accessList(): AccessList {
    return this.inner.type === LEGACY_TX_TYPE ? EMPTY_ACCESS_LIST : this.inner.accessList;
  }

  /** The blob gas fee cap of a blob transaction; undefined for other types. */
  get maxFeePerBlobGas(): bigint | undefined {
    return this.inner.type === BLOB_TX_TYPE ? this.inner.maxFeePerBlobGas : undefined;
  }

  get blobVersionedHashes(): readonly Bytes[] {
    return this.inner.type === BLOB_TX_TYPE ? this.inner.blobVersionedHashes : NO_HASHES;
  }

  /** Blob gas the transaction consumes (zero for non-blob types). */
  get blobGas(): bigint {
    return BigInt(this.blobVersionedHashes.length) * BLOB_GAS_PER_BLOB;
  }

  /** The raw v: 27/28 or chainId * 2 + 35/36 for a legacy transaction, yParity for a typed one. */
  get v(): bigint {
    const { yParity } = this.signature;
    return this.inner.type === LEGACY_TX_TYPE ? legacyV(this.inner.chainId, yParity) : BigInt(yParity);
  }

  get yParity(): number {
    return this.signature.yParity;
  }

  get r(): bigint {
    return this.signature.r;
  }

  get s(): bigint {
    return this.signature.s;
  }

  /** keccak256 of the binary form: the transaction's identity. */
  get hash(): Bytes {
    return (this.#hash ??= keccak256(this.#encoded()));
  }

  /** The digest the sender signed. */
  get signingHash(): Bytes {
    return (this.#signingHash ??= keccak256(encodeSigningPayload(this.inner)));
  }

  /** Length of the binary form in bytes. */
  get size(): number {
    return this.#encoded().length;
  }

  /** The most the transaction can take from its sender: gas * fee cap + blob gas * blob fee cap + value. */
  get cost(): bigint {
    return this.gasLimit * this.gasFeeCap + this.blobGas * (this.maxFeePerBlobGas ?? 0n) + this.value;
  }

  /**
   * The tip per gas the block's coinbase gets under `baseFee` (min(tip cap, fee cap - base fee)); without a base
   * fee (before London) the whole gas price. Negative when the fee cap is below the base fee: such a transaction
   * cannot be included, and callers check for it.
   */
  effectiveGasTip(baseFee?: bigint): bigint {
    if (baseFee === undefined) return this.gasTipCap;
    const headroom = this.gasFeeCap - baseFee;
    return headroom < this.gasTipCap ? headroom : this.gasTipCap;
  }

  /**
   * The sender recovered earlier for this object, or `recover`'s result, kept so recovery (the costly part) runs
   * once per object. Use txSender, which checks the signature against a fork's rules on every call.
   */
  resolveSender(recover: () => Bytes): Bytes {
    return (this.#sender ??= recover());
  }

  #encoded(): Bytes {
    return (this.#binary ??= encodeTxBinary(this.inner, this.signature));
  }
}

function fromDecoded(decoded: DecodedTx): Transaction {
  return new Transaction(decoded.data, decoded.signature);
}

/** Decodes the binary (network, EIP-2718) form; throws a TxDecodeError for anything malformed or non-canonical. */
export function decodeTransaction(bytes: Bytes): Transaction {
  return fromDecoded(decodeTxBinary(bytes));
}

/** The binary form: rlp(fields) for a legacy transaction, type byte || rlp(payload) for a typed one. */
export function encodeTransaction(tx: Transaction): Bytes {
  return encodeTxBinary(tx.inner, tx.signature);
}

/** A transaction from its item in a block body (a list for legacy, a string holding the binary form if typed). */
export function transactionFromBlockItem(item: RlpItem): Transaction {
  return fromDecoded(decodeTxBlockItem(item));
}

/** The item that represents the transaction in a block body's RLP list. */
export function transactionToBlockItem(tx: Transaction): RlpInput {
  return encodeTxBlockItem(tx.inner, tx.signature);
}
