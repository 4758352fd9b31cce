import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { EMPTY_TRIE_ROOT } from '../../crypto/keccak.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { encodeBlock } from '../types/block.js';
import { encodeHeader } from '../types/header.js';
import { parseGenesis, type Genesis } from './genesis.js';
import { EMPTY_REQUESTS_HASH, GENESIS_DIFFICULTY, GENESIS_GAS_LIMIT, genesisBlock, genesisHeader } from './genesisBlock.js';

const vector = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/genesis/${name}-expected.json`, import.meta.url), 'utf8')) as Record<
    string,
    string
  >;
const builtIn = (name: string) => parseGenesis(readFileSync(new URL(`../../../genesis/${name}.json`, import.meta.url), 'utf8'));

function spec(config: Partial<ChainConfig>, fields: Partial<Genesis> = {}): Genesis {
  return { ...parseGenesis({ config: { chainId: 1 } }), ...fields, config: { chainId: 1n, ...config } };
}

const root = new Uint8Array(32).fill(5);

describe('genesisHeader', () => {
  it('applies geth defaults: gas limit 5000, difficulty 131072, nonce as 8 bytes', () => {
    const h = genesisHeader(spec({}, { nonce: 0x42n }), root);
    expect(h.gasLimit).toBe(GENESIS_GAS_LIMIT);
    expect(h.difficulty).toBe(GENESIS_DIFFICULTY);
    expect(bytesToHex(h.nonce)).toBe('0x0000000000000042');
    expect(h.stateRoot).toBe(root);
    expect(h.baseFeePerGas).toBeUndefined();
    expect(h.withdrawalsRoot).toBeUndefined();
  });

  it('gives a chain merged at genesis difficulty 0 unless the spec sets one', () => {
    expect(genesisHeader(spec({ terminalTotalDifficulty: 0n }), root).difficulty).toBe(0n);
    expect(genesisHeader(spec({ terminalTotalDifficulty: 0n }, { difficulty: 7n }), root).difficulty).toBe(7n);
    expect(genesisHeader(spec({ terminalTotalDifficulty: 10n }), root).difficulty).toBe(GENESIS_DIFFICULTY);
  });

  it('adds the London base fee (1 gwei unless given)', () => {
    expect(genesisHeader(spec({ londonBlock: 0n }), root).baseFeePerGas).toBe(1_000_000_000n);
    expect(genesisHeader(spec({ londonBlock: 0n }, { baseFeePerGas: 7n }), root).baseFeePerGas).toBe(7n);
    expect(genesisHeader(spec({ londonBlock: 1n }, { baseFeePerGas: 7n }), root).baseFeePerGas).toBeUndefined();
  });

  it('adds Shanghai, Cancun and Prague fields when those forks are active at the genesis time', () => {
    const all = { londonBlock: 0n, shanghaiTime: 0n, cancunTime: 0n, pragueTime: 0n };
    const h = genesisHeader(spec(all), root);
    expect(h.withdrawalsRoot).toEqual(EMPTY_TRIE_ROOT);
    expect(h.blobGasUsed).toBe(0n);
    expect(h.excessBlobGas).toBe(0n);
    expect(h.parentBeaconBlockRoot).toEqual(new Uint8Array(32));
    expect(bytesToHex(h.requestsHash!)).toBe('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(h.requestsHash).toEqual(EMPTY_REQUESTS_HASH);

    const given = genesisHeader(spec(all, { excessBlobGas: 5n, blobGasUsed: 6n }), root);
    expect([given.excessBlobGas, given.blobGasUsed]).toEqual([5n, 6n]);

    const cancunOnly = genesisHeader(spec({ ...all, pragueTime: 100n }, { timestamp: 99n }), root);
    expect(cancunOnly.parentBeaconBlockRoot).toBeDefined();
    expect(cancunOnly.requestsHash).toBeUndefined();

    const shanghaiOnly = genesisHeader(spec({ ...all, cancunTime: 11n, pragueTime: 12n }, { timestamp: 10n }), root);
    expect(shanghaiOnly.withdrawalsRoot).toBeDefined();
    expect(shanghaiOnly.blobGasUsed).toBeUndefined();
  });

  it('ignores timestamp forks while London is not active (as geth does)', () => {
    const h = genesisHeader(spec({ shanghaiTime: 0n, cancunTime: 0n }), root);
    expect(h.withdrawalsRoot).toBeUndefined();
    expect(h.blobGasUsed).toBeUndefined();
  });
});

describe('genesisBlock', () => {
  it('builds the mainnet and sepolia genesis headers byte for byte', () => {
    for (const name of ['mainnet', 'sepolia']) {
      const block = genesisBlock(builtIn(name));
      const want = vector(name);
      expect(bytesToHex(block.header.stateRoot)).toBe(want.stateRoot);
      expect(bytesToHex(encodeHeader(block.header))).toBe(want.genesisHeaderRlp);
      expect(bytesToHex(block.hash)).toBe(want.blockHash);
    }
  });

  it('gives a Shanghai genesis an empty withdrawals list and an older one none', () => {
    const dev = genesisBlock(builtIn('dev'));
    expect(dev.withdrawals).toEqual([]);
    expect(bytesToHex(encodeBlock(dev)).endsWith('c0c0c0')).toBe(true);
    const frontier = genesisBlock(spec({}));
    expect(frontier.withdrawals).toBeUndefined();
    expect(bytesToHex(encodeBlock(frontier)).endsWith('c0c0')).toBe(true);
  });

  it('uses a state root handed in instead of computing one', () => {
    expect(genesisBlock(builtIn('sepolia'), root).header.stateRoot).toBe(root);
  });
});
