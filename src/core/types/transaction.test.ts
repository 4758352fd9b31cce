import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import { decodeRlp, encodeRlp, type RlpItem } from '../../rlp/rlp.js';
import {
  decodeTransaction,
  encodeTransaction,
  Transaction,
  transactionFromBlockItem,
  transactionToBlockItem,
  TxDecodeError,
} from './transaction.js';
import type { BlobTxData, DynamicFeeTxData, TxData } from './txData.js';

// The four transactions of BlockchainTests bcEIP4844-blobtransactions/blockWithAllTransactionTypes (Cancun).
const LEGACY =
  '0xf864808203e885e8d4a5100094100000000000000000000000000000000000000a01801ca09de4adda6288582a6700dbcd8eb70c0a4a7fc9487d965f7bf22424e0bd121095a01cdb078764cc3770d5db847e99e10333aa7c356247baaf09b03eae04d64e7926';
const ACCESS_LIST =
  '0x01f86601018203e885e8d4a5100094100000000000000000000000000000000000000a0380c080a025090740da12684493e4fb466a3979e365b194e8cf462edf3c2c3be2f130bb2ea034fa18fb4c1bff4d957d72e28535d27f1352517a942aeaca0ed944085f0cd8bb';
const DYNAMIC_FEE =
  '0x02f8670102018203e885e8d4a5100094100000000000000000000000000000000000000a0580c080a0352a7be5002ce111bc5167f3addf97a75e2e0b810d826af71d2caae18aed284ea065d38f8a5c8948ce706842e8861fb21020b93a4d5e489162a0e6d419a457b735';
const BLOB =
  '0x03f8890103018203e885e8d4a5100094100000000000000000000000000000000000000a0780c00ae1a001a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8809f638144c46d5de7a9e630c0e7c5c63ae829ecfd8cc94715d9c29fe17c464de0a06c5fc54c3aa868ba35ef31a4e12431611631ab7bcdceb4214dd273d83f73b5e1';
const TO = '0x100000000000000000000000000000000000000a';

// Hashes from TransactionTests (ttSignature/Vitalik_12, ttSignature/Vitalik_1, ttEIP2930/accessListStorage32Bytes,
// ttEIP1559/GasLimitPriceProductOverflowtMinusOne).
const KNOWN: [string, string, string][] = [
  [
    'a pre-EIP-155 creation',
    '0xf8610e80830493e080809560f2ff61000080610011600039610011565b6000f31ca0a310f4d0b26207db76ba4e1e6e7cf1857ee3aa8559bcbc399a6b09bfea2d30b4a06dff38c645a1486651a717ddf3daccb4fd9a630871ecea0758ddfcf2774f9bc6',
    '0xdb38325f4c7a9917a611fd09694492c23b0ec357a68ab5cbf905fc9757b9919a',
  ],
  [
    'an EIP-155 transfer',
    '0xf864808504a817c800825208943535353535353535353535353535353535353535808025a0044852b2a670ade5407e78fb2863c51de9fcb96542a07186fe3aeda6bb8a116da0044852b2a670ade5407e78fb2863c51de9fcb96542a07186fe3aeda6bb8a116d',
    '0xb1e2188bc490908a78184e4818dca53684167507417fdb4c09c2d64d32a9896a',
  ],
  [
    'an access-list transaction',
    '0x01f89a018001826a4094095e7baea6a6c7c4c2dfeb977efac326af552d878080f838f794a95e7baea6a6c7c4c2dfeb977efac326af552d87e1a0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80a05cbd172231fc0735e0fb994dd5b1a4939170a260b36f0427a8a80866b063b948a07c230f7f578dd61785c93361b9871c0706ebfa6d06e3f4491dc9558c5202ed36',
    '0xb4f8b14a7aaf85ec2f76be9fbe4155deae1f87b2da95af73be3c27ed8d4c8cb7',
  ],
  [
    'a dynamic-fee transaction',
    '0x02f885018084773594009f02ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff82520894095e7baea6a6c7c4c2dfeb977efac326af552d878080c080a05cbd172231fc0735e0fb994dd5b1a4939170a260b36f0427a8a80866b063b948a07c230f7f578dd61785c93361b9871c0706ebfa6d06e3f4491dc9558c5202ed36',
    '0xdad8bff3ecfcf95169b1d5625b47f3372be795802bc4fe570991cf332f609334',
  ],
];

describe('Transaction encoding', () => {
  it.each([
    ['legacy', LEGACY, 0],
    ['access list', ACCESS_LIST, 1],
    ['dynamic fee', DYNAMIC_FEE, 2],
    ['blob', BLOB, 3],
  ])('round-trips a %s transaction byte for byte', (_name, hex, type) => {
    const tx = decodeTransaction(hexToBytes(hex));
    expect(tx.type).toBe(type);
    expect(bytesToHex(encodeTransaction(tx))).toBe(hex);
    expect(tx.size).toBe(hexToBytes(hex).length);
    expect(bytesToHex(tx.hash)).toBe(bytesToHex(keccak256(hexToBytes(hex))));
    // Building it again from its parts gives the same transaction.
    const rebuilt = new Transaction(tx.inner, tx.signature);
    expect(bytesToHex(encodeTransaction(rebuilt))).toBe(hex);
  });

  it.each(KNOWN)('gives the TransactionTests hash of %s', (_name, hex, hash) => {
    expect(bytesToHex(decodeTransaction(hexToBytes(hex)).hash)).toBe(hash);
  });

  it('computes the hash once per object', () => {
    const tx = decodeTransaction(hexToBytes(DYNAMIC_FEE));
    expect(tx.hash).toBe(tx.hash);
    expect(tx.signingHash).toBe(tx.signingHash);
  });

  it('throws TxDecodeError for malformed bytes', () => {
    expect(() => decodeTransaction(hexToBytes(LEGACY).subarray(0, 50))).toThrow(TxDecodeError);
    expect(() => decodeTransaction(hexToBytes('0x04c0'))).toThrow(/transaction type 0x04 not supported/);
  });
});

