// What the RPC API needs from the node (geth's ethapi.Backend): the chain, the transaction pool and a few facts
// about the node. The node implements it over its services; tests over a chain and a small pool of their own.
import type { Bytes } from '../common/bytes.js';
import type { Blockchain } from '../core/chain/blockchain.js';
import type { Header } from '../core/types/header.js';
import type { Transaction } from '../core/types/transaction.js';
import type { TxData } from '../core/types/txData.js';
import type { Signature } from '../crypto/secp256k1.js';

/** The chain as the API reads it: canonical lookups, receipts, transaction positions, state by root, new heads. */
export type ChainBackend = Pick<
  Blockchain,
  | 'config'
  | 'events'
  | 'engine'
  | 'stateDatabase'
  | 'currentBlock'
  | 'currentHeader'
  | 'getHeader'
  | 'getHeaderByHash'
  | 'getHeaderByNumber'
  | 'getCanonicalHash'
  | 'getBlock'
  | 'getBlockByHash'
  | 'getBlockByNumber'
  | 'getReceipts'
  | 'getTransactionLookup'
  | 'hasState'
  | 'stateAt'
  | 'stateAtHeader'
  | 'stateRootOf'
  | 'setHead'
>;

export interface TxPoolBackend {
  /**
   * Adds a transaction submitted over RPC, as a local one. Throws (or rejects) with the reason the pool refused
   * it, in geth's words ("nonce too low", "already known", "insufficient funds for gas * price + value"...).
   * On a dev chain that mines each transaction (automine), resolves once the miner has sealed it, as Hardhat and
   * Anvil answer only then: a client that reads state right after sending sees the transaction's effect.
   */
  addLocal(tx: Transaction): void | Promise<void>;
  /** A transaction the pool holds, pending or queued. */
  get(hash: Bytes): Transaction | undefined;
  /** The nonce of the sender's next transaction: its state nonce moved past its executable pool transactions. */
  pendingNonce(address: Bytes): bigint;
  /** Calls `listener` with the transactions that became executable (filters, subscriptions); returns its remover. */
  onNewTransactions(listener: (txs: Transaction[]) => void): () => void;
}

/** The accounts the node holds unlocked keys for (geth's account manager, as eth_accounts sees it). */
export interface AccountBackend {
  /** The unlocked addresses, in order. */
  addresses(): Bytes[];
  /** Whether transactions from `address` can be sent (an unlocked key, or a dev chain's impersonation). */
  holds(address: Bytes): boolean;
  /** `tx` signed with the key of `from`; undefined when the node holds no unlocked key for it. */
  signTransaction(from: Bytes, tx: TxData): Transaction | undefined;
  /** A 32-byte digest signed with the key of `from` (eth_sign); undefined when no unlocked key is held for it. */
  signDigest(from: Bytes, digest: Bytes): Signature | undefined;
}

export interface SyncProgress {
  startingBlock: bigint;
  currentBlock: bigint;
  highestBlock: bigint;
}

/** A peer as admin_peers shows it. */
export interface PeerInfo {
  id: string;
  /** The peer's address, as a multiaddr. */
  remoteAddress: string;
  inbound: boolean;
  /** Its head as its handshake and gossip told, once known. */
  head?: { hash: Bytes; number: bigint; totalDifficulty: bigint };
}

/** A peer address admin_addPeer / admin_removePeer cannot use: answered as invalid params. */
export class BadPeerAddressError extends Error {
  override name = 'BadPeerAddressError';
}

/** The peer-to-peer side of the node, for admin_ and net_ (absent in dev mode and with --maxpeers 0). */
export interface P2PBackend {
  peerId: string;
  /** The addresses other nodes can give as bootnodes (/ip4/.../tcp/.../p2p/<id>). */
  multiaddrs(): string[];
  listenPort(): number | undefined;
  peers(): PeerInfo[];
  /** Connects to a peer given as a multiaddr; throws BadPeerAddressError on a malformed address. */
  addPeer(address: string): Promise<void>;
  removePeer(address: string): Promise<void>;
}

export interface RpcBackend {
  readonly chain: ChainBackend;
  readonly txPool: TxPoolBackend;
  /** Unlocked accounts (eth_accounts, eth_sendTransaction); none when undefined. */
  readonly accounts?: AccountBackend;
  /** net_version. */
  readonly networkId: bigint;
  /** web3_clientVersion, e.g. "tsgeth/v0.1.0/linux-x64/node20.20.0". */
  readonly clientVersion: string;
  /** Undefined while the node is not syncing (eth_syncing answers false then). */
  syncProgress(): SyncProgress | undefined;
  /** Tells `listener` when a sync starts or moves on (its progress) and when it ends (undefined). */
  onSyncProgress?(listener: (progress: SyncProgress | undefined) => void): () => void;
  /** Peers; undefined when the node runs no p2p networking. */
  readonly p2p?: P2PBackend;
  /** Connected peers (net_peerCount). */
  peerCount(): number;
  /**
   * The heads the "safe" and "finalized" tags name: the consensus layer's after the merge; a dev chain, which
   * has no other, names its head. Undefined while none is known.
   */
  safeHeader(): Header | undefined;
  finalizedHeader(): Header | undefined;
}
