import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import { MemoryStore } from '../../db/memoryStore.js';
import { SecureTrie } from '../../trie/secureTrie.js';
import { readBody } from '../rawdb/bodies.js';
import { readChainConfig } from '../rawdb/chainConfig.js';
import { readCode } from '../rawdb/code.js';
import { readCanonicalHash, readHeader, readHeaderNumber, readTotalDifficulty, writeCanonicalHash } from '../rawdb/headers.js';
import { readHeadBlockHash, readHeadHeaderHash } from '../rawdb/heads.js';
import { readReceiptsRlp } from '../rawdb/receipts.js';
import { decodeAccount } from '../types/account.js';
import { parseGenesis } from './genesis.js';
import { genesisBlock } from './genesisBlock.js';
import { builtInGenesis } from './networks.js';
import { commitGenesis, GenesisMismatchError, readStoredGenesis, setupGenesis } from './setupGenesis.js';

const A = 'cd2a3d9f938e13cd947ec05abc7fe734df8dd826';
const C = '9ca0e998df92c5351cecbbb6dba82ac2266f7e0c';

function customGenesis() {
  return parseGenesis({
    config: { chainId: 99, londonBlock: 0, terminalTotalDifficulty: 0, shanghaiTime: 0 },
    gasLimit: '0x1c9c380',
    alloc: {
      [A]: { balance: '1000000000000000000' },
      [C]: { code: '0x6001600155', storage: { '0x01': '0x02' }, nonce: '1' },
    },
  });
}

describe('commitGenesis', () => {
  it('writes block, indexes, heads, config, spec, state and code in one batch', async () => {
    const db = new MemoryStore();
    const genesis = customGenesis();
    const header = await commitGenesis(db, genesis);
    const hash = header.hash;
    expect(hash).toEqual(genesisBlock(genesis).hash);
    expect(readCanonicalHash(db, 0n)).toEqual(hash);
    expect(readHeader(db, hash, 0n)?.hash).toEqual(hash);
    expect(readHeaderNumber(db, hash)).toBe(0n);
    expect(readTotalDifficulty(db, hash, 0n)).toBe(0n);
    expect(readBody(db, hash, 0n)).toEqual({ transactions: [], ommers: [], withdrawals: [] });
    expect(readReceiptsRlp(db, hash, 0n)).toEqual(Uint8Array.of(0xc0));
    expect(readHeadHeaderHash(db)).toEqual(hash);
    expect(readHeadBlockHash(db)).toEqual(hash);
    expect(readChainConfig(db, hash)).toEqual(genesis.config);

    const state = new SecureTrie(db, header.stateRoot);
    const contract = decodeAccount(state.get(hexToBytes(C))!);
    expect(contract.nonce).toBe(1n);
    expect(readCode(db, contract.codeHash)).toEqual(hexToBytes('0x6001600155'));
    expect(contract.codeHash).toEqual(keccak256(hexToBytes('0x6001600155')));
    expect(new SecureTrie(db, contract.storageRoot).get(hexToBytes('0x' + '00'.repeat(31) + '01'))).toEqual(Uint8Array.of(2));
    expect(decodeAccount(state.get(hexToBytes(A))!).balance).toBe(10n ** 18n);
  });

  it('writes nothing when the batch fails', async () => {
    const db = new MemoryStore();
    const failing = Object.assign(Object.create(db) as MemoryStore, {
      batch: () => Object.assign(db.batch(), { write: () => Promise.reject(new Error('disk full')) }),
    });
    await expect(commitGenesis(failing, customGenesis())).rejects.toThrow('disk full');
    expect(db.size).toBe(0);
  });
});

describe('setupGenesis', () => {
  it('writes into an empty database and leaves it alone the second time', async () => {
    const db = new MemoryStore();
    const first = await setupGenesis(db, customGenesis());
    expect(first.written).toBe(true);
    const size = db.size;
    const second = await setupGenesis(db, customGenesis());
    expect(second.written).toBe(false);
    expect(second.header.hash).toEqual(first.header.hash);
    expect(db.size).toBe(size);
  });

  it('refuses a different genesis, naming both hashes', async () => {
    const db = new MemoryStore();
    const { header } = await setupGenesis(db, customGenesis());
    const other = customGenesis();
    other.alloc.get('0x' + A)!.balance += 1n;
    const otherHash = genesisBlock(other).hash;
    const attempt = setupGenesis(db, other);
    await expect(attempt).rejects.toThrow(GenesisMismatchError);
    await expect(setupGenesis(db, other)).rejects.toThrow(
      `database contains incompatible genesis (have ${bytesToHex(header.hash)}, new ${bytesToHex(otherHash)})`,
    );
    expect(readCanonicalHash(db, 0n)).toEqual(header.hash);
  });
});

describe('readStoredGenesis', () => {
  it('gives back the spec the database was initialised with', async () => {
    const db = new MemoryStore();
    expect(readStoredGenesis(db)).toBeUndefined();
    const genesis = builtInGenesis('sepolia');
    await setupGenesis(db, genesis);
    expect(readStoredGenesis(db)).toEqual(genesis);
  });

  it('reports a database whose genesis has no spec', async () => {
    const db = new MemoryStore();
    const batch = db.batch();
    writeCanonicalHash(batch, new Uint8Array(32).fill(1), 0n);
    await batch.write();
    expect(() => readStoredGenesis(db)).toThrow(`database has genesis 0x${'01'.repeat(32)} but not its spec`);
  });
});
