import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../common/bytes.js';
import { isMergedAtGenesis, rulesFor, type Rules } from '../../params/chainConfig.js';
import { configForFork, type ForkName } from '../../params/forks.js';
import type { AccessList } from './accessList.js';
import { floorDataGas, intrinsicGas } from './intrinsicGas.js';
import { decodeTransaction } from './transaction.js';

function rules(fork: ForkName): Rules {
  const config = configForFork(fork);
  return rulesFor(config, 0n, isMergedAtGenesis(config), 0n);
}

const TO = new Uint8Array(20).fill(1);
const call = (data: Uint8Array, accessList: AccessList = []) => ({ to: TO, data, accessList });
const create = (data: Uint8Array) => ({ to: undefined, data, accessList: [] });

describe('intrinsicGas', () => {
  it('charges 21000 for a plain transfer on every fork', () => {
    for (const fork of ['Frontier', 'Istanbul', 'Cancun'] as const) expect(intrinsicGas(call(new Uint8Array()), rules(fork))).toBe(21000n);
  });

  it('charges 53000 for a creation from Homestead on', () => {
    expect(intrinsicGas(create(new Uint8Array()), rules('Frontier'))).toBe(21000n);
    expect(intrinsicGas(create(new Uint8Array()), rules('Homestead'))).toBe(53000n);
  });

  it('charges 4 per zero byte and 68 per other byte, 16 from Istanbul (EIP-2028)', () => {
    const data = Uint8Array.of(0, 1, 0, 0xff);
    expect(intrinsicGas(call(data), rules('ConstantinopleFix'))).toBe(21000n + 8n + 136n);
    expect(intrinsicGas(call(data), rules('Istanbul'))).toBe(21000n + 8n + 32n);
  });

  it('charges 2400 per access-list address and 1900 per storage key', () => {
    const list: AccessList = [
      { address: TO, storageKeys: [new Uint8Array(32), new Uint8Array(32)] },
      { address: TO, storageKeys: [new Uint8Array(32)] },
    ];
    expect(intrinsicGas(call(new Uint8Array(), list), rules('Berlin'))).toBe(21000n + 2n * 2400n + 3n * 1900n);
  });

  it('charges 2 per init code word for creations from Shanghai (EIP-3860)', () => {
    const code = new Uint8Array(33).fill(1); // two words
    const base = 53000n + 33n * 16n;
    expect(intrinsicGas(create(code), rules('Paris'))).toBe(base);
    expect(intrinsicGas(create(code), rules('Shanghai'))).toBe(base + 4n);
    expect(intrinsicGas(create(new Uint8Array(32).fill(1)), rules('Shanghai'))).toBe(53000n + 32n * 16n + 2n);
    // A call carrying the same bytes pays no word gas.
    expect(intrinsicGas(call(code), rules('Shanghai'))).toBe(21000n + 33n * 16n);
  });

  it('matches TransactionTests ttSignature/Vitalik_12 (a creation) across forks', () => {
    const tx = decodeTransaction(
      hexToBytes(
        '0xf8610e80830493e080809560f2ff61000080610011600039610011565b6000f31ca0a310f4d0b26207db76ba4e1e6e7cf1857ee3aa8559bcbc399a6b09bfea2d30b4a06dff38c645a1486651a717ddf3daccb4fd9a630871ecea0758ddfcf2774f9bc6',
      ),
    );
    expect(intrinsicGas(tx, rules('Frontier'))).toBe(0x561cn);
    expect(intrinsicGas(tx, rules('Homestead'))).toBe(0xd31cn);
    expect(intrinsicGas(tx, rules('Istanbul'))).toBe(0xd010n);
    expect(intrinsicGas(tx, rules('Shanghai'))).toBe(0xd012n);
  });
});

describe('floorDataGas (EIP-7623)', () => {
  it('is 21000 plus 10 per token, a non-zero byte being four tokens', () => {
    expect(floorDataGas(new Uint8Array())).toBe(21000n);
    expect(floorDataGas(Uint8Array.of(0, 1))).toBe(21000n + 10n + 40n);
    expect(floorDataGas(new Uint8Array(100).fill(7))).toBe(21000n + 4000n);
  });
});
