import type { Logger } from 'pino';
import type { Principal } from '../auth/key-ring';
import type { Loaders } from '../datasources/score-loader';

/** Per-request counts the plugins turn into metrics and the response's freshness. */
export interface RequestStats {
  /** `load` calls on the score loader: images asked for, duplicates included. */
  requested: number;
  /** Keys that reached the loader's batch function: distinct images. */
  distinct: number;
  /**
   * The earliest cache expiry (ms since the epoch) of the scores this request loaded; Infinity
   * before any. The response may be reused until then and no longer.
   */
  scoresExpireAt: number;
  /**
   * Whether the answer may be replayed to an identical request, as far as the operation goes: a
   * query, sent with no variable it does not declare. Its cache policy decides the rest.
   */
  reusable: boolean;
}

/**
 * The one per-request context, made fresh for each request by the context function
 * (`http/graphql-context.ts`) and read by the resolvers and the Apollo plugins alike.
 */
export interface GatewayContext {
  /** Correlates the request's log lines (from `x-request-id` when the caller sends one). */
  requestId: string;
  /** A child logger bound to `requestId`. */
  logger: Logger;
  /** Per-request loaders: never shared between requests. */
  loaders: Loaders;
  /** The caller's key; undefined when AUTH_MODE=none. */
  principal?: Principal;
  stats: RequestStats;
}
