import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { parseJsonLossless, stringifyJsonLossless } from '../../common/losslessJson.js';
import { configForFork } from '../../params/forks.js';
import { GenesisFormatError, genesisToJson, parseGenesis } from './genesis.js';

const file = (name: string) => readFileSync(new URL(`../../../genesis/${name}.json`, import.meta.url), 'utf8');
const A = 'cd2a3d9f938e13cd947ec05abc7fe734df8dd826';

describe('parseGenesis', () => {
  it('reads mainnet: header fields, config and all 8893 accounts', () => {
    const g = parseGenesis(file('mainnet'));
    expect(g.config.terminalTotalDifficulty).toBe(58750000000000000000000n);
    expect(g.nonce).toBe(0x42n);
    expect(g.gasLimit).toBe(5000n);
    expect(g.difficulty).toBe(0x400000000n);
    expect(bytesToHex(g.extraData)).toBe('0x11bbe8db4e347b4e8c937c1c8370e4b5ed33adb3db69cbdb7a38e1e50b1b82fa');
    expect(g.alloc.size).toBe(8893);
    expect(g.alloc.get('0xfff7ac99c8e4feb60c9750054bdc14ce1857f181')?.balance).toBe(0x3635c9adc5dea00000n);
    expect(g.baseFeePerGas).toBeUndefined();
  });

  it('fills defaults for absent fields', () => {
    const g = parseGenesis('{"config":{"chainId":5}}');
    expect(g).toMatchObject({ nonce: 0n, timestamp: 0n, gasLimit: 0n, number: 0n, gasUsed: 0n, alloc: new Map() });
    expect(g.difficulty).toBeUndefined();
    expect(g.mixHash).toEqual(new Uint8Array(32));
    expect(g.coinbase).toEqual(new Uint8Array(20));
    expect(g.parentHash).toEqual(new Uint8Array(32));
    expect(g.extraData).toHaveLength(0);
  });

  it('accepts numbers, hex and decimal strings, big literals, and alloc keys with or without 0x', () => {
    const g = parseGenesis(`{
      "config": {"chainId": 1},
      "gasLimit": 30000000, "difficulty": "131072", "timestamp": "0x10", "baseFeePerGas": 7,
      "excessBlobGas": "0x0", "blobGasUsed": 0,
      "alloc": {
        "${A}": {"balance": 100000000000000000000000000},
        "0x${'AB'.repeat(20)}": {"balance": "0x10", "nonce": "3", "code": "0x6001", "storage": {"0x03": "0x07", "${'1'.repeat(64)}": "0x00"}}
      }
    }`);
    expect(g.gasLimit).toBe(30_000_000n);
    expect(g.difficulty).toBe(131072n);
    expect(g.timestamp).toBe(16n);
    expect(g.baseFeePerGas).toBe(7n);
    expect(g.excessBlobGas).toBe(0n);
    expect(g.blobGasUsed).toBe(0n);
    expect(g.alloc.get('0x' + A)?.balance).toBe(10n ** 26n);
    const b = g.alloc.get('0x' + 'ab'.repeat(20))!;
    expect(b).toMatchObject({ balance: 16n, nonce: 3n });
    expect(bytesToHex(b.code)).toBe('0x6001');
    expect([...b.storage.keys()]).toEqual(['0x' + '00'.repeat(31) + '03', '0x' + '11'.repeat(32)]);
    expect(bytesToHex(b.storage.get('0x' + '00'.repeat(31) + '03')!)).toBe('0x' + '00'.repeat(31) + '07');
  });

  it('reads the old `wei` balance name the GenesisTests use, and a missing balance as zero', () => {
    const g = parseGenesis({ alloc: { [A]: { wei: '5' }, ['ab'.repeat(20)]: { code: '0x00' } } }, { defaultConfig: configForFork('Frontier') });
    expect(g.alloc.get('0x' + A)?.balance).toBe(5n);
    expect(g.alloc.get('0x' + 'ab'.repeat(20))?.balance).toBe(0n);
    expect(() => parseGenesis({ config: { chainId: 1 }, alloc: { [A]: { wei: '5', balance: '5' } } })).toThrow(
      `alloc.${A}.wei: given together with balance`,
    );
  });

  it('uses the default config only when the file has none', () => {
    const frontier = configForFork('Frontier');
    expect(parseGenesis({}, { defaultConfig: frontier }).config).toBe(frontier);
    expect(parseGenesis({ config: { chainId: 9 } }, { defaultConfig: frontier }).config.chainId).toBe(9n);
  });

  it.each([
    ['', 'invalid JSON at line 1 column 1: unexpected end of input'],
    ['{"config": {"chainId": 1},}', 'invalid JSON at line 1 column 27: expected a property name'],
    ['[]', 'genesis: expected an object, got an array'],
    ['{}', 'config: missing'],
    ['{"config": {}}', 'config.chainId: missing'],
    ['{"config": {"chainId": "one"}}', 'config.chainId: invalid integer "one"'],
    ['{"config": {"chainId": 1}, "nonce": "0x10000000000000000"}', 'nonce: value "0x10000000000000000" exceeds 64 bits'],
    ['{"config": {"chainId": 1}, "gasLimit": -1}', 'gasLimit: negative value -1'],
    ['{"config": {"chainId": 1}, "timestamp": 1.5}', 'timestamp: not an integer: 1.5'],
    ['{"config": {"chainId": 1}, "difficulty": "0xg"}', 'difficulty: invalid integer "0xg"'],
    ['{"config": {"chainId": 1}, "extraData": "0x123"}', 'extraData: hex string of odd length'],
    ['{"config": {"chainId": 1}, "mixHash": "0x00"}', 'mixHash: expected 32 bytes, got 1'],
    ['{"config": {"chainId": 1}, "parentHash": 5}', 'parentHash: expected a string, got a number'],
    ['{"config": {"chainId": 1}, "coinbase": "0x1234"}', 'coinbase: invalid address "0x1234"'],
    ['{"config": {"chainId": 1}, "alloc": []}', 'alloc: expected an object, got an array'],
    ['{"config": {"chainId": 1}, "alloc": {"0x12": {}}}', 'alloc.0x12: invalid address'],
    [`{"config": {"chainId": 1}, "alloc": {"${A}": 5}}`, `alloc.${A}: expected an object, got a number`],
    [`{"config": {"chainId": 1}, "alloc": {"${A}": {"balance": "-1"}}}`, `alloc.${A}.balance: negative value "-1"`],
    [`{"config": {"chainId": 1}, "alloc": {"${A}": {"balance": "lots"}}}`, `alloc.${A}.balance: invalid integer "lots"`],
    [`{"config": {"chainId": 1}, "alloc": {"${A}": {"code": "6001"}}}`, `alloc.${A}.code: hex string without 0x prefix`],
    [`{"config": {"chainId": 1}, "alloc": {"${A}": {"nonce": "0x1ffffffffffffffff"}}}`, `alloc.${A}.nonce: value "0x1ffffffffffffffff" exceeds 64 bits`],
    [`{"config": {"chainId": 1}, "alloc": {"${A}": {"storage": {"0xzz": "0x01"}}}}`, `alloc.${A}.storage.0xzz: invalid hex string`],
    [`{"config": {"chainId": 1}, "alloc": {"${A}": {"storage": {"0x01": "0x${'1'.repeat(66)}"}}}}`, 'more than 32 bytes'],
    [`{"config": {"chainId": 1}, "alloc": {"${A}": {}, "0x${A}": {}}}`, `alloc.0x${A}: address 0x${A} is given twice`],
    [`{"config": {"chainId": 1}, "alloc": {"${A}": {"storage": {"0x1": "0x1", "0x01": "0x2"}}}}`, 'is given twice'],
  ])('rejects %s with a clear error naming the field', (text, message) => {
    expect(() => parseGenesis(text)).toThrow(GenesisFormatError);
    expect(() => parseGenesis(text)).toThrow(message);
  });
});

