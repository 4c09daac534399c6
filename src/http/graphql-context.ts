import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ScoreCache } from '../datasources/score-cache';
import type { Loaders, ScoreLoaderObserver } from '../datasources/score-loader';
import { createScoreLoader } from '../datasources/score-loader';
import type { InstrumentedSource } from '../observability/instrumented-source';
import type { GatewayContext, RequestStats } from '../schema/context.type';
import type { GraphQLCaller } from './graphql-caller';

/** What the per-request context is made from. */
export interface GraphQLContextOptions {
  source: InstrumentedSource;
  cache: ScoreCache;
  maxBatchSize: number;
  /** Admits the caller (auth, rate budget), once per request. */
  caller: GraphQLCaller;
  observer?: ScoreLoaderObserver;
}

// The stats of each request, for the edge's response cache, which reads in onSend whether the
// answer may be kept (see plugins/use-response-cache.ts).
const statsByRequest = new WeakMap<FastifyRequest, RequestStats>();

/** The stats of a request that reached the context function, else undefined. */
export function requestStatsOf(request: FastifyRequest): RequestStats | undefined {
  return statsByRequest.get(request);
}

/**
 * Apollo's context function (for `fastifyApolloHandler`): admits the caller (401, 429: see
 * {@link GraphQLCaller}), then makes the request's fresh loaders. The request's logger is
 * Fastify's, already bound to its `requestId`.
 */
export function graphqlContext(options: GraphQLContextOptions) {
  return async (request: FastifyRequest): Promise<GatewayContext> => {
    const requestId = request.id;
    // The app is built with `loggerInstance: <pino Logger>`, so its request loggers are pino's.
    const logger = request.log as Logger;
    const principal = await options.caller(request);
    const stats: RequestStats = { requested: 0, distinct: 0, scoresExpireAt: Infinity, reusable: false };
    statsByRequest.set(request, stats);
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
