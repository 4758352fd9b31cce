// Gas a transaction pays before any EVM code runs (geth's core.IntrinsicGas), and the EIP-7623 calldata floor.
import type { Bytes } from '../../common/bytes.js';
import type { Rules } from '../../params/chainConfig.js';
import {
  INIT_CODE_WORD_GAS,
  TX_ACCESS_LIST_ADDRESS_GAS,
  TX_ACCESS_LIST_STORAGE_KEY_GAS,
  TX_COST_FLOOR_PER_TOKEN,
  TX_DATA_NON_ZERO_GAS_EIP2028,
  TX_DATA_NON_ZERO_GAS_FRONTIER,
  TX_DATA_ZERO_GAS,
  TX_GAS,
  TX_GAS_CONTRACT_CREATION,
  TX_TOKENS_PER_NON_ZERO_BYTE,
} from '../../params/protocol.js';
import { accessListStorageKeyCount, type AccessList } from './accessList.js';

/** What intrinsic gas depends on: a Transaction fits, and so does a call message built without one. */
export interface IntrinsicGasInput {
  readonly data: Bytes;
  /** undefined for a contract creation */
  readonly to: Bytes | undefined;
  readonly accessList: AccessList;
}

function countZeroBytes(data: Bytes): number {
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  return zeros;
}

/**
 * 21000 (53000 for a creation from Homestead on), plus calldata (4 per zero byte, 68 per other byte, 16 from
 * Istanbul by EIP-2028), plus 2400 per access-list address and 1900 per storage key (EIP-2930), plus 2 per
 * 32-byte word of init code for a creation from Shanghai on (EIP-3860).
 */
export function intrinsicGas(tx: IntrinsicGasInput, rules: Rules): bigint {
  const isCreation = tx.to === undefined;
  let gas = isCreation && rules.isHomestead ? TX_GAS_CONTRACT_CREATION : TX_GAS;
  const length = tx.data.length;
  if (length > 0) {
    const zeros = countZeroBytes(tx.data);
    const nonZeroGas = rules.isIstanbul ? TX_DATA_NON_ZERO_GAS_EIP2028 : TX_DATA_NON_ZERO_GAS_FRONTIER;
    gas += BigInt(zeros) * TX_DATA_ZERO_GAS + BigInt(length - zeros) * nonZeroGas;
    if (isCreation && rules.isShanghai) gas += BigInt(Math.ceil(length / 32)) * INIT_CODE_WORD_GAS;
  }
  if (tx.accessList.length > 0) {
    gas += BigInt(tx.accessList.length) * TX_ACCESS_LIST_ADDRESS_GAS;
    gas += BigInt(accessListStorageKeyCount(tx.accessList)) * TX_ACCESS_LIST_STORAGE_KEY_GAS;
  }
  return gas;
}

/**
 * EIP-7623 (Prague): the least gas a transaction must be able to pay, 21000 + 10 per calldata token (a zero byte
 * is one token, any other byte four), so data-heavy transactions cannot pay for calldata at the execution price.
 */
export function floorDataGas(data: Bytes): bigint {
  const zeros = countZeroBytes(data);
  const tokens = BigInt(zeros) + BigInt(data.length - zeros) * TX_TOKENS_PER_NON_ZERO_BYTE;
  return TX_GAS + tokens * TX_COST_FLOOR_PER_TOKEN;
}
