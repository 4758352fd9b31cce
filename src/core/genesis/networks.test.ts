import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../common/bytes.js';
import { genesisBlock } from './genesisBlock.js';
import { BUILT_IN_NETWORKS, builtInGenesis, builtInGenesisPath } from './networks.js';

const HARDHAT_ACCOUNTS = [
  '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
  '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
  '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc',
  '0x90f79bf6eb2c4f870365e785982e1f101e93b906',
  '0x15d34aaf54267db7d7c367839aaf71a00a2c6a65',
  '0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc',
  '0x976ea74026e726554db657fa54763abd0c3a0aa9',
  '0x14dc79964da2c08b23698b3d3cc7ca32193d9955',
  '0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f',
  '0xa0ee7a142d267c1f36714e4a8f75612f20a79720',
];

describe('built-in networks', () => {
  it("finds every network's file in the package's genesis folder", () => {
    const pkgGenesis = fileURLToPath(new URL('../../../genesis/', import.meta.url));
    for (const name of BUILT_IN_NETWORKS) {
      expect(builtInGenesisPath(name)).toBe(`${pkgGenesis}${name}.json`);
      expect(existsSync(builtInGenesisPath(name))).toBe(true);
    }
  });

  it('gives the known mainnet and sepolia genesis hashes', () => {
    expect(bytesToHex(genesisBlock(builtInGenesis('sepolia')).hash)).toBe(
      '0x25a5cc106eea7138acab33231d7160d69cb777ee0c2c553fcddf5138993e6dd9',
    );
    expect(builtInGenesis('mainnet').config.chainId).toBe(1n);
  });

  it('dev: chain 1337, every fork through Cancun at genesis, 30M gas, 1 gwei, ten funded Hardhat accounts', () => {
    const dev = builtInGenesis('dev');
    expect(dev.config.chainId).toBe(1337n);
    expect(dev.config.terminalTotalDifficulty).toBe(0n);
    expect(dev.config.shanghaiTime).toBe(0n);
    expect(dev.config.cancunTime).toBe(0n);
    expect(dev.config.pragueTime).toBeUndefined();
    for (const k of ['homesteadBlock', 'eip150Block', 'eip155Block', 'eip158Block', 'byzantiumBlock', 'constantinopleBlock', 'petersburgBlock', 'istanbulBlock', 'berlinBlock', 'londonBlock'] as const) {
      expect(dev.config[k], k).toBe(0n);
    }
    expect([...dev.alloc.keys()]).toEqual(HARDHAT_ACCOUNTS);
    for (const a of dev.alloc.values()) expect(a.balance).toBe(10_000n * 10n ** 18n);
    const { header } = genesisBlock(dev);
    expect(header.gasLimit).toBe(30_000_000n);
    expect(header.baseFeePerGas).toBe(1_000_000_000n);
    expect(header.difficulty).toBe(0n);
    expect(header.excessBlobGas).toBe(0n);
    expect(header.parentBeaconBlockRoot).toEqual(new Uint8Array(32));
    expect(header.requestsHash).toBeUndefined();
    // Pinned so that a change to dev.json (which changes every dev chain) is a deliberate one.
    expect(bytesToHex(header.hash)).toBe('0xf1887170f9df79926e768bb983841e974105e83ea7766c265e3a3194408c3d75');
  });

  it('hands out a fresh object on every call', () => {
    const a = builtInGenesis('dev');
    a.alloc.clear();
    expect(builtInGenesis('dev').alloc.size).toBe(10);
  });
});
