import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { FailedAuthLimiter } from '../auth/failed-auth-limiter';
import type { ApiKeyRing, Principal } from '../auth/key-ring';
import { bearerToken } from '../auth/key-ring';
import type { ScoreCache } from '../datasources/score-cache';
import type { Loaders, ScoreLoaderObserver } from '../datasources/score-loader';
import { createScoreLoader } from '../datasources/score-loader';
import { GatewayErrorCode } from '../errors';
import type { InstrumentedSource } from '../observability/instrumented-source';
import { edgeError } from '../graphql-errors';
import type { RequestRateLimiter } from '../limits/rate-limit';
import type { GatewayContext, RequestStats } from '../schema/context.type';

/** What the per-request context is made from. */
export interface GraphQLContextOptions {
  source: InstrumentedSource;
  cache: ScoreCache;
  maxBatchSize: number;
  /** Undefined when AUTH_MODE=none. */
  keyRing?: ApiKeyRing;
  rateLimit: RequestRateLimiter;
  /** Each client IP's budget of failed authentications. @default unlimited */
  authFailures?: FailedAuthLimiter;
  observer?: ScoreLoaderObserver;
}

/**
 * Apollo's context function (for `fastifyApolloHandler`): authenticates the caller (401 before
 * anything else, 429 once the client IP has spent its budget of failed authentications),
 * charges the request to its rate budget (429), then makes the request's fresh loaders. The
 * request's logger is Fastify's, already bound to its `requestId`.
 */
export function graphqlContext(options: GraphQLContextOptions) {
  return async (request: FastifyRequest): Promise<GatewayContext> => {
    const requestId = request.id;
    // The app is built with `loggerInstance: <pino Logger>`, so its request loggers are pino's.
    const logger = request.log as Logger;
    const { keyRing, authFailures = (_ip, run) => Promise.resolve(run()) } = options;
    // request.ip is the client trustProxy names (TRUST_PROXY), else the socket's peer.
    const principal = keyRing && (await authFailures(request.ip, () => authenticate(keyRing, request.headers.authorization)));
    await options.rateLimit(principal ? `key:${principal.keyId}` : `ip:${request.ip}`);

    const stats: RequestStats = { requested: 0, distinct: 0, scoresExpireAt: Infinity };
    const makeScoreLoader = () =>
      createScoreLoader({
        source: options.source.forRequest(requestId),
        mayAccess: principal?.mayAccess,
        cache: options.cache,
        maxBatchSize: options.maxBatchSize,
        observer: {
          onLoad: () => {
            stats.requested += 1;
          },
          onBatch: (refs) => {
            stats.distinct += refs.length;
            options.observer?.onBatch?.(refs);
          },
          onCacheOutcome: (outcome, entry) => {
            if (entry.expiresAt < stats.scoresExpireAt) stats.scoresExpireAt = entry.expiresAt;
            options.observer?.onCacheOutcome?.(outcome, entry);
          },
        },
        logger,
      });
    // Made on first use: a query the full-response cache answers never needs one.
    let score: Loaders['score'] | undefined;
    const loaders: Loaders = {
      get score() {
        score ??= makeScoreLoader();
        return score;
      },
    };
    return { requestId, logger, principal, stats, loaders };
  };
}

function authenticate(keyRing: ApiKeyRing, header: string | undefined): Principal {
  const token = bearerToken(header);
  const principal = token === undefined ? undefined : keyRing.authenticate(token);
  if (!principal) {
    throw edgeError(
      GatewayErrorCode.UNAUTHENTICATED,
      'Missing or unknown API key: send Authorization: Bearer <key>.',
      { 'www-authenticate': 'Bearer' },
    );
  }
  return principal;
}
