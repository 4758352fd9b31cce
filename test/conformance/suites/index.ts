import type { Suite } from '../suite.js';
import { rlpSuite } from './rlp.js';

export const SUITES: Record<string, Suite> = {
  rlp: rlpSuite,
};
