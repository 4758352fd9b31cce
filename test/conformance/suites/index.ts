import type { Suite } from '../suite.js';
import { basicSuite } from './basic.js';
import { genesisSuite } from './genesis.js';
import { rlpSuite } from './rlp.js';
import { txSuite } from './tx.js';
import { trieSuite } from './trie.js';

export const SUITES: Record<string, Suite> = {
  basic: basicSuite,
  genesis: genesisSuite,
  rlp: rlpSuite,
  tx: txSuite,
  trie: trieSuite,
};
