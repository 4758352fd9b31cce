import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../common/losslessJson.js';
import type { ChainConfig } from './chainConfig.js';
import { chainConfigFromJson, chainConfigToJson } from './chainConfigJson.js';

const mainnetJson = (parseJsonLossless(readFileSync(new URL('../../genesis/mainnet.json', import.meta.url), 'utf8')) as {
  config: unknown;
}).config;

describe('chainConfigFromJson', () => {
  it("reads mainnet's config with its big terminal total difficulty exact", () => {
    const c = chainConfigFromJson(mainnetJson);
    expect(c.chainId).toBe(1n);
    expect(c.homesteadBlock).toBe(1_150_000n);
    expect(c.daoForkBlock).toBe(1_920_000n);
    expect(c.daoForkSupport).toBe(true);
    expect(c.londonBlock).toBe(12_965_000n);
    expect(c.terminalTotalDifficulty).toBe(58750000000000000000000n);
    expect(c.shanghaiTime).toBe(1681338455n);
    expect(c.osakaTime).toBe(1764798551n);
    expect(c.bpo2Time).toBe(1767747671n);
    expect(c.depositContractAddress).toBe('0x00000000219ab540356cbb839cbe05303d7705fa');
    expect(c.ethash).toBe(true);
    expect(c.blobSchedule?.prague).toEqual({ target: 6, max: 9, baseFeeUpdateFraction: 5007716n });
    expect(c.blobSchedule?.bpo2).toEqual({ target: 14, max: 21, baseFeeUpdateFraction: 11684671n });
  });

  it('accepts hex and decimal strings and reads clique', () => {
    const c = chainConfigFromJson({ chainId: '0x539', londonBlock: '10', clique: { period: 5, epoch: '30000' } });
    expect(c).toEqual({ chainId: 1337n, londonBlock: 10n, clique: { period: 5, epoch: 30000 } });
  });

  it('ignores unknown fields and treats null as absent, as geth does', () => {
    expect(chainConfigFromJson({ chainId: 5, someFutureFork: 9, cancunTime: null })).toEqual({ chainId: 5n });
  });

  it.each([
    [undefined, 'config: expected an object, got nothing'],
    [{}, 'config.chainId: missing'],
    [{ chainId: -1 }, 'config.chainId: negative value -1'],
    [{ chainId: 1, londonBlock: 'soon' }, 'config.londonBlock: invalid integer "soon"'],
    [{ chainId: 1, shanghaiTime: '0x1ffffffffffffffff' }, 'config.shanghaiTime: value "0x1ffffffffffffffff" exceeds 64 bits'],
    [{ chainId: 1, daoForkSupport: 'yes' }, 'config.daoForkSupport: expected true or false'],
    [{ chainId: 1, depositContractAddress: '0x12' }, 'config.depositContractAddress: invalid address'],
    [{ chainId: 1, ethash: 1 }, 'config.ethash: expected an object'],
    [{ chainId: 1, clique: { period: -1 } }, 'config.clique.period: negative value -1'],
    [{ chainId: 1, blobSchedule: { cancun: { target: 3, max: 6 } } }, 'config.blobSchedule.cancun.baseFeeUpdateFraction: missing'],
    [{ chainId: 1, blobSchedule: { prague: { target: 'x', max: 6, baseFeeUpdateFraction: 1 } } }, 'config.blobSchedule.prague.target: invalid integer'],
  ])('rejects %j: %s', (value, message) => {
    expect(() => chainConfigFromJson(value)).toThrow(message);
  });
});

describe('chainConfigToJson', () => {
  it('round-trips mainnet and leaves absent forks out', () => {
    const c = chainConfigFromJson(mainnetJson);
    const json = chainConfigToJson(c);
    expect(chainConfigFromJson(json)).toEqual(c);
    expect(Object.keys(json)).not.toContain('mergeNetsplitBlock');
    expect(Object.keys(json).slice(0, 4)).toEqual(['chainId', 'homesteadBlock', 'daoForkBlock', 'daoForkSupport']);
    expect(json.ethash).toEqual({});
  });

  it('writes every field it reads', () => {
    const full: ChainConfig = {
      chainId: 7n,
      homesteadBlock: 1n,
      eip150Block: 2n,
      mergeNetsplitBlock: 3n,
      bpo5Time: 4n,
      terminalTotalDifficulty: 0n,
      terminalTotalDifficultyPassed: true,
      clique: { period: 0, epoch: 30000 },
      blobSchedule: { osaka: { target: 1, max: 2, baseFeeUpdateFraction: 3n } },
    };
    expect(chainConfigFromJson(chainConfigToJson(full))).toEqual(full);
  });
});
