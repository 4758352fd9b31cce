import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, hexToBytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import { decodeRlp, encodeRlp, type RlpInput } from '../../rlp/rlp.js';
import type { LegacyTxData } from './txData.js';
import {
  decodeTxBinary,
  decodeTxBlockItem,
  encodeSigningPayload,
  encodeTxBinary,
  encodeTxBlockItem,
  legacyV,
  TxDecodeError,
} from './txEncoding.js';

// The example of EIP-155 itself.
const EIP155_TX: LegacyTxData = {
  type: 0,
  nonce: 9n,
  gasPrice: 20_000_000_000n,
  gasLimit: 21000n,
  to: hexToBytes('0x3535353535353535353535353535353535353535'),
  value: 10n ** 18n,
  data: new Uint8Array(),
  chainId: 1n,
};
const EIP155_SIGNED =
  '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83';

const TO = new Uint8Array(20).fill(0x10);
const R = 2n ** 255n + 1n;
const S = 12345n;

/** A valid legacy field list with one field replaced, so each test breaks exactly one thing. */
function legacyWith(index: number, value: RlpInput): Uint8Array {
  const fields: RlpInput[] = [1n, 1n, 21000n, TO, 0n, new Uint8Array(), 27n, R, S];
  fields[index] = value;
  return encodeRlp(fields);
}

function dynamicWith(index: number, value: RlpInput): Uint8Array {
  const fields: RlpInput[] = [1n, 0n, 1n, 2n, 21000n, TO, 0n, new Uint8Array(), [], 1n, R, S];
  fields[index] = value;
  return concatBytes(Uint8Array.of(2), encodeRlp(fields));
}

function blobWith(index: number, value: RlpInput): Uint8Array {
  const fields: RlpInput[] = [1n, 0n, 1n, 2n, 21000n, TO, 0n, new Uint8Array(), [], 1n, [new Uint8Array(32).fill(1)], 0n, R, S];
  fields[index] = value;
  return concatBytes(Uint8Array.of(3), encodeRlp(fields));
}

/** A valid dynamic-fee payload with one extra trailing field. */
function dynamicWithExtraField(): Uint8Array {
  const fields = decodeRlp(dynamicWith(0, 1n).subarray(1)) as RlpInput[];
  return concatBytes(Uint8Array.of(2), encodeRlp([...fields, 0n]));
}

describe('signing payloads', () => {
  it('appends [chainId, 0, 0] to an EIP-155 legacy payload, as the EIP example shows', () => {
    const payload = encodeSigningPayload(EIP155_TX);
    expect(bytesToHex(payload)).toBe(
      '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080',
    );
    expect(bytesToHex(keccak256(payload))).toBe('0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53');
  });

  it('signs six fields for an unprotected legacy transaction and type || rlp(fields) for a typed one', () => {
    const unprotected = encodeSigningPayload({ ...EIP155_TX, chainId: undefined });
    expect(decodeRlp(unprotected)).toHaveLength(6);
    const typed = encodeSigningPayload({ ...EIP155_TX, type: 1, chainId: 1n, accessList: [] });
    expect(typed[0]).toBe(1);
    expect(decodeRlp(typed.subarray(1))).toHaveLength(8);
  });

  it('computes legacy v as 27/28 or chainId * 2 + 35/36', () => {
    expect(legacyV(undefined, 0)).toBe(27n);
    expect(legacyV(undefined, 1)).toBe(28n);
    expect(legacyV(1n, 0)).toBe(37n);
    expect(legacyV(1n, 1)).toBe(38n);
    expect(legacyV(0n, 1)).toBe(36n);
  });
});

