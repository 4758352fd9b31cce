import { describe, expect, it } from 'vitest';
import { prettyDuration } from './prettyDuration.js';

describe('prettyDuration', () => {
  it('picks the unit as Go does and keeps at most three decimals', () => {
    expect(prettyDuration(0)).toBe('0s');
    expect(prettyDuration(0.0005)).toBe('500ns');
    expect(prettyDuration(0.85)).toBe('850µs');
    expect(prettyDuration(12.3456789)).toBe('12.345ms');
    expect(prettyDuration(999)).toBe('999ms');
    expect(prettyDuration(1000)).toBe('1s');
    expect(prettyDuration(1500)).toBe('1.5s');
    expect(prettyDuration(59_999.9999)).toBe('59.999s');
    expect(prettyDuration(123_250)).toBe('2m3.25s');
    expect(prettyDuration(3_605_000)).toBe('1h0m5s');
  });

  it('shows negative and non-finite input instead of hiding it', () => {
    expect(prettyDuration(-1500)).toBe('-1.5s');
    expect(prettyDuration(Number.NaN)).toBe('NaN');
    expect(prettyDuration(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});
