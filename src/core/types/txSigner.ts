// Signing and sender recovery with the checks a fork's signer makes (geth's types.Signer): the transaction
// type exists in the fork, the EIP-155 chain id matches, and r/s are in range with a low s from Homestead (EIP-2).
import type { Bytes } from '../../common/bytes.js';
import { keccak256 } from '../../crypto/keccak.js';
import {
  InvalidSignatureError,
  isValidPrivateKey,
  recoverAddress,
  sign,
  validateSignatureValues,
} from '../../crypto/secp256k1.js';
import type { Rules } from '../../params/chainConfig.js';
import { Transaction } from './transaction.js';
import {
  ACCESS_LIST_TX_TYPE,
  BLOB_TX_TYPE,
  checkTxData,
  DYNAMIC_FEE_TX_TYPE,
  LEGACY_TX_TYPE,
  type TxData,
  type TxType,
} from './txData.js';
import { encodeSigningPayload } from './txEncoding.js';
import { TransactionValidationError } from './txErrors.js';

/** Access-list transactions exist from Berlin, dynamic-fee ones from London, blob ones from Cancun. */
export function txTypeSupported(type: TxType, rules: Rules): boolean {
  switch (type) {
    case LEGACY_TX_TYPE:
      return true;
    case ACCESS_LIST_TX_TYPE:
      return rules.isBerlin;
    case DYNAMIC_FEE_TX_TYPE:
      return rules.isLondon;
    case BLOB_TX_TYPE:
      return rules.isCancun;
  }
}

const INTRODUCED_IN: Record<TxType, string> = {
  [LEGACY_TX_TYPE]: 'Frontier',
  [ACCESS_LIST_TX_TYPE]: 'Berlin',
  [DYNAMIC_FEE_TX_TYPE]: 'London',
  [BLOB_TX_TYPE]: 'Cancun',
};

function invalidSignature(reason: string): TransactionValidationError {
  return new TransactionValidationError('invalidSignature', `invalid transaction v, r, s values: ${reason}`);
}

/**
 * The checks made before recovery. Without rules: any chain id is accepted and s must be low, as on every fork
 * since Homestead (for displaying a sender of an already validated transaction).
 */
export function checkTxSignature(tx: Transaction, rules?: Rules): void {
  if (rules) {
    if (!txTypeSupported(tx.type, rules)) {
      throw new TransactionValidationError(
        'typeNotSupported',
        `transaction type not supported: type ${tx.type} needs ${INTRODUCED_IN[tx.type]}`,
      );
    }
    if (tx.isProtected) {
      // Before EIP-155 a protected v (>= 35) is simply not a valid recovery id.
      if (tx.type === LEGACY_TX_TYPE && !rules.isEIP155) {
        throw invalidSignature(`v ${tx.v} is an EIP-155 value, not valid before EIP-155`);
      }
      if (tx.chainId !== rules.chainId) {
        throw new TransactionValidationError(
          'invalidChainId',
          `invalid chain id for signer: have ${tx.chainId} want ${rules.chainId}`,
        );
      }
    }
  }
  const problem = validateSignatureValues(tx.signature, rules ? rules.isHomestead : true);
  if (problem) throw invalidSignature(problem);
}

/**
 * The 20-byte sender address. Checks the signature against `rules` on every call (cheap) and recovers the key
 * only once per transaction object (costly). See checkTxSignature for what omitting `rules` means.
 */
export function txSender(tx: Transaction, rules?: Rules): Bytes {
  checkTxSignature(tx, rules);
  return tx.resolveSender(() => {
    try {
      return recoverAddress(tx.signingHash, tx.signature);
    } catch (e) {
      if (e instanceof InvalidSignatureError) throw invalidSignature(`public key recovery failed (${e.message})`);
      throw e;
    }
  });
}

/**
 * Signs transaction content with a private key; the signature has a low s. A legacy transaction with a chainId
 * gets an EIP-155 signature, one without gets a pre-EIP-155 (v = 27/28) signature.
 */
export function signTransaction(unsigned: TxData, privateKey: Bytes): Transaction {
  if (!isValidPrivateKey(privateKey)) throw new RangeError('invalid private key: must be 32 bytes, in [1, n-1]');
  checkTxData(unsigned);
  return new Transaction(unsigned, sign(keccak256(encodeSigningPayload(unsigned)), privateKey));
}