describe('Transaction fields', () => {
  it('exposes the fields of every type under the same names', () => {
    const legacy = decodeTransaction(hexToBytes(LEGACY));
    expect(legacy.nonce).toBe(0n);
    expect(legacy.gasLimit).toBe(0xe8d4a51000n);
    expect(bytesToHex(legacy.to!)).toBe(TO);
    expect(legacy.value).toBe(1n);
    expect(legacy.data).toEqual(new Uint8Array());
    expect(legacy.chainId).toBeUndefined();
    expect(legacy.isProtected).toBe(false);
    expect(legacy.accessList).toEqual([]);
    expect(legacy.blobVersionedHashes).toEqual([]);
    expect(legacy.maxFeePerBlobGas).toBeUndefined();
    expect(legacy.v).toBe(28n);
    expect(legacy.yParity).toBe(1);
    expect(legacy.r).toBe(0x9de4adda6288582a6700dbcd8eb70c0a4a7fc9487d965f7bf22424e0bd121095n);

    const blob = decodeTransaction(hexToBytes(BLOB));
    expect(blob.chainId).toBe(1n);
    expect(blob.isProtected).toBe(true);
    expect(blob.nonce).toBe(3n);
    expect(blob.maxFeePerBlobGas).toBe(10n);
    expect(blob.blobVersionedHashes.map(bytesToHex)).toEqual([
      '0x01a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8',
    ]);
    expect(blob.blobGas).toBe(131072n);
    expect(blob.v).toBe(0n);
  });

  it('maps gas price, fee cap and tip cap as geth does', () => {
    const legacy = decodeTransaction(hexToBytes(LEGACY));
    expect([legacy.gasPrice, legacy.gasFeeCap, legacy.gasTipCap]).toEqual([1000n, 1000n, 1000n]);
    const accessList = decodeTransaction(hexToBytes(ACCESS_LIST));
    expect([accessList.gasPrice, accessList.gasFeeCap, accessList.gasTipCap]).toEqual([1000n, 1000n, 1000n]);
    const dynamic = decodeTransaction(hexToBytes(DYNAMIC_FEE));
    expect([dynamic.gasPrice, dynamic.gasFeeCap, dynamic.gasTipCap]).toEqual([1000n, 1000n, 1n]);
  });

  it('computes cost including blob gas', () => {
    const gas = 0xe8d4a51000n;
    expect(decodeTransaction(hexToBytes(LEGACY)).cost).toBe(gas * 1000n + 1n);
    expect(decodeTransaction(hexToBytes(DYNAMIC_FEE)).cost).toBe(gas * 1000n + 5n);
    expect(decodeTransaction(hexToBytes(BLOB)).cost).toBe(gas * 1000n + 131072n * 10n + 7n);
  });

  it('computes the effective tip for a base fee', () => {
    const dynamic = decodeTransaction(hexToBytes(DYNAMIC_FEE)); // tip cap 1, fee cap 1000
    expect(dynamic.effectiveGasTip()).toBe(1n);
    expect(dynamic.effectiveGasTip(7n)).toBe(1n);
    expect(dynamic.effectiveGasTip(999n)).toBe(1n);
    expect(dynamic.effectiveGasTip(1000n)).toBe(0n);
    expect(dynamic.effectiveGasTip(1001n)).toBe(-1n);
    const legacy = decodeTransaction(hexToBytes(LEGACY)); // gas price 1000 is both caps
    expect(legacy.effectiveGasTip(7n)).toBe(993n);
    expect(legacy.effectiveGasTip()).toBe(1000n);
  });

  it('rejects content or signatures with no valid encoding at construction', () => {
    const inner = decodeTransaction(hexToBytes(DYNAMIC_FEE)).inner as DynamicFeeTxData;
    const sig = { yParity: 0, r: 1n, s: 1n };
    expect(() => new Transaction({ ...inner, nonce: 2n ** 64n }, sig)).toThrow(RangeError);
    expect(() => new Transaction(inner, { ...sig, yParity: 2 })).toThrow(/yParity must be 0 or 1/);
    expect(() => new Transaction(inner, { ...sig, r: 2n ** 256n })).toThrow(/signature r must be an unsigned 256-bit/);
    expect(() => new Transaction(inner, { ...sig, s: -1n })).toThrow(/signature s/);
    const blob = decodeTransaction(hexToBytes(BLOB)).inner as BlobTxData;
    expect(() => new Transaction({ ...blob, to: undefined } as unknown as TxData, sig)).toThrow(/type create/);
  });
});

describe('block body items', () => {
  it('writes legacy transactions as lists and typed ones as strings, and reads them back', () => {
    const txs = [LEGACY, ACCESS_LIST, DYNAMIC_FEE, BLOB].map((h) => decodeTransaction(hexToBytes(h)));
    const items = txs.map(transactionToBlockItem);
    expect(items.map((i) => Array.isArray(i))).toEqual([true, false, false, false]);
    const decoded = decodeRlp(encodeRlp(items)) as RlpItem[];
    const back = decoded.map(transactionFromBlockItem);
    expect(back.map((tx) => bytesToHex(tx.hash))).toEqual(txs.map((tx) => bytesToHex(tx.hash)));
  });

  it('rejects a legacy transaction given as a string', () => {
    expect(() => transactionFromBlockItem(hexToBytes(LEGACY))).toThrow(/must be an RLP list/);
  });
});
