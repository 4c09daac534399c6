import type { RedisClientType } from '@keyv/redis';
import { createClient } from '@keyv/redis';
import type { Logger } from 'pino';
import { LogThrottle } from '../util/log-throttle';

/**
 * Slowest Redis answer accepted, in ms (`REDIS_COMMAND_TIMEOUT_MS`): past it a command counts
 * as failed, and its caller (the cache, APQ, the rate limit) decides without Redis.
 */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 150;

/** Longest wait for a connection, in ms (`REDIS_CONNECT_TIMEOUT_MS`). */
export const DEFAULT_REDIS_CONNECT_TIMEOUT_MS = 1000;

/** Options of {@link createRedisConnection}. */
export interface RedisConnectionOptions {
  /** `redis://` or `rediss://` URL; may hold a password, so it is never logged. */
  url: string;
  /** A command slower than this fails (the caller treats it as a miss). @default {@link DEFAULT_REDIS_COMMAND_TIMEOUT_MS} */
  commandTimeoutMs?: number;
  /** @default {@link DEFAULT_REDIS_CONNECT_TIMEOUT_MS} */
  connectTimeoutMs?: number;
  /** Longest wait between reconnection attempts. @default 2000 */
  maxReconnectDelayMs?: number;
  logger: Logger;
}

/** One Redis client shared by the cache, APQ, the rate limiter and the IMM pace. */
export interface RedisConnection {
  readonly client: RedisClientType;
  /** True while commands can be sent; false while (re)connecting. */
  isReady(): boolean;
  /** Resolves when Redis answers PING within the command timeout. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects in the background and never blocks start-up: the gateway serves without Redis and
 * starts sharing when it appears. Commands fail at once while disconnected (no offline queue, so
 * nothing piles up in memory) and after `commandTimeoutMs` when Redis is slow; reconnection
 * backs off exponentially up to `maxReconnectDelayMs`, forever.
 */
export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const { logger } = options;
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  const client: RedisClientType = createClient({
    url: options.url,
    disableOfflineQueue: true,
    // A hung server must not grow an unbounded queue of commands waiting for replies.
    commandsQueueMaxLength: 1000,
    commandOptions: { timeout: options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS },
    socket: {
      connectTimeout: options.connectTimeoutMs ?? DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 10), maxDelay),
    },
  }) as RedisClientType;

  const errors = new LogThrottle();
  let wasReady = false;
  client.on('error', (error: unknown) => {
    errors.run((suppressed) =>
      logger.warn({ err: error, suppressed }, 'redis unavailable; serving from memory and upstream'),
    );
  });
  client.on('ready', () => {
    logger.info(wasReady ? 'redis connection restored' : 'redis connection ready');
    wasReady = true;
  });
  // The first connection may fail: the reconnect strategy keeps trying, errors are logged above.
  client.connect().catch(() => undefined);

  return {
    client,
    isReady: () => client.isReady,
    ping: async () => {
      if (!client.isReady) throw new Error('redis is not connected');
      await client.ping();
    },
    close: async () => {
      // close() lets queued commands finish; a client still reconnecting has none worth waiting for.
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
