import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../common/bytes.js';
import { decodeRlp, encodeRlp, RlpError, type RlpItem } from '../../rlp/rlp.js';
import { logsBloom } from './bloom.js';
import type { Log } from './log.js';
import {
  decodeReceipt,
  decodeStoredReceipts,
  encodeReceipt,
  encodeStoredReceipts,
  receiptFromRlp,
  receiptToRlp,
  type Receipt,
} from './receipt.js';

const topic = (hex: string) => hexToBytes(hex.padStart(64, '0'));

// The receipt of geth's core/types TestReceiptMarshalBinary: failed, cumulative gas 1, two logs.
const gethLogs: Log[] = [
  {
    address: hexToBytes('0x0000000000000000000000000000000000000011'),
    topics: [topic('dead'), topic('beef')],
    data: hexToBytes('0x0100ff'),
  },
  {
    address: hexToBytes('0x0000000000000000000000000000000000000111'),
    topics: [topic('dead'), topic('beef')],
    data: hexToBytes('0x0100ff'),
  },
];
const gethReceipt: Receipt = {
  type: 0,
  status: 0,
  cumulativeGasUsed: 1n,
  logsBloom: logsBloom(gethLogs),
  logs: gethLogs,
};
const GETH_LEGACY_HEX =
  'f901c58001b9010000000000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000500000000000000000000000000000000000014000000000000000000000000000000000000000000000000000000000000000000000000000010000080000000000000000000004000000000000000000000000000040000000000000000000000000000800000000000000000000000000000000000000000000000000000400000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000f8bef85d940000000000000000000000000000000000000011f842a0000000000000000000000000000000000000000000000000000000000000deada0000000000000000000000000000000000000000000000000000000000000beef830100fff85d940000000000000000000000000000000000000111f842a0000000000000000000000000000000000000000000000000000000000000deada0000000000000000000000000000000000000000000000000000000000000beef830100ff';

const simple = (type: number, cumulativeGasUsed: bigint): Receipt => ({
  type,
  status: 1,
  cumulativeGasUsed,
  logsBloom: new Uint8Array(256),
  logs: [],
});

describe('receipt consensus encoding', () => {
  it('matches the known legacy encoding and decodes it back', () => {
    const bytes = encodeReceipt(gethReceipt);
    expect(bytesToHex(bytes)).toBe('0x' + GETH_LEGACY_HEX);
    expect(decodeReceipt(bytes)).toEqual(gethReceipt);
  });

  it.each([1, 2, 3, 4])('prefixes type %i to the same list', (type) => {
    const bytes = encodeReceipt({ ...gethReceipt, type });
    expect(bytesToHex(bytes)).toBe(`0x0${type}${GETH_LEGACY_HEX}`);
    expect(decodeReceipt(bytes)).toEqual({ ...gethReceipt, type });
  });

  it('encodes success as 0x01, failure as empty, and a pre-Byzantium post-state root as itself', () => {
    const ok = decodeRlp(encodeReceipt(simple(0, 21000n))) as RlpItem[];
    expect(ok[0]).toEqual(new Uint8Array([1]));
    const failed = decodeRlp(encodeReceipt({ ...simple(0, 21000n), status: 0 })) as RlpItem[];
    expect(failed[0]).toEqual(new Uint8Array(0));
    const root = new Uint8Array(32).fill(2);
    const old: Receipt = { type: 0, postState: root, cumulativeGasUsed: 3n, logsBloom: new Uint8Array(256), logs: [] };
    const bytes = encodeReceipt(old);
    expect((decodeRlp(bytes) as RlpItem[])[0]).toEqual(root);
    expect(decodeReceipt(bytes)).toEqual(old);
  });

  it('refuses to encode an inconsistent receipt', () => {
    const r = simple(0, 1n);
    expect(() => encodeReceipt({ ...r, postState: new Uint8Array(32) })).toThrow('exactly one of status and postState');
    expect(() => encodeReceipt({ ...r, status: undefined })).toThrow('exactly one of status and postState');
    expect(() => encodeReceipt({ ...r, status: undefined, postState: new Uint8Array(31) })).toThrow(
      'postState must be 32 bytes, got 31',
    );
    expect(() => encodeReceipt({ ...r, status: 2 as 1 })).toThrow('status must be 0 or 1');
    expect(() => encodeReceipt({ ...r, type: 5 })).toThrow('receipt: unsupported type 5');
    expect(() => encodeReceipt({ ...r, logsBloom: new Uint8Array(0) })).toThrow('logsBloom must be 256 bytes, got 0');
    expect(() => encodeReceipt({ ...r, cumulativeGasUsed: -1n })).toThrow('cumulativeGasUsed -1 is not a uint64');
  });
});

