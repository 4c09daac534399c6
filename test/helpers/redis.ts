import type { RedisConnection } from '../../src/redis/redis-connection';
import { hasRedisServer } from './redis-server';

/** The run's shared redis-server (from jest globalSetup), when the machine has one. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

/** Whether tests that need a real Redis can run here. */
export const REDIS_AVAILABLE = TEST_REDIS_URL !== undefined && hasRedisServer();

/**
 * `describe` for tests that need a real redis-server. Without the binary the block is skipped and
 * its name says why, so a dev machine still runs the rest; `.ci/run` installs it, so CI runs all.
 */
export const describeWithRedis: (name: string, fn: () => void) => void = REDIS_AVAILABLE
  ? (name, fn) => describe(name, fn)
  : (name, fn) => describe.skip(`${name} [SKIPPED: redis-server not installed; apt-get install redis-server]`, fn);

/** Resolves with `connection` once it has connected (it connects in the background). */
export async function ready(connection: RedisConnection): Promise<RedisConnection> {
  const deadline = Date.now() + 3000;
  while (!connection.isReady()) {
    if (Date.now() > deadline) throw new Error('redis not ready');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return connection;
}
