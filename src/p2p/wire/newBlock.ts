// NewBlock: the gossip payload that spreads a freshly sealed block with the sender's total difficulty at it (what
// eth/68's NewBlock carries: before the merge it tells how heavy the sender's chain is before the block is imported).
// rlp([[header, transactions, ommers, withdrawals?], totalDifficulty])
import { blockFromRlp, blockToRlp, type Block } from '../../core/types/block.js';
import { expectList, expectUint, type RlpItem } from '../../rlp/rlp.js';
import { wireCodec, type WireCodec } from './codec.js';

export interface NewBlock {
  block: Block;
  totalDifficulty: bigint;
}

function newBlockFromRlp(item: RlpItem): NewBlock {
  const [block, td] = expectList(item, 'new block', 2) as [RlpItem, RlpItem];
  return { block: blockFromRlp(block), totalDifficulty: expectUint(td, 'totalDifficulty', 32) };
}

export const newBlockCodec: WireCodec<NewBlock> = wireCodec<NewBlock>(
  'NewBlock',
  (m) => [blockToRlp(m.block), m.totalDifficulty],
  newBlockFromRlp,
);
