/** Options of {@link backoffDelay} and the retry loop. */
export interface BackoffOptions {
  /** Cap of the first retry's delay. @default 100 */
  baseDelayMs: number;
  /** Largest delay, however many attempts. @default 2000 */
  maxDelayMs: number;
  /** Uniform in [0, 1). @default Math.random */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): a uniform delay in [0, min(max, base * 2^(retry-1))). Full jitter spreads the
 * retries of a throttled batch instead of sending them back in lockstep.
 * @param retry 1 for the first retry
 */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor((options.random ?? Math.random)() * cap);
}

/** A retry budget: bounded attempts and an overall deadline, whichever ends first. */
export class RetryBudget {
  private attempts = 0;
  private readonly deadline: number;

  /**
   * @param maxAttempts attempts in all, the first included
   * @param deadlineMs time from now after which no attempt starts and none may run on
   */
  constructor(
    private readonly maxAttempts: number,
    deadlineMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + deadlineMs;
  }

  /** Milliseconds left before the deadline (0 when past). */
  remainingMs(): number {
    return Math.max(0, this.deadline - this.now());
  }

  /** Counts one attempt; false when the attempts are spent or the deadline has passed. */
  startAttempt(): boolean {
    if (this.attempts >= this.maxAttempts || this.remainingMs() <= 0) return false;
    this.attempts += 1;
    return true;
  }

  /** True when another attempt could start after waiting `delayMs`. */
  allowsRetryAfter(delayMs: number): boolean {
    return this.attempts < this.maxAttempts && this.remainingMs() > delayMs;
  }
}
