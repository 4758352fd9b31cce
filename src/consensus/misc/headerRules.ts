// Header rules every engine shares (geth spreads them over ethash's, clique's and beacon's verifyHeader): size
// of the extra-data, time and number against the parent, gas accounting, and which fork fields the header carries
// (EIP-1559 base fee, Shanghai withdrawalsRoot, Cancun blob fields and beacon root, Prague requestsHash).
import { bytesToHex } from '../../common/bytes.js';
import type { Header } from '../../core/types/header.js';
import { isLondon, rulesFor, type ChainConfig, type Rules } from '../../params/chainConfig.js';
import { MAX_GAS_LIMIT } from '../../params/protocolFees.js';
import { ConsensusError } from '../errors.js';
import { verifyEip1559Header } from './eip1559.js';
import { verifyEip4844Header } from './eip4844.js';
import { checkGasLimit } from './gasLimit.js';

/** geth's params.MaximumExtraDataSize. */
export const MAX_EXTRA_DATA_SIZE = 32;

type ForkField = 'withdrawalsRoot' | 'blobGasUsed' | 'excessBlobGas' | 'parentBeaconBlockRoot' | 'requestsHash';

function checkForkField(header: Header, field: ForkField, active: boolean, fork: string): void {
  const value = header[field];
  if (active && value === undefined) throw new ConsensusError(field, `missing ${field}`);
  if (!active && value !== undefined) {
    const shown = typeof value === 'bigint' ? value.toString() : bytesToHex(value);
    throw new ConsensusError(field, `unexpected ${field}: ${fork} is not active (have ${shown})`);
  }
}

/**
 * The rules of every header, under the fork `rules` of the header itself: the engine decides whether it is
 * post-merge, and passes rules that say so. Throws a ConsensusError naming the first field at fault.
 */
export function verifyCommonHeader(config: ChainConfig, rules: Rules, parent: Header, header: Header): void {
  if (header.extraData.length > MAX_EXTRA_DATA_SIZE) {
    throw new ConsensusError(
      'extraData',
      `extra-data too long: ${header.extraData.length} > ${MAX_EXTRA_DATA_SIZE}`,
    );
  }
  if (header.timestamp <= parent.timestamp) {
    throw new ConsensusError('timestamp', `invalid timestamp: have ${header.timestamp}, parent ${parent.timestamp}`);
  }
  verifyGasAndForkFields(config, rules, parent, header);
}

/**
 * verifyCommonHeader without its extra-data size and time step, which clique sets its own way (a signer list and
 * a seal in the extra-data; a minimum period, with equal times allowed when the period is 0): the number, gas
 * accounting and fork fields against the parent.
 */
export function verifyGasAndForkFields(config: ChainConfig, rules: Rules, parent: Header, header: Header): void {
  if (header.number !== parent.number + 1n) {
    throw new ConsensusError('number', `invalid block number: have ${header.number}, want ${parent.number + 1n}`);
  }
  if (header.gasLimit > MAX_GAS_LIMIT) {
    throw new ConsensusError('gasLimit', `invalid gasLimit: have ${header.gasLimit}, max ${MAX_GAS_LIMIT}`);
  }
  if (header.gasUsed > header.gasLimit) {
    throw new ConsensusError('gasUsed', `invalid gasUsed: have ${header.gasUsed}, gasLimit ${header.gasLimit}`);
  }
  if (isLondon(config, header.number)) {
    verifyEip1559Header(config, parent, header);
  } else {
    const reason = checkGasLimit(parent.gasLimit, header.gasLimit);
    if (reason !== undefined) throw new ConsensusError('gasLimit', reason);
    if (header.baseFeePerGas !== undefined) {
      throw new ConsensusError(
        'baseFeePerGas',
        `unexpected baseFeePerGas: London is not active (have ${header.baseFeePerGas})`,
      );
    }
  }
  checkForkField(header, 'withdrawalsRoot', rules.isShanghai, 'Shanghai');
  for (const field of ['blobGasUsed', 'excessBlobGas', 'parentBeaconBlockRoot'] as const) {
    checkForkField(header, field, rules.isCancun, 'Cancun');
  }
  if (rules.isCancun) verifyEip4844Header(config, parent, header);
  checkForkField(header, 'requestsHash', rules.isPrague, 'Prague');
}

/**
 * The rules of a pre-merge header that do not depend on how it was sealed: the common rules under pre-merge fork
 * rules (so no Shanghai or later field may appear) and a positive difficulty. The engine that made the header adds
 * its own: clique its signature and difficulty 1/2. Proof-of-work seals are not verified by this node: it follows
 * the beacon chain and takes the pre-merge history as given by the chain it imports.
 */
export function verifyPreMergeHeader(config: ChainConfig, parent: Header, header: Header): void {
  if (header.difficulty === 0n) {
    throw new ConsensusError('difficulty', 'invalid difficulty: have 0, want > 0 before the merge');
  }
  verifyCommonHeader(config, rulesFor(config, header.number, false, header.timestamp), parent, header);
}
