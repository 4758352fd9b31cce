// Named fork configurations as the official test vectors name them ("Frontier" ... "Prague"): every fork up to
// and including the named one is active from genesis.
import type { ChainConfig } from './chainConfig.js';

export const FORK_NAMES = [
  'Frontier',
  'Homestead',
  'EIP150',
  'EIP158',
  'Byzantium',
  'Constantinople',
  'ConstantinopleFix',
  'Istanbul',
  'Berlin',
  'London',
  'Paris',
  'Shanghai',
  'Cancun',
  'Prague',
] as const;

export type ForkName = (typeof FORK_NAMES)[number];

const ALIASES: Record<string, ForkName> = { Merge: 'Paris', Petersburg: 'ConstantinopleFix' };

export function normalizeForkName(name: string): ForkName | undefined {
  if ((FORK_NAMES as readonly string[]).includes(name)) return name as ForkName;
  return ALIASES[name];
}

export function forkIndex(name: ForkName): number {
  return FORK_NAMES.indexOf(name);
}

export function configForFork(fork: ForkName, chainId = 1n): ChainConfig {
  const at = (f: ForkName): bigint | undefined => (forkIndex(fork) >= forkIndex(f) ? 0n : undefined);
  return {
    chainId,
    homesteadBlock: at('Homestead'),
    eip150Block: at('EIP150'),
    eip155Block: at('EIP158'),
    eip158Block: at('EIP158'),
    byzantiumBlock: at('Byzantium'),
    constantinopleBlock: at('Constantinople'),
    petersburgBlock: at('ConstantinopleFix'),
    istanbulBlock: at('Istanbul'),
    berlinBlock: at('Berlin'),
    londonBlock: at('London'),
    terminalTotalDifficulty: forkIndex(fork) >= forkIndex('Paris') ? 0n : undefined,
    shanghaiTime: at('Shanghai'),
    cancunTime: at('Cancun'),
    pragueTime: at('Prague'),
  };
}
