import { describe, expect, it } from 'vitest';
import { combineVerdicts, isVerdict, Verdict } from './verdict.js';

describe('Verdict', () => {
  it('uses the strings of libp2p gossipsub TopicValidatorResult', () => {
    expect(Verdict).toEqual({ Accept: 'accept', Ignore: 'ignore', Reject: 'reject' });
  });

  it('combines REJECT over IGNORE over ACCEPT, and nothing to IGNORE', () => {
    const { Accept, Ignore, Reject } = Verdict;
    expect(combineVerdicts([Accept, Accept])).toBe(Accept);
    expect(combineVerdicts([Accept, Ignore, Accept])).toBe(Ignore);
    expect(combineVerdicts([Ignore, Reject, Accept])).toBe(Reject);
    expect(combineVerdicts([Reject, Ignore])).toBe(Reject);
    expect(combineVerdicts([])).toBe(Ignore);
  });

  it('recognises only the three verdicts', () => {
    expect(['accept', 'ignore', 'reject'].every(isVerdict)).toBe(true);
    for (const bad of ['ACCEPT', '', 'toString', undefined, null, 0, {}]) expect(isVerdict(bad)).toBe(false);
  });
});
