// 0x04: returns its input. A copy, so the output never aliases the caller's memory.
import type { Bytes } from '../../../common/bytes.js';
import { linearGas, type Precompile } from './precompile.js';

export const identity: Precompile = {
  name: 'ID',
  gas: (input) => linearGas(15, 3, input.length),
  run: (input: Bytes): Bytes => input.slice(),
};
