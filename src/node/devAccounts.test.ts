import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../common/bytes.js';
import { builtInGenesis } from '../core/genesis/networks.js';
import { privateKeyToAddress } from '../crypto/secp256k1.js';
import { devAccounts } from './devAccounts.js';

describe('devAccounts', () => {
  it('are exactly the accounts the dev genesis funds, the well-known first one first', () => {
    const accounts = devAccounts();
    expect(accounts).toHaveLength(10);
    expect(bytesToHex(accounts[0]!.address)).toBe('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266');
    expect(bytesToHex(accounts[0]!.privateKey)).toBe('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
    const genesis = builtInGenesis('dev');
    expect(accounts.map((a) => bytesToHex(a.address)).sort()).toEqual([...genesis.alloc.keys()].filter((a) => genesis.alloc.get(a)!.balance > 0n).sort());
  });

  it('hold each key’s own address', () => {
    for (const { address, privateKey } of devAccounts()) {
      expect(bytesToHex(address)).toBe(bytesToHex(privateKeyToAddress(privateKey)));
    }
  });
});
