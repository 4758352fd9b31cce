import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_SIZE, SOFT_RESPONSE_SIZE } from '../wire/limits.js';
import { DEFAULT_SERVE_LIMITS, ResponseBudget } from './responseBudget.js';

describe('ResponseBudget', () => {
  it('closes at the item count', () => {
    const budget = new ResponseBudget(2, 1000, 10_000);
    expect(budget.open).toBe(true);
    expect(budget.admit(10)).toBe(true);
    expect(budget.open).toBe(true);
    expect(budget.admit(10)).toBe(true);
    expect(budget.open).toBe(false);
  });

  it('is closed from the start for zero items', () => {
    expect(new ResponseBudget(0, 1000, 10_000).open).toBe(false);
  });

  it('closes once the soft size is reached, having admitted the item that reached it', () => {
    const budget = new ResponseBudget(100, 100, 10_000);
    expect(budget.admit(99)).toBe(true);
    expect(budget.open).toBe(true);
    expect(budget.admit(500)).toBe(true);
    expect(budget.open).toBe(false);
  });

  it('refuses an item that would pass the hard size, list prefix included, and counts nothing for it', () => {
    const budget = new ResponseBudget(100, 10_000, 109);
    expect(budget.admit(50)).toBe(true);
    expect(budget.admit(51)).toBe(false);
    expect(budget.admit(50)).toBe(true);
    expect(budget.admit(1)).toBe(false);
  });

  it("defaults to geth's limits", () => {
    expect(DEFAULT_SERVE_LIMITS).toEqual({
      maxHeaders: 1024,
      maxBodies: 1024,
      maxReceipts: 1024,
      maxPooledTransactions: 1024,
      softResponseSize: SOFT_RESPONSE_SIZE,
      maxResponseSize: MAX_MESSAGE_SIZE,
    });
    expect([SOFT_RESPONSE_SIZE, MAX_MESSAGE_SIZE]).toEqual([2 * 1024 * 1024, 10 * 1024 * 1024]);
  });
});
