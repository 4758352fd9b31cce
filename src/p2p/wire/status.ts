// Status: the first message each side sends on a new connection (eth/68's Status plus the chain id and the head
// number). Peers on another network, chain or genesis, or with an incompatible fork id, are dropped before
// anything else is exchanged.
// rlp([protocolVersion, networkId, chainId, totalDifficulty, headHash, headNumber, genesisHash, [forkHash, forkNext]])
import { bytesEqual, bytesToHex, type Bytes } from '../../common/bytes.js';
import { expectFixedBytes, expectList, expectUint, type RlpItem } from '../../rlp/rlp.js';
import { wireCodec, type WireCodec } from './codec.js';
import { forkIdFromRlp, forkIdToRlp, type ForkId, type ForkIdFilter } from './forkId.js';

/** The version of this node's wire protocols; peers must speak the same one. */
export const WIRE_PROTOCOL_VERSION = 1;

export interface Status {
  protocolVersion: number;
  networkId: bigint;
  chainId: bigint;
  /** Total difficulty of the head (constant after the merge; still tells pre-merge chains apart). */
  totalDifficulty: bigint;
  headHash: Bytes;
  headNumber: bigint;
  genesisHash: Bytes;
  forkId: ForkId;
}

function statusFromRlp(item: RlpItem): Status {
  const f = expectList(item, 'status', 8);
  return {
    protocolVersion: Number(expectUint(f[0]!, 'protocolVersion', 4)),
    networkId: expectUint(f[1]!, 'networkId', 8),
    chainId: expectUint(f[2]!, 'chainId', 32),
    totalDifficulty: expectUint(f[3]!, 'totalDifficulty', 32),
    headHash: expectFixedBytes(f[4]!, 'headHash', 32),
    headNumber: expectUint(f[5]!, 'headNumber', 8),
    genesisHash: expectFixedBytes(f[6]!, 'genesisHash', 32),
    forkId: forkIdFromRlp(f[7]!),
  };
}

export const statusCodec: WireCodec<Status> = wireCodec<Status>(
  'Status',
  (s) => [
    s.protocolVersion,
    s.networkId,
    s.chainId,
    s.totalDifficulty,
    s.headHash,
    s.headNumber,
    s.genesisHash,
    forkIdToRlp(s.forkId),
  ],
  statusFromRlp,
);

/** Why a handshake failed; the connection is closed. */
export class StatusMismatchError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'StatusMismatchError';
  }
}

/**
 * Checks a peer's Status against ours, in geth's order (network, protocol version, genesis, fork id) plus the
 * chain id; throws a StatusMismatchError naming the first difference.
 */
export function checkStatus(local: Status, remote: Status, forkFilter: ForkIdFilter): void {
  if (remote.networkId !== local.networkId) {
    throw new StatusMismatchError(`network id mismatch: ${remote.networkId} (!= ${local.networkId})`);
  }
  if (remote.protocolVersion !== local.protocolVersion) {
    throw new StatusMismatchError(
      `protocol version mismatch: ${remote.protocolVersion} (!= ${local.protocolVersion})`,
    );
  }
  if (!bytesEqual(remote.genesisHash, local.genesisHash)) {
    throw new StatusMismatchError(
      `genesis mismatch: ${bytesToHex(remote.genesisHash)} (!= ${bytesToHex(local.genesisHash)})`,
    );
  }
  if (remote.chainId !== local.chainId) {
    throw new StatusMismatchError(`chain id mismatch: ${remote.chainId} (!= ${local.chainId})`);
  }
  try {
    forkFilter(remote.forkId);
  } catch (e) {
    throw new StatusMismatchError(`fork id rejected: ${e instanceof Error ? e.message : String(e)}`);
  }
}
