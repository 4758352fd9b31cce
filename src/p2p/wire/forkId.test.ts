import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bigintToFixedBytes, bytesToHex, hexToBytes } from '../../common/bytes.js';
import { builtInGenesis } from '../../core/genesis/networks.js';
import { encodeRlp, decodeRlp } from '../../rlp/rlp.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { computeForkId, forkIdFilter, ForkIdError, forkIdFromRlp, forkIdToRlp, gatherForks, type ForkId } from './forkId.js';

const MAINNET: ChainConfig = builtInGenesis('mainnet').config;
const MAINNET_GENESIS = {
  hash: hexToBytes('0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3'),
  timestamp: 0n,
};
const MAX_UINT64 = (1n << 64n) - 1n;

const id = (sum: number, next: bigint): ForkId => ({ hash: bigintToFixedBytes(BigInt(sum), 4), next });
const show = (x: ForkId) => `${bytesToHex(x.hash)}/${x.next}`;
/** The checksum `sum` extended by a fork at `fork` (to build identifiers of forks mainnet does not have). */
const extend = (sum: number, fork: bigint) => crc32(bigintToFixedBytes(fork, 8), sum);

describe('computeForkId', () => {
  // EIP-2124's vectors, extended by geth's forkid tests through the timestamp forks up to BPO2.
  const cases: [bigint, bigint, number, bigint][] = [
    [0n, 0n, 0xfc64ec04, 1150000n], // unsynced
    [1149999n, 0n, 0xfc64ec04, 1150000n], // last Frontier block
    [1150000n, 0n, 0x97c2c34c, 1920000n], // first Homestead block
    [1919999n, 0n, 0x97c2c34c, 1920000n],
    [1920000n, 0n, 0x91d1f948, 2463000n], // first DAO block
    [2462999n, 0n, 0x91d1f948, 2463000n],
    [2463000n, 0n, 0x7a64da13, 2675000n], // first Tangerine Whistle block
    [2674999n, 0n, 0x7a64da13, 2675000n],
    [2675000n, 0n, 0x3edd5b10, 4370000n], // first Spurious Dragon block (EIP-155 and EIP-158 share it)
    [4369999n, 0n, 0x3edd5b10, 4370000n],
    [4370000n, 0n, 0xa00bc324, 7280000n], // first Byzantium block
    [7279999n, 0n, 0xa00bc324, 7280000n],
    [7280000n, 0n, 0x668db0af, 9069000n], // Constantinople and Petersburg together
    [9068999n, 0n, 0x668db0af, 9069000n],
    [9069000n, 0n, 0x879d6e30, 9200000n], // Istanbul
    [9199999n, 0n, 0x879d6e30, 9200000n],
    [9200000n, 0n, 0xe029e991, 12244000n], // Muir Glacier
    [12243999n, 0n, 0xe029e991, 12244000n],
    [12244000n, 0n, 0x0eb440f6, 12965000n], // Berlin
    [12964999n, 0n, 0x0eb440f6, 12965000n],
    [12965000n, 0n, 0xb715077d, 13773000n], // London
    [13772999n, 0n, 0xb715077d, 13773000n],
    [13773000n, 0n, 0x20c327fc, 15050000n], // Arrow Glacier
    [15049999n, 0n, 0x20c327fc, 15050000n],
    [15050000n, 0n, 0xf0afd0e3, 1681338455n], // Gray Glacier; the next fork is a timestamp
    [20000000n, 1681338454n, 0xf0afd0e3, 1681338455n],
    [20000000n, 1681338455n, 0xdce96c2d, 1710338135n], // Shanghai
    [30000000n, 1710338134n, 0xdce96c2d, 1710338135n],
    [30000000n, 1710338135n, 0x9f3d2254, 1746612311n], // Cancun
    [30000000n, 1746022486n, 0x9f3d2254, 1746612311n],
    [30000000n, 1746612311n, 0xc376cf8b, 1764798551n], // Prague
    [30000000n, 1764798550n, 0xc376cf8b, 1764798551n],
    [30000000n, 1764798551n, 0x5167e2a6, 1765290071n], // Osaka
    [30000000n, 1765290070n, 0x5167e2a6, 1765290071n],
    [30000000n, 1765290071n, 0xcba2a1c0, 1767747671n], // BPO1
    [30000000n, 1767747670n, 0xcba2a1c0, 1767747671n],
    [30000000n, 1767747671n, 0x07c9462e, 0n], // BPO2, the last known fork
    [50000000n, 2000000000n, 0x07c9462e, 0n],
  ];
  it.each(cases)('mainnet at block %s, time %s', (number, timestamp, sum, next) => {
    expect(show(computeForkId(MAINNET, MAINNET_GENESIS, { number, timestamp }))).toBe(show(id(sum, next)));
  });

  it('leaves out time forks at or before a genesis that starts after them', () => {
    const time = 1690475657n;
    const genesis = { hash: new Uint8Array(32).fill(7), timestamp: time };
    const genesisSum = crc32(genesis.hash);
    const config = (shanghaiTime: bigint, cancunTime: bigint): ChainConfig => ({
      chainId: 1337n,
      homesteadBlock: 0n,
      londonBlock: 0n,
      mergeNetsplitBlock: 0n,
      shanghaiTime,
      cancunTime,
    });
    for (const shanghai of [time - 1n, time]) {
      expect(show(computeForkId(config(shanghai, time + 1n), genesis, { number: 0n, timestamp: time }))).toBe(
        show(id(genesisSum, time + 1n)),
      );
    }
    expect(show(computeForkId(config(time + 1n, time + 2n), genesis, { number: 0n, timestamp: time }))).toBe(
      show(id(genesisSum, time + 1n)),
    );
  });

  it('gathers block forks without 0 and without repeats, time forks after genesis', () => {
    const forks = gatherForks({ chainId: 1n, homesteadBlock: 0n, eip155Block: 5n, eip158Block: 5n, shanghaiTime: 9n, cancunTime: 3n }, 4n);
    expect(forks).toEqual({ byBlock: [5n], byTime: [9n] });
  });
});

