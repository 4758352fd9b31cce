import { describe, expect, it } from 'vitest';
import { configForFork } from '../../params/forks.js';
import { reorgNeeded } from './forkChoice.js';

const POW = configForFork('London');
const MERGING = { ...POW, terminalTotalDifficulty: 100n };
const MERGED = configForFork('Cancun');

describe('reorgNeeded', () => {
  it('prefers the higher total difficulty before the merge, and keeps the head on a tie', () => {
    expect(reorgNeeded(POW, { number: 5n, td: 50n }, { number: 3n, td: 51n })).toBe(true);
    expect(reorgNeeded(POW, { number: 5n, td: 50n }, { number: 9n, td: 49n })).toBe(false);
    expect(reorgNeeded(POW, { number: 5n, td: 50n }, { number: 5n, td: 50n })).toBe(false);
    expect(reorgNeeded(POW, { number: 5n, td: 50n }, { number: 4n, td: 50n })).toBe(false);
  });

  it('takes any block at or past the terminal total difficulty', () => {
    expect(reorgNeeded(MERGING, { number: 5n, td: 120n }, { number: 2n, td: 100n })).toBe(true);
    expect(reorgNeeded(MERGING, { number: 5n, td: 90n }, { number: 6n, td: 99n })).toBe(true);
    expect(reorgNeeded(MERGING, { number: 5n, td: 95n }, { number: 6n, td: 94n })).toBe(false);
    expect(reorgNeeded(MERGED, { number: 5n, td: 0n }, { number: 1n, td: 0n })).toBe(true);
  });
});
