import type { Logger } from 'pino';
import type { Loaders } from '../datasources/score-loader';

/** What every resolver receives; made fresh for each request. */
export interface GatewayContext {
  /** Correlates the request's log lines (from `x-request-id` when the caller sends one). */
  requestId: string;
  /** A child logger bound to `requestId`. */
  logger: Logger;
  /** Per-request loaders: never shared between requests. */
  loaders: Loaders;
}