describe('forkIdFilter', () => {
  const legacy: ChainConfig = { ...MAINNET };
  for (const k of ['shanghaiTime', 'cancunTime', 'pragueTime', 'osakaTime', 'bpo1Time', 'bpo2Time'] as const) delete legacy[k];

  // geth's validation vectors: [config, head number, head time, remote id, expected outcome].
  type Outcome = 'ok' | ForkIdError['kind'];
  const cases: [string, ChainConfig, bigint, bigint, ForkId, Outcome][] = [
    // Block forks only.
    ['same fork, no next', legacy, 15050000n, 0n, id(0xf0afd0e3, 0n), 'ok'],
    ['same fork, unknown far next', legacy, 15050000n, 0n, id(0xf0afd0e3, MAX_UINT64), 'ok'],
    ['same fork, remote unaware of our next', legacy, 7279999n, 0n, id(0xa00bc324, 0n), 'ok'],
    ['same fork, same next', legacy, 7279999n, 0n, id(0xa00bc324, 7280000n), 'ok'],
    ['same fork, remote next not yet passed', legacy, 7279999n, 0n, id(0xa00bc324, MAX_UINT64), 'ok'],
    ['remote syncing, exactly at our fork', legacy, 7280000n, 0n, id(0xa00bc324, 7280000n), 'ok'],
    ['remote syncing, knows the next fork', legacy, 7987396n, 0n, id(0xa00bc324, 7280000n), 'ok'],
    ['remote far behind, knows its next fork', legacy, 7987396n, 0n, id(0x3edd5b10, 4370000n), 'ok'],
    ['local syncing, remote ahead', legacy, 7279999n, 0n, id(0x668db0af, 0n), 'ok'],
    ['local syncing, remote ahead, unaware of later forks', legacy, 4369999n, 0n, id(0xa00bc324, 0n), 'ok'],
    ['remote behind and unaware of the fork we passed', legacy, 7987396n, 0n, id(0xa00bc324, 0n), 'remote-stale'],
    ['remote passed a fork we do not know', legacy, 7987396n, 0n, id(0x5cddc0e1, 0n), 'local-incompatible'],
    ['remote passed an unknown fork before ours', legacy, 7279999n, 0n, id(0x5cddc0e1, 0n), 'local-incompatible'],
    ['another chain (Rinkeby Petersburg)', legacy, 7987396n, 0n, id(0xafec6b27, 0n), 'local-incompatible'],
    ['remote next already passed here', legacy, 88888888n, 0n, id(0xf0afd0e3, 88888888n), 'local-incompatible'],
    ['remote next before our next', legacy, 7279999n, 0n, id(0xa00bc324, 7279999n), 'local-incompatible'],
    // Block to timestamp transition.
    ['pre-Shanghai, remote unaware', MAINNET, 15050000n, 0n, id(0xf0afd0e3, 0n), 'ok'],
    ['pre-Shanghai, same next', MAINNET, 15050000n, 0n, id(0xf0afd0e3, 1681338455n), 'ok'],
    ['pre-Shanghai, far next', MAINNET, 15050000n, 0n, id(0xf0afd0e3, MAX_UINT64), 'ok'],
    ['at Shanghai, remote syncing', MAINNET, 20000000n, 1681338455n, id(0xf0afd0e3, 1681338455n), 'ok'],
    ['past Shanghai, remote syncing', MAINNET, 20123456n, 1681338456n, id(0xf0afd0e3, 1681338455n), 'ok'],
    ['remote on Arrow Glacier, knows Gray Glacier', MAINNET, 20000000n, 1681338455n, id(0x20c327fc, 15050000n), 'ok'],
    ['local syncing, remote on Shanghai', MAINNET, 15050000n, 0n, id(0xdce96c2d, 0n), 'ok'],
    ['local syncing, remote on Gray Glacier', MAINNET, 13773000n, 0n, id(0xf0afd0e3, 0n), 'ok'],
    ['remote unaware of Shanghai', MAINNET, 20000000n, 1681338455n, id(0xf0afd0e3, 0n), 'remote-stale'],
    ['remote passed an unknown block fork', MAINNET, 15050000n, 0n, id(extend(0xf0afd0e3, MAX_UINT64), 0n), 'local-incompatible'],
    ['remote passed an unknown time fork', MAINNET, 15050000n, 0n, id(extend(0xdce96c2d, MAX_UINT64), 0n), 'local-incompatible'],
    ['remote time next already passed', MAINNET, 888888888n, 1660000000n, id(0xf0afd0e3, 1660000000n), 'local-incompatible'],
    ['remote time next before ours', MAINNET, 19999999n, 1667999999n, id(0xf0afd0e3, 1667999999n), 'local-incompatible'],
    // Timestamp forks.
    ['Shanghai, remote unaware of Cancun', MAINNET, 20000000n, 1681338455n, id(0xdce96c2d, 0n), 'ok'],
    ['Shanghai, far next', MAINNET, 20000000n, 1681338455n, id(0xdce96c2d, MAX_UINT64), 'ok'],
    ['before Shanghai by time, remote on it', MAINNET, 20000000n, 1668000000n, id(0xdce96c2d, 0n), 'ok'],
    ['before Shanghai, remote knows Cancun', MAINNET, 20000000n, 1668000000n, id(0xdce96c2d, 1710338135n), 'ok'],
    ['before Shanghai, remote far next', MAINNET, 20000000n, 1668000000n, id(0xdce96c2d, MAX_UINT64), 'ok'],
    ['at Cancun, remote syncing', MAINNET, 21000000n, 1710338135n, id(0xdce96c2d, 1710338135n), 'ok'],
    ['past Cancun, remote syncing', MAINNET, 21123456n, 1710338136n, id(0xdce96c2d, 1710338135n), 'ok'],
    ['genesis, remote on Spurious Dragon', MAINNET, 0n, 0n, id(0x3edd5b10, 1710338135n), 'ok'],
    ['local syncing, remote on Cancun', MAINNET, 21000000n, 1700000000n, id(0x9f3d2254, 0n), 'ok'],
    ['local syncing, remote on Prague', MAINNET, 21000000n, 1678000000n, id(0xc376cf8b, 0n), 'ok'],
    ['remote unaware of Cancun', MAINNET, 21000000n, 1710338135n, id(0xdce96c2d, 0n), 'remote-stale'],
    ['remote passed an unknown fork after Shanghai', MAINNET, 20000000n, 1681338455n, id(extend(0xdce96c2d, MAX_UINT64), 0n), 'local-incompatible'],
    ['remote passed an unknown fork after Cancun', MAINNET, 20000000n, 1668000000n, id(extend(0x9f3d2254, MAX_UINT64), 0n), 'local-incompatible'],
    ['unrelated checksum', MAINNET, 20000000n, 1681338455n, id(0x12345678, 0n), 'local-incompatible'],
    ['latest fork, remote next passed here', MAINNET, 88888888n, 8888888888n, id(0x07c9462e, 8888888888n), 'local-incompatible'],
    ['remote on a fork we do not have', MAINNET, 20999999n, 1699999999n, id(0x71147644, 1700000000n), 'local-incompatible'],
  ];
  it.each(cases)('%s', (_name, config, number, timestamp, remote, outcome) => {
    const filter = forkIdFilter(config, MAINNET_GENESIS, () => ({ number, timestamp }));
    let got: Outcome = 'ok';
    try {
      filter(remote);
    } catch (e) {
      if (!(e instanceof ForkIdError)) throw e;
      got = e.kind;
    }
    expect(got).toBe(outcome);
  });

  it('follows the local head as it moves', () => {
    let head = { number: 7279999n, timestamp: 0n };
    const filter = forkIdFilter(legacy, MAINNET_GENESIS, () => head);
    const remote = id(0xa00bc324, 0n);
    expect(() => filter(remote)).not.toThrow();
    head = { number: 7987396n, timestamp: 0n };
    expect(() => filter(remote)).toThrow('remote needs update');
  });
});

describe('fork id RLP', () => {
  it.each([
    [id(0, 0n), '0xc6840000000080'],
    [id(0xdeadbeef, 0xbaddcafen), '0xca84deadbeef84baddcafe'],
    [id(0xffffffff, MAX_UINT64), '0xce84ffffffff88ffffffffffffffff'],
  ])('encodes %o as %s and back', (forkId, hex) => {
    expect(bytesToHex(encodeRlp(forkIdToRlp(forkId)))).toBe(hex);
    expect(show(forkIdFromRlp(decodeRlp(hexToBytes(hex))))).toBe(show(forkId));
  });

  it.each([
    ['a string', '0x80', 'expected a list'],
    ['three fields', '0xc784000000008080', 'expected 2 elements'],
    ['a 3-byte hash', '0xc58300000080', 'forkId hash: expected 4 bytes'],
    ['a next over 64 bits', '0xcf840000000089010000000000000000', 'forkId next: integer longer than 8 bytes'],
    ['a next with a leading zero', '0xc88400000000820001', 'forkId next: integer has a leading zero'],
  ])('refuses %s', (_name, hex, reason) => {
    expect(() => forkIdFromRlp(decodeRlp(hexToBytes(hex)))).toThrow(reason);
  });
});
