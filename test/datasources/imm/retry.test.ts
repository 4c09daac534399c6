import { backoffDelay, RetryBudget } from '../../../src/datasources/imm/retry';

describe('backoffDelay', () => {
  it('draws in [0, min(max, base * 2^(retry-1))): full jitter', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };

    expect(backoffDelay(1, { ...options, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(10, { ...options, random: () => 0.999 })).toBe(999);
    expect(backoffDelay(4, { ...options, random: () => 0 })).toBe(0);
  });
});

describe('RetryBudget', () => {
  it('allows bounded attempts', () => {
    const budget = new RetryBudget(2, 10_000, () => 0);

    expect([budget.startAttempt(), budget.startAttempt(), budget.startAttempt()]).toEqual([true, true, false]);
  });

  it('refuses a retry whose wait would reach the deadline', () => {
    let now = 0;
    const budget = new RetryBudget(5, 500, () => now);
    budget.startAttempt();
    now = 400;

    expect(budget.remainingMs()).toBe(100);
    expect(budget.allowsRetryAfter(50)).toBe(true);
    expect(budget.allowsRetryAfter(100)).toBe(false);
    now = 500;
    expect(budget.startAttempt()).toBe(false);
  });
});