describe('genesisToJson', () => {
  it("writes geth's shape and reads back to the same genesis", () => {
    for (const name of ['mainnet', 'sepolia', 'dev']) {
      const g = parseGenesis(file(name));
      const text = stringifyJsonLossless(genesisToJson(g));
      expect(parseGenesis(text)).toEqual(g);
    }
  });

  it('writes quantities as hex, alloc keys without 0x, and leaves out what was absent', () => {
    const g = parseGenesis({
      config: { chainId: 1, terminalTotalDifficulty: 58750000000000000000000n },
      gasLimit: 5000,
      alloc: { ['0x' + A]: { balance: '1000', code: '0x60', storage: { '0x1': '0x2' }, nonce: 0 } },
    });
    const json = genesisToJson(g);
    expect(json).toMatchObject({ nonce: '0x0', gasLimit: '0x1388', number: '0x0', coinbase: '0x' + '00'.repeat(20) });
    expect(json.alloc).toEqual({
      [A]: { code: '0x60', storage: { ['0x' + '00'.repeat(31) + '01']: '0x' + '00'.repeat(31) + '02' }, balance: '0x3e8' },
    });
    const text = stringifyJsonLossless(json);
    expect(text).not.toMatch(/"(difficulty|baseFeePerGas|excessBlobGas|blobGasUsed)"/);
    expect(text).toContain('"terminalTotalDifficulty": 58750000000000000000000');
    expect((parseJsonLossless(text) as { config: { terminalTotalDifficulty: bigint } }).config.terminalTotalDifficulty).toBe(
      58750000000000000000000n,
    );
  });
});
