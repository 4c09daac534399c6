import { RateLimiterMemory } from 'rate-limiter-flexible';
import { GatewayErrorCode } from '../errors';
import { edgeError } from '../graphql-errors';

/** Options of {@link createFailedAuthLimiter}. */
export interface FailedAuthLimiterOptions {
  /** Failed authentications per minute per client IP; 0 turns the limit off. @default 30 */
  perMinute: number;
}

/**
 * Runs an authentication for a client IP within that IP's budget of failures. While the budget
 * is spent the key is not even checked (HTTP 429 `RATE_LIMITED` with Retry-After), so a right
 * guess in a run of wrong ones reads the same as a wrong one: keys cannot be guessed at request
 * speed. The request budget (RATE_LIMIT_PER_MINUTE) is per key and so never sees callers
 * without one; this is their budget.
 */
export type FailedAuthLimiter = <T>(ip: string, authenticate: () => T) => Promise<T>;

/**
 * A per-IP budget of failed authentications (rate-limiter-flexible, in memory: each replica
 * counts its own, so N replicas allow N times the budget). A success costs nothing.
 */
export function createFailedAuthLimiter(options: FailedAuthLimiterOptions): FailedAuthLimiter {
  if (options.perMinute === 0) return async (_ip, authenticate) => authenticate();
  const failures = new RateLimiterMemory({ points: options.perMinute, duration: 60, keyPrefix: 'auth:fail' });

  return async (ip, authenticate) => {
    const spent = await failures.get(ip);
    if (spent && spent.consumedPoints >= options.perMinute) {
      const seconds = Math.max(1, Math.ceil(spent.msBeforeNext / 1000));
      throw edgeError(
        GatewayErrorCode.RATE_LIMITED,
        `Too many failed authentications from this address; retry in ${seconds} s.`,
        { 'retry-after': String(seconds) },
      );
    }
    try {
      return authenticate();
    } catch (error) {
      await failures.penalty(ip, 1);
      throw error;
    }
  };
}
