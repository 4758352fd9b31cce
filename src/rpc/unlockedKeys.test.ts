import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../common/bytes.js';
import { TEST_ADDRESSES, TEST_CHAIN_ID, TEST_KEYS } from '../core/chain/testChain.js';
import { LEGACY_TX_TYPE } from '../core/types/txData.js';
import { txSender } from '../core/types/txSigner.js';
import { unlockedKeys } from './unlockedKeys.js';

const tx = {
  type: LEGACY_TX_TYPE,
  chainId: TEST_CHAIN_ID,
  nonce: 0n,
  gasPrice: 1n,
  gasLimit: 21_000n,
  to: TEST_ADDRESSES[1]!,
  value: 1n,
  data: new Uint8Array(0),
} as const;

describe('unlockedKeys', () => {
  const accounts = unlockedKeys([
    { address: TEST_ADDRESSES[0]!, privateKey: TEST_KEYS[0]! },
    { address: TEST_ADDRESSES[2]!, privateKey: TEST_KEYS[2]! },
  ]);

  it('lists the addresses in the order given, as copies', () => {
    const listed = accounts.addresses();
    expect(listed.map(bytesToHex)).toEqual([bytesToHex(TEST_ADDRESSES[0]!), bytesToHex(TEST_ADDRESSES[2]!)]);
    listed.pop();
    expect(accounts.addresses()).toHaveLength(2);
  });

  it('signs with the key of the account named', () => {
    const signed = accounts.signTransaction(TEST_ADDRESSES[2]!, tx);
    expect(bytesToHex(txSender(signed!))).toBe(bytesToHex(TEST_ADDRESSES[2]!));
  });

  it('signs nothing for an account it holds no key for', () => {
    expect(accounts.signTransaction(TEST_ADDRESSES[1]!, tx)).toBeUndefined();
    expect(unlockedKeys([]).addresses()).toEqual([]);
  });
});
