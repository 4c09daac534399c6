import { hasRedisServer, startTestRedis } from '../helpers/redis-server';
import type { TestRedis } from '../helpers/redis-server';

declare global {
  var testRedis: TestRedis | undefined;
}

/**
 * Jest globalSetup: one redis-server for the whole run, on a free loopback port, announced to
 * test workers as TEST_REDIS_URL (they inherit this process's environment). Without the binary
 * nothing starts and Redis tests skip themselves (see test/helpers/redis.ts).
 */
export default async function redisGlobalSetup(): Promise<void> {
  if (!hasRedisServer()) return;
  globalThis.testRedis = await startTestRedis();
  process.env.TEST_REDIS_URL = globalThis.testRedis.url;
}
