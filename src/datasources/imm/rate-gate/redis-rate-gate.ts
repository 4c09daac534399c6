import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { LogThrottle } from '../../../util/log-throttle';
import type { RedisConnection } from '../../../redis/redis-connection';
import type { RateGate } from './rate-gate';
import { RateGateRefusedError } from './rate-gate';
import { TOKEN_BUCKET_SCRIPT } from './token-bucket.script';

/** Options of {@link RedisRateGate}. */
export interface RedisRateGateOptions {
  redis: RedisConnection;
  /** Calls per second per key, shared by every replica (`IMM_QPS`). */
  ratePerSecond: number;
  /** Calls allowed at once after a quiet spell (`IMM_BURST`). */
  burst: number;
  /** Longest wait for a slot before refusing (`IMM_DEADLINE_MS`). */
  maxWaitMs: number;
  /** Paces alone (per replica) while Redis is unreachable. */
  fallback: RateGate;
  /** Redis key prefix. @default 'pace:' */
  prefix?: string;
  logger: Logger;
}

/**
 * A per-key pace shared by all replicas: a token bucket in Redis (one Lua call per acquire), so
 * N gateways together stay under a project's QPS. While Redis is unreachable or slow each
 * replica falls back to its own gate (logged), since pausing scoring for a cache outage would
 * be worse than briefly exceeding the pace, which IMM answers with a retried throttle.
 */
export class RedisRateGate implements RateGate {
  private readonly rate: number;
  private readonly burst: number;
  private readonly maxWaitMs: number;
  private readonly failures = new LogThrottle();

  constructor(private readonly options: RedisRateGateOptions) {
    this.rate = options.ratePerSecond;
    this.burst = options.burst;
    this.maxWaitMs = options.maxWaitMs;
    if (!(this.rate > 0)) throw new TypeError(`ratePerSecond must be a positive number: ${this.rate}`);
    if (!(this.burst >= 1)) throw new TypeError(`burst must be at least 1: ${this.burst}`);
  }

  async acquire(key: string): Promise<void> {
    const wait = await this.reserve(key);
    if (wait === undefined) return this.options.fallback.acquire(key);
    if (wait < 0) throw new RateGateRefusedError(`pace for ${key} would wait over ${this.maxWaitMs} ms`);
    if (wait > 0) await sleep(wait);
  }

  /** The wait Redis grants, or undefined when Redis cannot be asked. */
  private async reserve(key: string): Promise<number | undefined> {
    const { redis } = this.options;
    if (!redis.isReady()) return undefined;
    try {
      const reply = await redis.client.eval(TOKEN_BUCKET_SCRIPT, {
        keys: [`${this.options.prefix ?? 'pace:'}${key}`],
        arguments: [String(this.rate), String(this.burst), String(this.maxWaitMs)],
      });
      return Number(reply);
    } catch (error) {
      this.failures.run((suppressed) =>
        this.options.logger.warn({ err: error, suppressed }, 'shared pace unavailable; pacing this replica alone'),
      );
      return undefined;
    }
  }
}
