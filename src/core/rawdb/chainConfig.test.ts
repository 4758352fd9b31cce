import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../../common/bytes.js';
import { MemoryStore } from '../../db/memoryStore.js';
import { chainConfigKey } from '../../db/schema.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { readChainConfig, writeChainConfig } from './chainConfig.js';

const genesis = new Uint8Array(32).fill(0xd4);

describe('chain config accessor', () => {
  it('stores the config as JSON under the genesis hash, big numbers exact', async () => {
    const db = new MemoryStore();
    const config: ChainConfig = {
      chainId: 1n,
      londonBlock: 12_965_000n,
      terminalTotalDifficulty: 58750000000000000000000n,
      blobSchedule: { cancun: { target: 3, max: 6, baseFeeUpdateFraction: 3338477n } },
    };
    const batch = db.batch();
    writeChainConfig(batch, genesis, config);
    await batch.write();
    expect(new TextDecoder().decode(db.get(chainConfigKey(genesis)))).toContain('"terminalTotalDifficulty":58750000000000000000000');
    expect(readChainConfig(db, genesis)).toEqual(config);
    expect(readChainConfig(db, new Uint8Array(32))).toBeUndefined();
  });

  it('reports a stored config that does not parse', () => {
    const db = new MemoryStore();
    db.put(chainConfigKey(genesis), utf8ToBytes('{"chainId":'));
    expect(() => readChainConfig(db, genesis)).toThrow('database: corrupt chain config of genesis 0xd4d4');
    db.put(chainConfigKey(genesis), utf8ToBytes('{}'));
    expect(() => readChainConfig(db, genesis)).toThrow('config.chainId: missing');
  });
});
