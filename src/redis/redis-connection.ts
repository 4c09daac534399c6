import type { RedisClientType } from '@keyv/redis';
import { createClient } from '@keyv/redis';
import type { Logger } from 'pino';
import { LogThrottle } from '../util/log-throttle';

/** Options of {@link createRedisConnection}. */
export interface RedisConnectionOptions {
  /** `redis://` or `rediss://` URL; may hold a password, so it is never logged. */
  url: string;
  /** A command slower than this fails (the caller treats it as a miss). @default 150 */
  commandTimeoutMs?: number;
  /** @default 1000 */
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
    commandOptions: { timeout: options.commandTimeoutMs ?? 150 },
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 1000,
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
