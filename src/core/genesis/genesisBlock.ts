// The genesis block as geth's Genesis.ToBlock builds it: the spec's header fields plus the state root, with the
// defaults geth applies and the fields each fork active at genesis adds to the header.
import { hexToBytes, bigintToFixedBytes, type Bytes } from '../../common/bytes.js';
import { EMPTY_TRIE_ROOT, EMPTY_UNCLE_HASH } from '../../crypto/keccak.js';
import { isMergedAtGenesis, type ChainConfig } from '../../params/chainConfig.js';
import { INITIAL_BASE_FEE } from '../../params/protocolFees.js';
import { Block } from '../types/block.js';
import { Header } from '../types/header.js';
import type { Genesis } from './genesis.js';
import { buildGenesisState } from './genesisState.js';

/** geth's params.GenesisGasLimit and GenesisDifficulty: what a spec without those fields gets. */
export const GENESIS_GAS_LIMIT = 5000n;
export const GENESIS_DIFFICULTY = 131072n;

/** EIP-7685: sha256 of no requests at all, the requestsHash of a Prague block without requests. */
export const EMPTY_REQUESTS_HASH: Bytes = hexToBytes('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');

const ZERO_HASH = new Uint8Array(32);

/** A timestamp fork counts at genesis as geth's IsShanghai/IsCancun/IsPrague do: London at the block and the time reached. */
function timeForkAt(config: ChainConfig, fork: bigint | undefined, number: bigint, time: bigint): boolean {
  return config.londonBlock !== undefined && config.londonBlock <= number && fork !== undefined && fork <= time;
}

export function genesisHeader(genesis: Genesis, stateRoot: Bytes): Header {
  const { config, number, timestamp } = genesis;
  const london = config.londonBlock !== undefined && config.londonBlock <= number;
  const shanghai = timeForkAt(config, config.shanghaiTime, number, timestamp);
  const cancun = timeForkAt(config, config.cancunTime, number, timestamp);
  const prague = timeForkAt(config, config.pragueTime, number, timestamp);
  return new Header({
    parentHash: genesis.parentHash,
    ommersHash: EMPTY_UNCLE_HASH,
    coinbase: genesis.coinbase,
    stateRoot,
    transactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: new Uint8Array(256),
    difficulty: genesis.difficulty ?? (isMergedAtGenesis(config) ? 0n : GENESIS_DIFFICULTY),
    number,
    gasLimit: genesis.gasLimit === 0n ? GENESIS_GAS_LIMIT : genesis.gasLimit,
    gasUsed: genesis.gasUsed,
    timestamp,
    extraData: genesis.extraData,
    mixHash: genesis.mixHash,
    nonce: bigintToFixedBytes(genesis.nonce, 8),
    baseFeePerGas: london ? (genesis.baseFeePerGas ?? INITIAL_BASE_FEE) : undefined,
    withdrawalsRoot: shanghai ? EMPTY_TRIE_ROOT : undefined,
    blobGasUsed: cancun ? (genesis.blobGasUsed ?? 0n) : undefined,
    excessBlobGas: cancun ? (genesis.excessBlobGas ?? 0n) : undefined,
    // EIP-4788: genesis has no parent beacon block, so its root is zero.
    parentBeaconBlockRoot: cancun ? ZERO_HASH : undefined,
    requestsHash: prague ? EMPTY_REQUESTS_HASH : undefined,
  });
}

/** Builds the genesis block (empty body); the state root is computed from the alloc unless the caller has it. */
export function genesisBlock(genesis: Genesis, stateRoot?: Bytes): Block {
  const header = genesisHeader(genesis, stateRoot ?? buildGenesisState(genesis.alloc));
  return new Block(header, {
    transactions: [],
    ommers: [],
    withdrawals: header.withdrawalsRoot === undefined ? undefined : [],
  });
}
