import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { createKeyv } from '@keyv/redis';
import type { Keyv } from 'keyv';
import type { RedisConnection } from '../../redis/redis-connection';

/**
 * Apollo's KeyValueCache over Redis, through the maintained adapter pair (@apollo/utils.keyvadapter
 * + @keyv/redis) on the gateway's one Redis connection. Errors are thrown, not swallowed, so the
 * tiered store above can log them and fall back; TTLs are Redis's own.
 */
export function createRedisStore(connection: RedisConnection): KeyValueCache<string> {
  const keyv = createKeyv(connection.client, { throwOnErrors: true }) as Keyv<string>;
  // Reads of one tick go out as one MGET; that is the adapter's default and what we want.
  return new KeyvAdapter<string>(keyv);
}