describe('strict receipt decoding', () => {
  const legacyList = () => decodeRlp(encodeReceipt(gethReceipt)) as RlpItem[];

  it('rejects empty, truncated and trailing input', () => {
    const bytes = encodeReceipt(gethReceipt);
    expect(() => decodeReceipt(new Uint8Array(0))).toThrow('receipt: empty input');
    expect(() => decodeReceipt(bytes.subarray(0, bytes.length - 1))).toThrow(RlpError);
    expect(() => decodeReceipt(concatBytes(bytes, new Uint8Array([0])))).toThrow('trailing bytes');
    expect(() => decodeReceipt(new Uint8Array([2]))).toThrow('receipt: typed receipt has no payload');
  });

  it('rejects unknown types and RLP strings', () => {
    const list = encodeReceipt(gethReceipt);
    expect(() => decodeReceipt(concatBytes(new Uint8Array([5]), list))).toThrow('receipt: unsupported receipt type 0x05');
    expect(() => decodeReceipt(concatBytes(new Uint8Array([0]), list))).toThrow('unsupported receipt type 0x00');
    expect(() => decodeReceipt(hexToBytes('0x80'))).toThrow('expected an RLP list or a typed receipt, got an RLP string');
    // A typed envelope must hold a list.
    expect(() => decodeReceipt(hexToBytes('0x0280'))).toThrow('receipt: expected a list, got a string');
  });

  it('rejects a wrong field count and wrong field sizes', () => {
    const list = legacyList();
    expect(() => decodeReceipt(encodeRlp(list.slice(0, 3)))).toThrow('receipt: expected 4 elements, got 3');
    const cases: [number, RlpItem, string][] = [
      [0, new Uint8Array([0]), 'invalid status/post-state field of 1 bytes'],
      [0, new Uint8Array([1, 1]), 'invalid status/post-state field of 2 bytes'],
      [0, new Uint8Array(31), 'invalid status/post-state field of 31 bytes'],
      [1, hexToBytes('0x0001'), 'receipt cumulativeGasUsed: integer has a leading zero byte'],
      [1, new Uint8Array(9).fill(1), 'receipt cumulativeGasUsed: integer longer than 8 bytes'],
      [2, new Uint8Array(255), 'receipt logsBloom: expected 256 bytes, got 255'],
      [3, new Uint8Array(1).fill(1), 'receipt logs: expected a list, got a string'],
      [3, [[new Uint8Array(20), [], []]], 'receipt log 0 data: expected a string'],
    ];
    for (const [index, value, message] of cases) {
      const l = legacyList();
      l[index] = value;
      expect(() => decodeReceipt(encodeRlp(l)), message).toThrow(message);
    }
  });
});

describe('receipts as list items', () => {
  // geth's TestTypedReceiptEncodingDecoding payload: four type-1 receipts, each a byte string in the outer list.
  it('decodes typed receipts wrapped as strings and re-encodes the list', () => {
    const zeros = '00'.repeat(256);
    const hex =
      'f9043e' +
      `b9010c01f90108018262d4b90100${zeros}c0` +
      `b9010c01f901080182cd14b90100${zeros}c0` +
      `b9010d01f901090183013754b90100${zeros}c0` +
      `b9010d01f90109018301a194b90100${zeros}c0`;
    const list = decodeRlp(hexToBytes(hex)) as RlpItem[];
    const receipts = list.map((item) => receiptFromRlp(item));
    expect(receipts.map((r) => r.type)).toEqual([1, 1, 1, 1]);
    expect(receipts.map((r) => r.cumulativeGasUsed)).toEqual([0x62d4n, 0xcd14n, 0x013754n, 0x01a194n]);
    expect(receipts.every((r) => r.status === 1)).toBe(true);
    expect(bytesToHex(encodeRlp(receipts.map(receiptToRlp)))).toBe('0x' + hex);
  });

  it('keeps a legacy receipt as a plain list', () => {
    const item = receiptToRlp(gethReceipt);
    expect(Array.isArray(item)).toBe(true);
    expect(encodeRlp(item)).toEqual(encodeReceipt(gethReceipt));
    expect(receiptFromRlp(decodeRlp(encodeRlp(item)))).toEqual(gethReceipt);
  });

  it('rejects an empty or untyped string item', () => {
    expect(() => receiptFromRlp(new Uint8Array(0), 'receipt 2')).toThrow('receipt 2: empty typed receipt');
    expect(() => receiptFromRlp(encodeReceipt(gethReceipt))).toThrow('unsupported receipt type 0xf9');
  });
});

describe('stored receipts', () => {
  const receipts: Receipt[] = [
    { ...gethReceipt },
    { ...simple(2, 50_000n), status: 0 },
    {
      type: 0,
      postState: new Uint8Array(32).fill(9),
      cumulativeGasUsed: 70_000n,
      logsBloom: new Uint8Array(256),
      logs: [],
    },
    { ...simple(3, 90_000n), logs: gethLogs.slice(1), logsBloom: logsBloom(gethLogs.slice(1)) },
  ];
  const types = receipts.map((r) => r.type);

  it('drop the bloom and the type, and get both back on read', () => {
    const bytes = encodeStoredReceipts(receipts);
    const consensusSize = receipts.reduce((n, r) => n + encodeReceipt(r).length, 0);
    expect(bytes.length).toBeLessThan(consensusSize - 4 * 256);
    expect(decodeStoredReceipts(bytes, types)).toEqual(receipts);
    // Each item is rlp([statusOrPostState, cumulativeGasUsed, logs]).
    expect((decodeRlp(bytes) as RlpItem[][]).map((r) => r.length)).toEqual([3, 3, 3, 3]);
  });

  it('handle a block without transactions', () => {
    expect(decodeStoredReceipts(encodeStoredReceipts([]), [])).toEqual([]);
  });

  it('reject malformed data', () => {
    const bytes = encodeStoredReceipts(receipts);
    expect(() => decodeStoredReceipts(bytes, types.slice(1))).toThrow('stored receipts: 4 receipts for 3 transactions');
    expect(() => decodeStoredReceipts(bytes, [0, 2, 0, 9])).toThrow('receipt: unsupported type 9');
    expect(() => decodeStoredReceipts(encodeRlp([[1, 2]]), [0])).toThrow('stored receipt 0: expected 3 elements, got 2');
    expect(() => decodeStoredReceipts(encodeRlp([[2, 1, []]]), [0])).toThrow(
      'stored receipt 0: invalid status/post-state field of 1 bytes',
    );
    expect(() => decodeStoredReceipts(encodeRlp(new Uint8Array(3)), [])).toThrow('stored receipts: expected a list');
    expect(() => encodeStoredReceipts([{ ...receipts[0]!, status: undefined }])).toThrow('exactly one of status and postState');
  });
});
