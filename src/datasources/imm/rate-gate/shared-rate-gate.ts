import type { Logger } from 'pino';
import { ScoreError, ScoreErrorCode } from '../../../errors';
import type { RedisConnection } from '../../../redis/redis-connection';
import { MemoryRateGate } from './memory-rate-gate';
import type { RateGate } from './rate-gate';
import { defaultBurst, RateGateRefusedError } from './rate-gate';
import { RedisRateGate } from './redis-rate-gate';

/** Options of {@link sharedRateGate}. */
export interface SharedRateGateOptions {
  redis: RedisConnection;
  /** The imm backend's pace (`IMM_QPS`, `IMM_BURST`) and per-image deadline (`IMM_DEADLINE_MS`). */
  imm: { qps: number; burst?: number; deadlineMs: number };
  logger: Logger;
}

/**
 * The per-project IMM pace shared by every replica: a token bucket in Redis, with this replica's
 * own in-memory bucket as the fallback while Redis is unreachable (each replica then paces
 * alone, at the full QPS: briefly over the project's quota, which IMM answers with throttles the
 * backend retries, rather than no scoring at all). A wait longer than the per-image deadline is
 * refused as THROTTLED: the call could not finish in time anyway.
 */
export function sharedRateGate(options: SharedRateGateOptions): RateGate {
  const { qps, deadlineMs } = options.imm;
  // The same burst as the in-memory gate, so sharing changes who counts, not the shape of the pace.
  const burst = options.imm.burst ?? defaultBurst(qps);
  const gate = new RedisRateGate({
    redis: options.redis,
    ratePerSecond: qps,
    burst,
    maxWaitMs: deadlineMs,
    fallback: new MemoryRateGate({ ratePerSecond: qps, burst }),
    prefix: 'pace:imm:',
    logger: options.logger,
  });
  return {
    acquire: async (project) => {
      try {
        await gate.acquire(project);
      } catch (error) {
        if (!(error instanceof RateGateRefusedError)) throw error;
        throw new ScoreError(
          ScoreErrorCode.THROTTLED,
          `Project ${JSON.stringify(project)} is at its IMM pace; try again later.`,
          { cause: error },
        );
      }
    },
  };
}
