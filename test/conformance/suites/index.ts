import type { Suite } from '../suite.js';
import { basicSuite } from './basic.js';
import { blockchainSuite } from './blockchain.js';
import { genesisSuite } from './genesis.js';
import { rlpSuite } from './rlp.js';
import { stateSuite } from './state.js';
import { txSuite } from './tx.js';
import { trieSuite } from './trie.js';

export const SUITES: Record<string, Suite> = {
  basic: basicSuite,
  blockchain: blockchainSuite,
  genesis: genesisSuite,
  rlp: rlpSuite,
  state: stateSuite,
  tx: txSuite,
  trie: trieSuite,
};
