import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { RedisConnection } from '../../redis/redis-connection';
import { createRedisStore } from './redis-store';
import { TieredStore } from './tiered-store';

/** Options of {@link createPersistedQueryStore}. */
export interface PersistedQueryStoreOptions {
  /** Bound of the in-memory LRU, in bytes of stored query text. @default 8 MiB */
  maxBytes: number;
  /** With Redis, registrations are shared by replicas (under Apollo's own `apq:` key prefix). */
  redis?: RedisConnection;
  logger: Logger;
  /** Slowest Redis answer accepted, in ms. @default DEFAULT_REDIS_COMMAND_TIMEOUT_MS */
  deadlineMs?: number;
}

/**
 * The store of automatic persisted queries, **apart from the score cache**: anyone can register
 * a query (a hash and its text), so registrations sharing the scores' LRU would evict cached
 * scores and make the gateway pay upstream again. Its own LRU, bounded by bytes; with Redis, in
 * front of Redis as the score cache is (Apollo prefixes its keys `apq:` and gives them
 * APQ_TTL_SECONDS). Redis's own eviction (`maxmemory-policy`) is one policy for the whole
 * keyspace, so there registrations still compete with scores for memory: see docs/production.md.
 */
export function createPersistedQueryStore(options: PersistedQueryStoreOptions): KeyValueCache<string> {
  const local = new InMemoryLRUCache<string>({ maxSize: options.maxBytes });
  if (!options.redis) return local;
  const { redis } = options;
  return new TieredStore({
    local,
    shared: createRedisStore(redis),
    sharedAvailable: () => redis.isReady(),
    guard: { deadlineMs: options.deadlineMs },
    logger: options.logger,
  });
}
