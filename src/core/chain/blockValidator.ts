// Block checks beyond the header (geth's core/block_validator.go). validateBody ties the body to the header's
// roots before execution; validateState compares what execution produced with what the header claims.
// The header itself is the engine's to verify (engine.verifyHeader), and so are the ommers (engine.verifyUncles):
// the chain calls both before validateBody, as geth's ValidateBody starts with VerifyUncles.
import { bytesEqual, bytesToHex, type Bytes } from '../../common/bytes.js';
import { ConsensusError, type ConsensusField } from '../../consensus/errors.js';
import { blobScheduleAt, maxBlobGas } from '../../consensus/misc/eip4844.js';
import { calcRequestsHash } from '../../consensus/misc/eip7685.js';
import { keccak256 } from '../../crypto/keccak.js';
import type { ChainConfig } from '../../params/chainConfig.js';
import { BLOB_GAS_PER_BLOB } from '../../params/protocolFees.js';
import { encodeRlp } from '../../rlp/rlp.js';
import { orderedTrieRoot } from '../../trie/orderedTrieRoot.js';
import type { Block } from '../types/block.js';
import { bloomOr, createBloom } from '../types/bloom.js';
import { headerToRlp } from '../types/header.js';
import { encodeReceipt, type Receipt } from '../types/receipt.js';
import { encodeTransaction } from '../types/transaction.js';
import { encodeWithdrawal } from '../types/withdrawal.js';

function checkRoot(field: ConsensusField, what: string, header: Bytes, calculated: Bytes): void {
  if (!bytesEqual(header, calculated)) {
    throw new ConsensusError(
      field,
      `${what} hash mismatch (header value ${bytesToHex(header)}, calculated ${bytesToHex(calculated)})`,
    );
  }
}

/**
 * Checks that the body is the one the (already verified) header commits to: ommers hash, transactions root,
 * withdrawals root and the blob gas the transactions' blobs add up to. Throws a ConsensusError.
 */
export function validateBody(config: ChainConfig, block: Block): void {
  const { header } = block;
  checkRoot('ommersHash', 'uncle root', header.ommersHash, keccak256(encodeRlp(block.ommers.map(headerToRlp))));
  checkRoot(
    'transactionsRoot',
    'transaction root',
    header.transactionsRoot,
    orderedTrieRoot(block.transactions.map(encodeTransaction)),
  );
  // The Block constructor pairs a withdrawals list with a withdrawalsRoot, and the engine ties the root to
  // Shanghai, so only the root itself is left to compare.
  if (header.withdrawalsRoot !== undefined) {
    checkRoot(
      'withdrawalsRoot',
      'withdrawals root',
      header.withdrawalsRoot,
      orderedTrieRoot((block.withdrawals ?? []).map(encodeWithdrawal)),
    );
  }
  let blobs = 0n;
  for (const tx of block.transactions) blobs += BigInt(tx.blobVersionedHashes.length);
  if (header.blobGasUsed === undefined) {
    if (blobs > 0n) throw new ConsensusError('blobGasUsed', `data blobs present in block body: ${blobs} before Cancun`);
    return;
  }
  const blobGas = blobs * BLOB_GAS_PER_BLOB;
  const schedule = blobScheduleAt(config, header.timestamp);
  const max = schedule === undefined ? 0n : maxBlobGas(schedule);
  if (blobGas > max) {
    throw new ConsensusError('blobGasUsed', `blob gas used ${blobGas} exceeds maximum allowance ${max}`);
  }
  if (blobGas !== header.blobGasUsed) {
    throw new ConsensusError(
      'blobGasUsed',
      `blob gas used mismatch (header ${header.blobGasUsed}, calculated ${blobGas})`,
    );
  }
}

function remoteLocal(field: ConsensusField, what: string, remote: string, local: string): ConsensusError {
  return new ConsensusError(field, `invalid ${what} (remote: ${remote} local: ${local})`);
}

/**
 * Checks the outcome of executing the block against its header: gas used, logs bloom, receipts root, the
 * Prague requests hash and the state root. `requests` (type-prefixed, as EIP-7685 lists them) must be given for a
 * block whose header has a requestsHash. Throws a ConsensusError.
 */
export function validateState(
  block: Block,
  receipts: readonly Receipt[],
  gasUsed: bigint,
  stateRoot: Bytes,
  requests?: readonly Bytes[],
): void {
  const { header } = block;
  if (header.gasUsed !== gasUsed) {
    throw remoteLocal('gasUsed', 'gas used', header.gasUsed.toString(), gasUsed.toString());
  }
  const bloom = createBloom();
  for (const r of receipts) bloomOr(bloom, r.logsBloom);
  if (!bytesEqual(header.logsBloom, bloom)) {
    throw remoteLocal('logsBloom', 'bloom', bytesToHex(header.logsBloom), bytesToHex(bloom));
  }
  const receiptsRoot = orderedTrieRoot(receipts.map(encodeReceipt));
  if (!bytesEqual(header.receiptsRoot, receiptsRoot)) {
    throw remoteLocal('receiptsRoot', 'receipt root hash', bytesToHex(header.receiptsRoot), bytesToHex(receiptsRoot));
  }
  if (header.requestsHash !== undefined) {
    if (requests === undefined) {
      throw new Error(`validateState: block ${header.number} has a requestsHash, so its requests must be given`);
    }
    const requestsHash = calcRequestsHash(requests);
    if (!bytesEqual(header.requestsHash, requestsHash)) {
      throw remoteLocal('requestsHash', 'requests hash', bytesToHex(header.requestsHash), bytesToHex(requestsHash));
    }
  }
  if (!bytesEqual(header.stateRoot, stateRoot)) {
    throw remoteLocal('stateRoot', 'merkle root', bytesToHex(header.stateRoot), bytesToHex(stateRoot));
  }
}
