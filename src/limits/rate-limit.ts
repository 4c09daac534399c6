import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { GatewayErrorCode } from '../errors';
import { LogThrottle } from '../util/log-throttle';
import type { RedisConnection } from '../redis/redis-connection';
import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS } from '../redis/redis-connection';
import { edgeError } from '../graphql-errors';

/** Options of {@link createRequestRateLimiter}. */
export interface RequestRateLimiterOptions {
  /** Requests per minute per caller; 0 turns limiting off. @default 600 */
  perMinute: number;
  /** With Redis the budget is shared by all replicas; without, each replica counts its own. */
  redis?: RedisConnection;
  /** Slowest Redis answer accepted before the in-memory limiter decides. @default DEFAULT_REDIS_COMMAND_TIMEOUT_MS */
  redisTimeoutMs?: number;
  logger: Logger;
}

/** Charges one request to a caller, or throws `RATE_LIMITED` (429 with Retry-After). */
export type RequestRateLimiter = (caller: string) => Promise<void>;

/**
 * A fixed-window request budget per caller (API key id, or client IP with auth off), from
 * rate-limiter-flexible. With Redis, a Redis failure or timeout hands the decision to an
 * in-memory limiter (its insurance), so limiting never fails a request because of Redis.
 */
export function createRequestRateLimiter(options: RequestRateLimiterOptions): RequestRateLimiter {
  if (options.perMinute === 0) return async () => undefined;
  const budget = { points: options.perMinute, duration: 60, keyPrefix: 'ratelimit:req' };
  const memory = new RateLimiterMemory(budget);
  let limiter: RateLimiterAbstract | RLWrapperTimeouts = memory;
  if (options.redis) {
    const redisLimiter = new RateLimiterRedis({
      ...budget,
      storeClient: options.redis.client,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
    limiter = new RLWrapperTimeouts({
      limiter: redisLimiter,
      timeoutMs: options.redisTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
      insuranceLimiter: memory,
    });
  }
  const failures = new LogThrottle();

  return async (caller) => {
    try {
      await limiter.consume(caller);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw edgeError(GatewayErrorCode.RATE_LIMITED, `Too many requests; retry in ${seconds} s.`, {
          'retry-after': String(seconds),
        });
      }
      // Both stores failed: let the request through rather than refuse everyone.
      failures.run((suppressed) => options.logger.warn({ err: error, suppressed }, 'rate limiter failed; allowing'));
    }
  };
}
