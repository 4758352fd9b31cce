import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { EMPTY_TRIE_ROOT, keccak256, KECCAK256_EMPTY } from '../../crypto/keccak.js';
import { MemoryStore } from '../../db/memoryStore.js';
import { codeKey } from '../../db/schema.js';
import { decodeRlp } from '../../rlp/rlp.js';
import { SecureTrie } from '../../trie/secureTrie.js';
import { decodeAccount } from '../types/account.js';
import { parseGenesis } from './genesis.js';
import { buildGenesisState } from './genesisState.js';

const A = 'cd2a3d9f938e13cd947ec05abc7fe734df8dd826';
const C = '9ca0e998df92c5351cecbbb6dba82ac2266f7e0c';

/** GenesisTests test1's alloc; its genesis block (in the vector) carries this state root. */
const test1Alloc = () =>
  parseGenesis({
    config: { chainId: 1 },
    alloc: {
      [C]: { code: '0x606060606060606060', storage: { '0x03': '0x07' } },
      [A]: { balance: '1234567000000000000000' },
    },
  }).alloc;
const TEST1_ROOT = '0xdd406a973a0a5a9826d00da276e996d28426d24f12b8fa683723e9db532b8c59';

describe('buildGenesisState', () => {
  it('gives the empty root for an empty alloc', () => {
    expect(buildGenesisState(new Map())).toEqual(EMPTY_TRIE_ROOT);
  });

  it('matches the state root of a vector with code and storage', () => {
    expect(bytesToHex(buildGenesisState(test1Alloc()))).toBe(TEST1_ROOT);
  });

  it('does not store zero storage words (an absent slot reads as zero)', () => {
    const alloc = test1Alloc();
    alloc.get('0x' + C)!.storage.set('0x' + '00'.repeat(31) + '09', new Uint8Array(32));
    expect(bytesToHex(buildGenesisState(alloc))).toBe(TEST1_ROOT);
  });

  it('changes with any account field', () => {
    const alloc = test1Alloc();
    alloc.get('0x' + A)!.nonce = 1n;
    expect(bytesToHex(buildGenesisState(alloc))).not.toBe(TEST1_ROOT);
  });

  it('writes trie nodes and code so the state can be read back from the store', () => {
    const db = new MemoryStore();
    const root = buildGenesisState(test1Alloc(), db);
    expect(bytesToHex(root)).toBe(TEST1_ROOT);
    const accounts = new SecureTrie(db, root);
    const funded = decodeAccount(accounts.get(hexToBytes(A))!);
    expect(funded).toEqual({ nonce: 0n, balance: 1234567000000000000000n, storageRoot: EMPTY_TRIE_ROOT, codeHash: KECCAK256_EMPTY });
    const contract = decodeAccount(accounts.get(hexToBytes(C))!);
    const code = hexToBytes('0x606060606060606060');
    expect(contract.codeHash).toEqual(keccak256(code));
    expect(db.get(codeKey(contract.codeHash))).toEqual(code);
    const storage = new SecureTrie(db, contract.storageRoot);
    // Values are RLP of the word with its leading zeros trimmed.
    expect(decodeRlp(storage.get(hexToBytes('0x' + '00'.repeat(31) + '03'))!)).toEqual(Uint8Array.of(7));
  });
});
