import { describe, expect, it } from 'vitest';
import { checkTxData, type BlobTxData, type DynamicFeeTxData, type LegacyTxData, type TxData } from './txData.js';

const TO = new Uint8Array(20).fill(0x11);

const legacy: LegacyTxData = { type: 0, nonce: 0n, gasPrice: 1n, gasLimit: 21000n, to: TO, value: 0n, data: new Uint8Array() };
const dynamic: DynamicFeeTxData = {
  type: 2,
  chainId: 1n,
  nonce: 0n,
  maxPriorityFeePerGas: 1n,
  maxFeePerGas: 2n,
  gasLimit: 21000n,
  to: undefined,
  value: 0n,
  data: new Uint8Array(),
  accessList: [],
};
const blob: BlobTxData = {
  ...dynamic,
  type: 3,
  to: TO,
  maxFeePerBlobGas: 1n,
  blobVersionedHashes: [new Uint8Array(32)],
};

describe('checkTxData', () => {
  it('accepts content at the edges of every range', () => {
    expect(() => checkTxData({ ...legacy, nonce: 2n ** 64n - 1n, gasLimit: 2n ** 64n - 1n, value: 2n ** 256n - 1n })).not.toThrow();
    expect(() => checkTxData(dynamic)).not.toThrow();
    expect(() => checkTxData(blob)).not.toThrow();
  });

  it('rejects out-of-range integers with the field name', () => {
    expect(() => checkTxData({ ...legacy, nonce: 2n ** 64n })).toThrow(/nonce must be an unsigned 64-bit integer/);
    expect(() => checkTxData({ ...legacy, gasLimit: -1n })).toThrow(/gasLimit must be an unsigned 64-bit/);
    expect(() => checkTxData({ ...legacy, value: 2n ** 256n })).toThrow(/value must be an unsigned 256-bit/);
    expect(() => checkTxData({ ...legacy, gasPrice: 2n ** 256n })).toThrow(/gasPrice/);
    expect(() => checkTxData({ ...dynamic, maxFeePerGas: -5n })).toThrow(/maxFeePerGas/);
    expect(() => checkTxData({ ...blob, maxFeePerBlobGas: 2n ** 256n })).toThrow(/maxFeePerBlobGas/);
    expect(() => checkTxData({ ...legacy, nonce: 1 as unknown as bigint })).toThrow(/nonce/);
  });

  it('rejects a legacy chain id whose EIP-155 v would not fit 256 bits', () => {
    expect(() => checkTxData({ ...legacy, chainId: 2n ** 255n })).toThrow(/chainId too large/);
    expect(() => checkTxData({ ...legacy, chainId: (2n ** 256n - 37n) / 2n })).not.toThrow();
  });

  it('rejects malformed addresses, hashes, creation blob transactions and unknown types', () => {
    expect(() => checkTxData({ ...legacy, to: new Uint8Array(21) })).toThrow(/to must be 20 bytes, got 21/);
    expect(() => checkTxData({ ...dynamic, accessList: [{ address: TO, storageKeys: [new Uint8Array(31)] }] })).toThrow(
      /storageKeys\[0\] must be 32 bytes/,
    );
    expect(() => checkTxData({ ...blob, blobVersionedHashes: [new Uint8Array(31)] })).toThrow(/blobVersionedHashes\[0\]/);
    expect(() => checkTxData({ ...blob, to: undefined } as unknown as TxData)).toThrow(/blob transaction of type create/);
    expect(() => checkTxData({ ...legacy, type: 4 } as unknown as TxData)).toThrow(/type 4 not supported/);
  });
});
