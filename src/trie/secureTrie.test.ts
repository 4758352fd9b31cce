import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, utf8ToBytes } from '../common/bytes.js';
import { EMPTY_TRIE_ROOT, KECCAK256_EMPTY, keccak256 } from '../crypto/keccak.js';
import { MemoryStore } from '../db/memoryStore.js';
import { encodeRlp } from '../rlp/rlp.js';
import { SecureTrie } from './secureTrie.js';
import { Trie } from './trie.js';

// The Sepolia genesis allocation (balances only) and its state root.
const SEPOLIA_ALLOC: Array<[string, string]> = [
  ['0000006916a87b82333f4245046623b23794c65c', '0x84595161401484a000000'],
  ['10f5d45854e038071485ac9e402308cf80d2d2fe', '0x52b7d2dcc80cd2e4000000'],
  ['799d329e5f583419167cd722962485926e338f4a', '0xde0b6b3a7640000'],
  ['7cf5b79bfe291a67ab02b393e456ccc4c266f753', '0xd3c21bcecceda1000000'],
  ['8b7f0977bb4f0fbe7076fa22bc24aca043583f5e', '0xd3c21bcecceda1000000'],
  ['a2a6d93439144ffe4d27c9e088dcd8b783946263', '0xd3c21bcecceda1000000'],
  ['aaec86394441f915bce3e6ab399977e9906f3b69', '0xd3c21bcecceda1000000'],
  ['b21c33de1fab3fa15499c62b59fe0cc3250020d1', '0x52b7d2dcc80cd2e4000000'],
  ['bc11295936aa79d594139de1b2e12629414f3bdb', '0xd3c21bcecceda1000000'],
  ['beef32ca5b9a198d27b4e02f4c70439fe60356cf', '0xd3c21bcecceda1000000'],
  ['d7d76c58b3a519e9fa6cc4d22dc017259bc49f1e', '0x52b7d2dcc80cd2e4000000'],
  ['d7eddb78ed295b3c9629240e8924fb8d8874ddd8', '0xd3c21bcecceda1000000'],
  ['d9a5179f091d85051d3c982785efd1455cec8699', '0xd3c21bcecceda1000000'],
  ['e2e2659028143784d557bcec6ff3a0721048880a', '0xd3c21bcecceda1000000'],
  ['f47cae1cf79ca6758bfc787dbd21e6bdbe7112b8', '0xd3c21bcecceda1000000'],
];
const SEPOLIA_STATE_ROOT = '0x5eb6e371a698b8d68f665192350ffcecbbbf322916f4b51bd79bb6887da3f494';

describe('SecureTrie', () => {
  it('gives the Sepolia genesis state root', () => {
    const state = new SecureTrie();
    for (const [addr, balance] of SEPOLIA_ALLOC) {
      state.put(hexToBytes(addr), encodeRlp([0, BigInt(balance), EMPTY_TRIE_ROOT, KECCAK256_EMPTY]));
    }
    expect(bytesToHex(state.hash())).toBe(SEPOLIA_STATE_ROOT);
  });

  it('keys the underlying trie by keccak256(key)', () => {
    const secure = new SecureTrie();
    const plain = new Trie();
    for (const k of ['dog', 'doge', 'horse']) {
      secure.put(utf8ToBytes(k), utf8ToBytes(k + '!'));
      plain.put(keccak256(utf8ToBytes(k)), utf8ToBytes(k + '!'));
    }
    expect(bytesToHex(secure.hash())).toBe(bytesToHex(plain.hash()));
    expect(secure.get(utf8ToBytes('doge'))).toEqual(utf8ToBytes('doge!'));
    expect(secure.trie.get(keccak256(utf8ToBytes('doge')))).toEqual(utf8ToBytes('doge!'));
    expect(secure.get(keccak256(utf8ToBytes('doge')))).toBeUndefined();
    expect([...secure.trie.entries()].length).toBe(3);
  });

  it('deletes, commits, reopens and copies like a trie', () => {
    const store = new MemoryStore();
    const secure = new SecureTrie(store);
    for (let i = 0; i < 50; i++) secure.put(encodeRlp(i), utf8ToBytes(`v${i}`));
    secure.delete(encodeRlp(7));
    secure.put(encodeRlp(8), new Uint8Array(0));
    const root = secure.commit(store);
    const reopened = new SecureTrie(store, root);
    expect(bytesToHex(reopened.hash())).toBe(bytesToHex(root));
    expect(reopened.get(encodeRlp(7))).toBeUndefined();
    expect(reopened.get(encodeRlp(8))).toBeUndefined();
    expect(reopened.get(encodeRlp(9))).toEqual(utf8ToBytes('v9'));
    const copy = reopened.copy();
    copy.put(encodeRlp(9), utf8ToBytes('changed'));
    expect(reopened.get(encodeRlp(9))).toEqual(utf8ToBytes('v9'));
    expect(bytesToHex(copy.hash())).not.toBe(bytesToHex(root));
  });
});
