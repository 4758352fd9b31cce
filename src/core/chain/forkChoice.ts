// Which of two chain tips should be the head (geth's ForkChoice.ReorgNeeded). Before the merge, the heavier chain
// by total difficulty; once a block's total difficulty reaches the terminal total difficulty, the consensus layer
// decides and every imported block becomes the head (a chain merged at genesis is always in that mode).
import type { ChainConfig } from '../../params/chainConfig.js';

export interface ChainTip {
  number: bigint;
  /** Total difficulty of the chain ending at this block. */
  td: bigint;
}

/**
 * True when `extern` should replace `current` as the head. On equal total difficulty the current head stays:
 * geth breaks such ties at random (preferring a lower block number and its own mined blocks), which makes import
 * results depend on chance; keeping the head is always one of the outcomes geth allows.
 */
export function reorgNeeded(config: ChainConfig, current: ChainTip, extern: ChainTip): boolean {
  const ttd = config.terminalTotalDifficulty;
  if (ttd !== undefined && extern.td >= ttd) return true;
  return extern.td > current.td;
}
