// The block header with every field through Prague. The fields after `nonce` are optional and positional: each
// fork appends its own (London baseFeePerGas; Shanghai withdrawalsRoot; Cancun blobGasUsed, excessBlobGas,
// parentBeaconBlockRoot; Prague requestsHash), so a header always carries a prefix of them. Which prefix a fork
// requires is the consensus layer's check; here only the shape is enforced.
import { bytesToHex, type Bytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
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
import { expectJsonObject, jsonBytesAt, jsonUintAt, uintToVectorHex } from './vectorJson.js';

export interface HeaderFields {
  parentHash: Bytes;
  /** keccak256(rlp(ommers)); geth's UncleHash. */
  ommersHash: Bytes;
  /** The beneficiary. */
  coinbase: Bytes;
  stateRoot: Bytes;
  transactionsRoot: Bytes;
  receiptsRoot: Bytes;
  logsBloom: Bytes;
  difficulty: bigint;
  number: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  timestamp: bigint;
  extraData: Bytes;
  /** prevRandao after the merge. */
  mixHash: Bytes;
  /** 8 bytes; zero after the merge. */
  nonce: Bytes;
  baseFeePerGas?: bigint;
  withdrawalsRoot?: Bytes;
  blobGasUsed?: bigint;
  excessBlobGas?: bigint;
  parentBeaconBlockRoot?: Bytes;
  requestsHash?: Bytes;
}

type FieldName = keyof HeaderFields;

type FieldSpec =
  /** `size` is the exact length; absent for extraData, whose limit is a consensus rule. */
  | { name: FieldName; json: string; kind: 'bytes'; size?: number }
  /** Widths follow geth's types: uint64 fields get 8 bytes, big.Int fields 32. */
  | { name: FieldName; json: string; kind: 'uint'; maxBytes: number };

/** RLP order; `json` is the key the BlockchainTests use. */
const FIELDS: readonly FieldSpec[] = [
  { name: 'parentHash', json: 'parentHash', kind: 'bytes', size: 32 },
  { name: 'ommersHash', json: 'uncleHash', kind: 'bytes', size: 32 },
  { name: 'coinbase', json: 'coinbase', kind: 'bytes', size: 20 },
  { name: 'stateRoot', json: 'stateRoot', kind: 'bytes', size: 32 },
  { name: 'transactionsRoot', json: 'transactionsTrie', kind: 'bytes', size: 32 },
  { name: 'receiptsRoot', json: 'receiptTrie', kind: 'bytes', size: 32 },
  { name: 'logsBloom', json: 'bloom', kind: 'bytes', size: 256 },
  { name: 'difficulty', json: 'difficulty', kind: 'uint', maxBytes: 32 },
  // geth keeps the number in a big.Int but uses it as a uint64 everywhere (database keys included).
  { name: 'number', json: 'number', kind: 'uint', maxBytes: 8 },
  { name: 'gasLimit', json: 'gasLimit', kind: 'uint', maxBytes: 8 },
  { name: 'gasUsed', json: 'gasUsed', kind: 'uint', maxBytes: 8 },
  { name: 'timestamp', json: 'timestamp', kind: 'uint', maxBytes: 8 },
  { name: 'extraData', json: 'extraData', kind: 'bytes' },
  { name: 'mixHash', json: 'mixHash', kind: 'bytes', size: 32 },
  { name: 'nonce', json: 'nonce', kind: 'bytes', size: 8 },
  { name: 'baseFeePerGas', json: 'baseFeePerGas', kind: 'uint', maxBytes: 32 },
  { name: 'withdrawalsRoot', json: 'withdrawalsRoot', kind: 'bytes', size: 32 },
  { name: 'blobGasUsed', json: 'blobGasUsed', kind: 'uint', maxBytes: 8 },
  { name: 'excessBlobGas', json: 'excessBlobGas', kind: 'uint', maxBytes: 8 },
  { name: 'parentBeaconBlockRoot', json: 'parentBeaconBlockRoot', kind: 'bytes', size: 32 },
  { name: 'requestsHash', json: 'requestsHash', kind: 'bytes', size: 32 },
];

/** parentHash .. nonce: the fields every header has. */
const REQUIRED_FIELDS = 15;

function checkFields(fields: HeaderFields): void {
  let missing: FieldName | undefined;
  FIELDS.forEach((spec, i) => {
    const value = fields[spec.name];
    if (value === undefined) {
      if (i < REQUIRED_FIELDS) throw new Error(`header: missing ${spec.name}`);
      missing ??= spec.name;
      return;
    }
    if (missing !== undefined) {
      throw new Error(
        `header: ${spec.name} is set but ${missing} is not ` +
          "(optional fields are positional: a later fork's field needs every earlier one)",
      );
    }
    if (spec.kind === 'uint') {
      if (typeof value !== 'bigint' || value < 0n || value >> BigInt(8 * spec.maxBytes) !== 0n) {
        throw new Error(`header: ${spec.name} must be an unsigned integer of at most ${spec.maxBytes} bytes`);
      }
    } else {
      if (!(value instanceof Uint8Array)) throw new Error(`header: ${spec.name} must be bytes`);
      if (spec.size !== undefined && value.length !== spec.size) {
        throw new Error(`header: ${spec.name} must be ${spec.size} bytes, got ${value.length}`);
      }
    }
  });
}

/** Immutable, so the hash can be computed once and kept. */
export class Header implements HeaderFields {
  readonly parentHash: Bytes;
  readonly ommersHash: Bytes;
  readonly coinbase: Bytes;
  readonly stateRoot: Bytes;
  readonly transactionsRoot: Bytes;
  readonly receiptsRoot: Bytes;
  readonly logsBloom: Bytes;
  readonly difficulty: bigint;
  readonly number: bigint;
  readonly gasLimit: bigint;
  readonly gasUsed: bigint;
  readonly timestamp: bigint;
  readonly extraData: Bytes;
  readonly mixHash: Bytes;
  readonly nonce: Bytes;
  readonly baseFeePerGas?: bigint;
  readonly withdrawalsRoot?: Bytes;
  readonly blobGasUsed?: bigint;
  readonly excessBlobGas?: bigint;
  readonly parentBeaconBlockRoot?: Bytes;
  readonly requestsHash?: Bytes;
  #hash: Bytes | undefined;

  /** Throws on a missing required field, a wrong size, an out-of-range integer or a gap in the optional fields. */
  constructor(fields: HeaderFields) {
    checkFields(fields);
    this.parentHash = fields.parentHash;
    this.ommersHash = fields.ommersHash;
    this.coinbase = fields.coinbase;
    this.stateRoot = fields.stateRoot;
    this.transactionsRoot = fields.transactionsRoot;
    this.receiptsRoot = fields.receiptsRoot;
    this.logsBloom = fields.logsBloom;
    this.difficulty = fields.difficulty;
    this.number = fields.number;
    this.gasLimit = fields.gasLimit;
    this.gasUsed = fields.gasUsed;
    this.timestamp = fields.timestamp;
    this.extraData = fields.extraData;
    this.mixHash = fields.mixHash;
    this.nonce = fields.nonce;
    this.baseFeePerGas = fields.baseFeePerGas;
    this.withdrawalsRoot = fields.withdrawalsRoot;
    this.blobGasUsed = fields.blobGasUsed;
    this.excessBlobGas = fields.excessBlobGas;
    this.parentBeaconBlockRoot = fields.parentBeaconBlockRoot;
    this.requestsHash = fields.requestsHash;
  }

  /** keccak256(rlp(header)): the block hash. */
  get hash(): Bytes {
    return (this.#hash ??= keccak256(encodeHeader(this)));
  }
}

export function headerToRlp(header: Header): RlpInput {
  const out: RlpInput[] = [];
  for (const spec of FIELDS) {
    const value = header[spec.name];
    // The constructor rules out gaps, so the first absent field ends the list.
    if (value === undefined) break;
    out.push(value);
  }
  return out;
}

/** Decodes a header list; `what` names it in errors (e.g. "ommer 2"). */
export function headerFromRlp(item: RlpItem, what = 'header'): Header {
  const list = expectList(item, what);
  if (list.length < REQUIRED_FIELDS || list.length > FIELDS.length) {
    throw new RlpError(`${what}: expected ${REQUIRED_FIELDS} to ${FIELDS.length} fields, got ${list.length}`);
  }
  const fields: Partial<Record<FieldName, Bytes | bigint>> = {};
  list.forEach((value, i) => {
    const spec = FIELDS[i]!;
    const label = `${what} ${spec.name}`;
    if (spec.kind === 'uint') fields[spec.name] = expectUint(value, label, spec.maxBytes);
    else if (spec.size === undefined) fields[spec.name] = expectBytes(value, label);
    else fields[spec.name] = expectFixedBytes(value, label, spec.size);
  });
  return new Header(fields as HeaderFields);
}

export function encodeHeader(header: Header): Bytes {
  return encodeRlp(headerToRlp(header));
}

export function decodeHeader(bytes: Bytes): Header {
  return headerFromRlp(decodeRlp(bytes));
}

/** A header as the BlockchainTests write it (`genesisBlockHeader`, `blocks[].blockHeader`). */
export interface HeaderJson {
  parentHash: string;
  uncleHash: string;
  coinbase: string;
  stateRoot: string;
  transactionsTrie: string;
  receiptTrie: string;
  bloom: string;
  difficulty: string;
  number: string;
  gasLimit: string;
  gasUsed: string;
  timestamp: string;
  extraData: string;
  mixHash: string;
  nonce: string;
  baseFeePerGas?: string;
  withdrawalsRoot?: string;
  blobGasUsed?: string;
  excessBlobGas?: string;
  parentBeaconBlockRoot?: string;
  requestsHash?: string;
  hash?: string;
}

/** Reads a vector header; its `hash` key is ignored (compare it with `header.hash` to check the fields). */
export function headerFromJson(json: unknown): Header {
  const what = 'header json';
  const obj = expectJsonObject(json, what);
  const fields: Partial<Record<FieldName, Bytes | bigint>> = {};
  FIELDS.forEach((spec, i) => {
    const value = spec.kind === 'uint' ? jsonUintAt(obj, spec.json, what) : jsonBytesAt(obj, spec.json, what);
    if (value !== undefined) fields[spec.name] = value;
    else if (i < REQUIRED_FIELDS) throw new Error(`${what}: missing ${spec.json}`);
  });
  return new Header(fields as HeaderFields);
}

export function headerToJson(header: Header): HeaderJson {
  const out: Record<string, string> = {};
  for (const spec of FIELDS) {
    const value = header[spec.name];
    if (value !== undefined) out[spec.json] = typeof value === 'bigint' ? uintToVectorHex(value) : bytesToHex(value);
  }
  out.hash = bytesToHex(header.hash);
  return out as unknown as HeaderJson;
}
