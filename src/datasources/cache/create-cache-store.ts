import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { RedisConnection } from '../../redis/redis-connection';
import { createInMemoryStore } from '../score-cache';
import { createRedisStore } from './redis-store';
import { TieredStore } from './tiered-store';

/**
 * The score cache's KeyValueCache (persisted queries have their own): memory only, or memory in
 * front of Redis when a connection is given.
 */
export function createCacheStore(
  maxEntries: number,
  redis: RedisConnection | undefined,
  logger: Logger,
  /** Slowest Redis answer accepted, in ms. @default DEFAULT_REDIS_COMMAND_TIMEOUT_MS */
  deadlineMs?: number,
): KeyValueCache<string> {
  const local = createInMemoryStore(maxEntries);
  if (!redis) return local;
  return new TieredStore({
    local,
    shared: createRedisStore(redis),
    sharedAvailable: () => redis.isReady(),
    guard: { deadlineMs },
    logger,
  });
}
