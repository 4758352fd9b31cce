// Static validity of a transaction under a fork's rules: what can be decided without the state (balances and
// nonces are the state transition's and the pool's business). geth spreads these over its signer,
// core.IntrinsicGas, the state transition's pre-checks and the tx pool; the messages follow its wording.
import { bytesToHex } from '../../common/bytes.js';
import type { Rules } from '../../params/chainConfig.js';
import { BLOB_COMMITMENT_VERSION_KZG, MAX_INIT_CODE_SIZE } from '../../params/protocol.js';
import { floorDataGas, intrinsicGas } from './intrinsicGas.js';
import type { Transaction } from './transaction.js';
import { BLOB_TX_TYPE } from './txData.js';
import { TransactionValidationError } from './txErrors.js';
import { checkTxSignature } from './txSigner.js';

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_UINT256 = (1n << 256n) - 1n;

/**
 * Throws a TransactionValidationError for the first rule the transaction breaks. Does not recover the sender
 * (the costly part): txSender does that, and fails for a signature that matches no public key.
 */
export function validateTransaction(tx: Transaction, rules: Rules): void {
  checkTxSignature(tx, rules);
  // EIP-2681: the sender's nonce could never be incremented past this one.
  if (tx.nonce === MAX_UINT64) throw new TransactionValidationError('nonceMax', `nonce has max value: ${tx.nonce}`);
  if (tx.gasTipCap > tx.gasFeeCap) {
    throw new TransactionValidationError(
      'tipAboveFeeCap',
      `max priority fee per gas higher than max fee per gas: tip ${tx.gasTipCap}, fee cap ${tx.gasFeeCap}`,
    );
  }
  // The sender's balance check works in 256 bits; a product beyond that could never be covered.
  if (tx.gasLimit * tx.gasFeeCap > MAX_UINT256) {
    throw new TransactionValidationError('feeOverflow', 'gas * gasPrice exceeds 256 bits');
  }
  const isCreation = tx.to === undefined;
  if (isCreation && rules.isShanghai && tx.data.length > MAX_INIT_CODE_SIZE) {
    throw new TransactionValidationError(
      'maxInitCodeSize',
      `max initcode size exceeded: code size ${tx.data.length} limit ${MAX_INIT_CODE_SIZE}`,
    );
  }
  const gas = intrinsicGas(tx, rules);
  if (tx.gasLimit < gas) {
    throw new TransactionValidationError('intrinsicGas', `intrinsic gas too low: have ${tx.gasLimit}, want ${gas}`);
  }
  if (rules.isPrague) {
    const floor = floorDataGas(tx.data);
    if (tx.gasLimit < floor) {
      throw new TransactionValidationError(
        'floorDataGas',
        `insufficient gas for floor data gas cost: have ${tx.gasLimit}, want ${floor}`,
      );
    }
  }
  if (tx.type === BLOB_TX_TYPE) {
    if (tx.blobVersionedHashes.length === 0) {
      throw new TransactionValidationError('missingBlobHashes', 'blob transaction missing blob hashes');
    }
    tx.blobVersionedHashes.forEach((h, i) => {
      if (h[0] !== BLOB_COMMITMENT_VERSION_KZG) {
        throw new TransactionValidationError(
          'invalidBlobHashVersion',
          `blob ${i} has invalid hash version: ${bytesToHex(h)}`,
        );
      }
    });
  }
}
