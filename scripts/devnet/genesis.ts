// The genesis.json of a local clique (proof-of-authority) devnet: every fork through Cancun from block 0 and no
// terminal total difficulty (the chain never merges), the signers named in the extra-data, and the signers plus
// the ten well-known development accounts funded.
import { bytesToHex, toQuantity, type Bytes } from '../../src/common/bytes.js';
import { DEFAULT_EPOCH } from '../../src/consensus/clique/clique.js';
import { cliqueExtraData } from '../../src/consensus/clique/extraData.js';
import { chainConfigToJson } from '../../src/params/chainConfigJson.js';
import { configForFork } from '../../src/params/forks.js';

/** What each funded account holds: 10000 ether, as the dev network gives. */
export const DEVNET_BALANCE = 10_000n * 10n ** 18n;
export const DEVNET_GAS_LIMIT = 30_000_000n;
/** 1 gwei, the London initial base fee, written out so the file says what the chain starts with. */
const BASE_FEE = 1_000_000_000n;

export interface DevnetGenesisOptions {
  chainId: number;
  /** Seconds between blocks (clique.period). */
  period: number;
  signers: readonly Bytes[];
  /** Accounts funded besides the signers. */
  funded: readonly Bytes[];
}

const ZERO_HASH = bytesToHex(new Uint8Array(32));

/** The genesis as geth's genesis.json shape, ready for JSON.stringify. */
export function devnetGenesis(o: DevnetGenesisOptions): Record<string, unknown> {
  // The node's own table of forks through Cancun, without the merge, written as geth's JSON.
  const config = chainConfigToJson({
    ...configForFork('Cancun', BigInt(o.chainId)),
    terminalTotalDifficulty: undefined,
    clique: { period: o.period, epoch: Number(DEFAULT_EPOCH) },
  });

  const alloc: Record<string, { balance: string }> = {};
  for (const address of [...o.signers, ...o.funded]) alloc[bytesToHex(address).slice(2)] = { balance: toQuantity(DEVNET_BALANCE) };

  return {
    config,
    nonce: '0x0',
    timestamp: '0x0',
    extraData: bytesToHex(cliqueExtraData(o.signers)),
    gasLimit: toQuantity(DEVNET_GAS_LIMIT),
    // Clique blocks weigh 1 (out of turn) or 2 (in turn); genesis takes the lighter.
    difficulty: '0x1',
    mixHash: ZERO_HASH,
    coinbase: bytesToHex(new Uint8Array(20)),
    number: '0x0',
    gasUsed: '0x0',
    parentHash: ZERO_HASH,
    baseFeePerGas: toQuantity(BASE_FEE),
    alloc,
  };
}
