// TransactionTests: each test gives `txbytes` and, per fork, either the hash, sender and intrinsic gas of a valid
// transaction or the exception it must be rejected with. Every fork listed is checked (Cancun, or the latest
// listed fork, among them), each as its own case "test/Fork". A rejection must also be of the expected kind
// where the exception name maps onto one of ours: a decode error or a validation code.
import { bytesToHex, hexToBytes } from '../../../src/common/bytes.js';
import { decodeTransaction, TxDecodeError } from '../../../src/core/types/transaction.js';
import { intrinsicGas } from '../../../src/core/types/intrinsicGas.js';
import { TransactionValidationError, type TxValidationCode } from '../../../src/core/types/txErrors.js';
import { txSender } from '../../../src/core/types/txSigner.js';
import { validateTransaction } from '../../../src/core/types/txValidation.js';
import { isMergedAtGenesis, rulesFor, type Rules } from '../../../src/params/chainConfig.js';
import { configForFork, normalizeForkName } from '../../../src/params/forks.js';
import { isRecord, runCase, type CaseResult, type Suite } from '../suite.js';

type RejectionKind = 'decode' | TxValidationCode;

/** Which of our rejections an exception name stands for; names not listed accept any rejection. */
function expectedKinds(exception: string): RejectionKind[] | undefined {
  const name = exception.replace(/^TransactionException\./, '');
  if (name.startsWith('RLP_') || name.startsWith('ADDRESS_TOO_')) return ['decode'];
  switch (name) {
    case 'NONCE_OVERFLOW':
    case 'VALUE_OVERFLOW':
    case 'GASPRICE_OVERFLOW':
    case 'PRIORITY_OVERFLOW':
      return ['decode'];
    // Fillers name the fork check first even when the payload is also malformed; either rejection is right.
    case 'TYPE_NOT_SUPPORTED':
      return ['typeNotSupported', 'decode'];
    case 'INTRINSIC_GAS_TOO_LOW':
      return ['intrinsicGas'];
    case 'NONCE_TOO_BIG':
      return ['nonceMax'];
    case 'PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS':
    case 'PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS_2':
      return ['tipAboveFeeCap'];
    case 'GASLIMIT_PRICE_PRODUCT_OVERFLOW':
      return ['feeOverflow'];
    case 'INITCODE_SIZE_EXCEEDED':
      return ['maxInitCodeSize'];
    case 'EC_RECOVERY_FAIL':
      return ['invalidSignature'];
    // A legacy v that is neither 27/28 nor >= 35 cannot be represented, so we reject it while decoding.
    case 'INVALID_SIGNATURE_VRS':
      return ['invalidSignature', 'decode'];
    case 'INVALID_CHAINID':
      return ['invalidChainId', 'decode'];
    default:
      return undefined;
  }
}

function kindOf(e: unknown): RejectionKind | undefined {
  if (e instanceof TxDecodeError) return 'decode';
  if (e instanceof TransactionValidationError) return e.code;
  return undefined;
}

function rulesForFork(forkName: string): Rules {
  const fork = normalizeForkName(forkName);
  if (!fork) throw new Error(`unknown fork ${forkName}`);
  const config = configForFork(fork);
  return rulesFor(config, 0n, isMergedAtGenesis(config), 0n);
}

function checkFork(txBytes: Uint8Array, forkName: string, expected: Record<string, unknown>): void {
  const rules = rulesForFork(forkName);
  let accepted;
  try {
    const tx = decodeTransaction(txBytes);
    validateTransaction(tx, rules);
    accepted = { hash: tx.hash, sender: txSender(tx, rules), gas: intrinsicGas(tx, rules) };
  } catch (e) {
    if (typeof expected.exception !== 'string') throw e;
    const kind = kindOf(e);
    if (kind === undefined) throw new Error(`rejected with an unexpected error: ${(e as Error).message}`);
    const kinds = expectedKinds(expected.exception);
    if (kinds && !kinds.includes(kind)) {
      throw new Error(`expected ${expected.exception}, rejected for another reason: ${(e as Error).message}`);
    }
    return;
  }
  if (typeof expected.exception === 'string') {
    throw new Error(`accepted a transaction expected to fail with ${expected.exception}`);
  }
  const hash = bytesToHex(accepted.hash);
  if (hash !== expected.hash) throw new Error(`hash ${hash}, expected ${String(expected.hash)}`);
  const sender = bytesToHex(accepted.sender);
  if (sender !== String(expected.sender).toLowerCase()) {
    throw new Error(`sender ${sender}, expected ${String(expected.sender)}`);
  }
  if (accepted.gas !== BigInt(String(expected.intrinsicGas))) {
    throw new Error(`intrinsic gas ${accepted.gas}, expected ${BigInt(String(expected.intrinsicGas))}`);
  }
}

export const txSuite: Suite = {
  name: 'tx',
  async runFile(_file, content) {
    if (!isRecord(content)) return undefined;
    const results: CaseResult[] = [];
    for (const [name, test] of Object.entries(content)) {
      if (!isRecord(test) || typeof test.txbytes !== 'string' || !isRecord(test.result)) return undefined;
      const txBytes = hexToBytes(test.txbytes);
      for (const [fork, expected] of Object.entries(test.result)) {
        results.push(
          await runCase(`${name}/${fork}`, () => {
            if (!isRecord(expected)) throw new Error('result entry is not an object');
            checkFork(txBytes, fork, expected);
          }),
        );
      }
    }
    return results;
  },
};