describe('binary form', () => {
  it('decodes and re-encodes the EIP-155 example', () => {
    const { data, signature } = decodeTxBinary(hexToBytes(EIP155_SIGNED));
    expect(data).toEqual(EIP155_TX);
    expect(signature.yParity).toBe(0);
    expect(bytesToHex(encodeTxBinary(data, signature))).toBe(EIP155_SIGNED);
  });

  it('reads legacy v as protected or not', () => {
    expect(decodeTxBinary(legacyWith(6, 28n)).data.chainId).toBeUndefined();
    expect(decodeTxBinary(legacyWith(6, 28n)).signature.yParity).toBe(1);
    const protectedTx = decodeTxBinary(legacyWith(6, 5n * 2n + 36n));
    expect(protectedTx.data.chainId).toBe(5n);
    expect(protectedTx.signature.yParity).toBe(1);
    expect(decodeTxBinary(legacyWith(6, 35n)).data.chainId).toBe(0n);
  });

  it('treats an empty to as a creation', () => {
    expect(decodeTxBinary(legacyWith(3, new Uint8Array())).data.to).toBeUndefined();
  });

  const bad: [string, Uint8Array, RegExp][] = [
    ['empty input', new Uint8Array(), /empty input/],
    ['truncated legacy RLP', legacyWith(0, 1n).subarray(0, 40), /rlp: .*exceeds the input/],
    ['truncated typed RLP', dynamicWith(0, 1n).subarray(0, 30), /rlp: .*exceeds the input/],
    ['trailing bytes', concatBytes(dynamicWith(0, 1n), Uint8Array.of(0)), /trailing bytes/],
    ['a leading zero in the nonce', legacyWith(0, Uint8Array.of(0, 1)), /nonce: integer has a leading zero byte/],
    ['a zero nonce written as 0x00', legacyWith(0, Uint8Array.of(0)), /nonce: integer has a leading zero byte/],
    ['a leading zero in a fee', dynamicWith(3, Uint8Array.of(0, 1)), /maxFeePerGas: integer has a leading zero/],
    ['a nonce of 2^64', legacyWith(0, 2n ** 64n), /nonce: integer longer than 8 bytes/],
    ['a gas limit of 2^64', dynamicWith(4, 2n ** 64n), /gasLimit: integer longer than 8 bytes/],
    ['a value of 2^256', legacyWith(4, 2n ** 256n), /value: integer longer than 32 bytes/],
    ['a gas price of 2^256', legacyWith(1, 2n ** 256n), /gasPrice: integer longer than 32 bytes/],
    ['an r of 33 bytes', legacyWith(7, 2n ** 256n), /r: integer longer than 32 bytes/],
    ['a 19-byte to', legacyWith(3, TO.subarray(1)), /to: an address must be empty \(creation\) or 20 bytes, got 19/],
    ['a 21-byte to', legacyWith(3, concatBytes(TO, Uint8Array.of(1))), /got 21/],
    ['a list where the data belongs', legacyWith(5, []), /data: expected a string, got a list/],
    ['too few legacy fields', encodeRlp([1n, 1n, 21000n, TO, 0n, new Uint8Array(), 27n, R]), /expected 9 elements, got 8/],
    ['too many typed fields', dynamicWithExtraField(), /dynamic fee transaction: expected 12 elements, got 13/],
    ['a legacy v of 29', legacyWith(6, 29n), /legacy v value 29 is neither 27\/28 nor an EIP-155 value/],
    ['a legacy v of 0', legacyWith(6, 0n), /legacy v value 0/],
    ['a yParity of 2', dynamicWith(9, 2n), /yParity must be 0 or 1, got 2/],
    ['a yParity of 256', dynamicWith(9, 256n), /yParity: integer longer than 1 bytes/],
    ['an unknown type byte', Uint8Array.of(0x05, 0xc0), /transaction type 0x05 not supported/],
    ['type 0 inside an envelope', concatBytes(Uint8Array.of(0), legacyWith(0, 1n)), /transaction type 0x00 not supported/],
    ['a type byte alone', Uint8Array.of(0x02), /typed transaction too short/],
    ['a typed payload that is not a list', concatBytes(Uint8Array.of(2), encodeRlp(TO)), /expected a list, got a string/],
    ['an RLP string at the top', encodeRlp(new Uint8Array(40)), /got an RLP string/],
    ['a blob transaction without to', blobWith(5, new Uint8Array()), /blob transaction of type create/],
    ['a short blob hash', blobWith(10, [new Uint8Array(31)]), /blobVersionedHashes\[0\]: expected 32 bytes, got 31/],
    ['a malformed access list', dynamicWith(8, [[TO.subarray(2), []]]), /accessList\[0\]\.address: expected 20 bytes/],
  ];
  for (const [what, bytes, message] of bad) {
    it(`rejects ${what} with a TxDecodeError`, () => {
      let error: unknown;
      try {
        decodeTxBinary(bytes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TxDecodeError);
      expect((error as Error).message).toMatch(/^invalid transaction encoding: /);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('decodes a well-formed blob transaction', () => {
    const { data } = decodeTxBinary(blobWith(0, 1n));
    expect(data.type).toBe(3);
    expect(data.type === 3 && data.maxFeePerBlobGas).toBe(1n);
  });
});

describe('block body items', () => {
  it('gives a legacy transaction as a list and a typed one as its binary form', () => {
    const legacy = decodeTxBinary(hexToBytes(EIP155_SIGNED));
    const legacyItem = encodeTxBlockItem(legacy.data, legacy.signature);
    expect(Array.isArray(legacyItem)).toBe(true);
    expect(bytesToHex(encodeRlp(legacyItem))).toBe(EIP155_SIGNED);
    const typed = decodeTxBinary(dynamicWith(0, 1n));
    const typedItem = encodeTxBlockItem(typed.data, typed.signature);
    expect(typedItem).toEqual(dynamicWith(0, 1n));
  });

  it('reads both forms back from a decoded body list', () => {
    const body = encodeRlp([decodeRlp(hexToBytes(EIP155_SIGNED)) as RlpInput, dynamicWith(0, 1n)]);
    const items = decodeRlp(body) as ReturnType<typeof decodeRlp>[];
    expect(decodeTxBlockItem(items[0]!).data).toEqual(EIP155_TX);
    expect(decodeTxBlockItem(items[1]!).data.type).toBe(2);
  });

  it('rejects a legacy transaction wrapped in a string and a string with no known type', () => {
    expect(() => decodeTxBlockItem(hexToBytes(EIP155_SIGNED))).toThrow(/must be an RLP list, not a string/);
    expect(() => decodeTxBlockItem(Uint8Array.of(0x80, 1))).toThrow(/transaction type 0x80 not supported/);
    expect(() => decodeTxBlockItem(new Uint8Array())).toThrow(TxDecodeError);
    expect(() => decodeTxBlockItem([Uint8Array.of(1), Uint8Array.of(2)])).toThrow(/expected 9 elements, got 2/);
  });
});
