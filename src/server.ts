import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { GatewayConfig } from './config';
import { createScoreSource } from './datasources/create-source';
import { createCacheStore } from './datasources/cache/create-cache-store';
import { createPersistedQueryStore } from './datasources/cache/create-persisted-query-store';
import { ScoreCache } from './datasources/score-cache';
import type { ScoreLoaderObserver } from './datasources/score-loader';
import type { ScoreSource } from './datasources/score-source';
import { loadApiKeyRing } from './auth/api-keys';
import { createFailedAuthLimiter } from './auth/failed-auth-limiter';
import { corsOptions } from './http/cors';
import { closeConnectionsOnDrain } from './http/drain';
import { edgeErrorHandler } from './http/error-handler';
import { galleryRoutes } from './http/gallery.routes';
import { graphqlCaller } from './http/graphql-caller';
import { graphqlContext } from './http/graphql-context';
import { graphqlRoutes } from './http/graphql.routes';
import { healthRoutes } from './http/health.routes';
import { metricsRoutes } from './http/metrics.routes';
import { pagePlugins } from './http/pages';
import type { ReadinessCheck } from './http/readiness.routes';
import { readinessRoutes } from './http/readiness.routes';
import { REQUEST_ID_HEADER } from './http/request-id';
import { fastifyOptions, metricsFastifyOptions } from './http/server-options';
import { InstrumentedSource } from './observability/instrumented-source';
import type { GatewayMetrics } from './observability/metrics';
import { createMetrics } from './observability/metrics';
import { requestLog } from './http/request-log';
import { createRequestRateLimiter } from './limits/rate-limit';
import type { GatewayContext } from './schema/context.type';
import { useImageBudget } from './plugins/use-image-budget';
import { useMetrics } from './plugins/use-metrics';
import { usePersistedQueryLimit } from './plugins/use-persisted-query-limit';
import { useProjectAccess } from './plugins/use-project-access';
import { useQueryComplexity } from './plugins/use-query-complexity';
import { useResponseCache } from './plugins/use-response-cache';
import { useScoreFreshness } from './plugins/use-score-freshness';
import type { RedisConnection } from './redis/redis-connection';
import { createRedisConnection } from './redis/redis-connection';
import { formatError } from './graphql-errors';
import { buildGatewaySchema } from './resolvers/build-schema';
import { maxDepthRule } from './validation/max-depth.rule';
import { noFederationSdlRule } from './validation/no-federation-sdl.rule';

/** Parts a caller may supply instead of the ones the configuration would build. */
export interface GatewayDeps {
  logger: Logger;
  /** @default the backend `config.scoreBackend` names */
  source?: ScoreSource;
  /** @default an in-memory LRU of `config.cache.maxEntries`, in front of Redis with `REDIS_URL` */
  cacheStore?: KeyValueCache<string>;
  /** Batches and cache outcomes, as the loader sees them (the per-image `onLoad` feeds the request's own stats). */
  observer?: Omit<ScoreLoaderObserver, 'onLoad'>;
}

/** A built, not yet listening, gateway. */
export interface Gateway {
  /** The Fastify app: `/graphql`, `/healthz`, `/readyz`, the pages, and `/metrics` without METRICS_PORT. */
  app: FastifyInstance;
  apollo: ApolloServer<GatewayContext>;
  /** The app's Node server (`app.server`). */
  httpServer: http.Server;
  /** The app serving only `/metrics`, when `METRICS_PORT` is set. */
  metricsApp?: FastifyInstance;
  /** Its Node server (`metricsApp.server`). */
  metricsServer?: http.Server;
  source: ScoreSource;
  /** Its own Prometheus registry and metrics, served at `/metrics`. */
  metrics: GatewayMetrics;
  /** The shared Redis connection, when `REDIS_URL` is set. */
  redis?: RedisConnection;
  /**
   * Starts listening, on `METRICS_PORT` too when set (same host); resolves with the public
   * address (port 0 picks a free one). Without a host, every interface, as Node listens.
   */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Stops taking requests, lets those in flight finish, then releases the backend. */
  close(): Promise<void>;
}

/**
 * Listens as Node does (no host: every interface, IPv6 and IPv4), where Fastify's own `listen`
 * would default to localhost only.
 */
async function listenOn(app: FastifyInstance, port: number | undefined, host: string | undefined): Promise<AddressInfo> {
  await app.ready();
  const server = app.server;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
/**
 * Builds the HTTP server, Apollo Server and the score pipeline from the configuration.
 * @throws ConfigError when auth is on and no API key is configured, or the key file is bad
 */
export async function createGateway(config: GatewayConfig, deps: GatewayDeps): Promise<Gateway> {
  const { logger } = deps;
  // First, before any socket opens: a bad key setup fails the start.
  const keyRing = loadApiKeyRing(config.auth);
  const metrics = createMetrics();
  const redis = config.cache.redisUrl
    ? createRedisConnection({
        url: config.cache.redisUrl,
        commandTimeoutMs: config.redis.commandTimeoutMs,
        connectTimeoutMs: config.redis.connectTimeoutMs,
        logger: logger.child({ component: 'redis' }),
      })
    : undefined;
  // InstrumentedSource counts logical score calls; the IMM observer counts attempts on the wire,
  // retries and the circuit (see observability/imm-metrics.ts): two layers, no double count.
  const backend = deps.source ?? createScoreSource(config, logger, { immObserver: metrics.immObserver, redis });
  const source = new InstrumentedSource(backend, metrics, logger.child({ component: 'upstream' }));
  // Scores only: persisted queries, which any client can register, have their own store below,
  // so registrations never evict a score. Replicas share both through Redis.
  const cacheStore =
    deps.cacheStore ??
    createCacheStore(config.cache.maxEntries, redis, logger, config.redis.commandTimeoutMs);
  const cache = new ScoreCache({
    store: cacheStore,
    ttlSeconds: config.cache.ttlSeconds,
    namespace: `score:v1:${source.name}`,
    logger,
  });
  const persistedQueryStore = createPersistedQueryStore({
    maxBytes: config.apq.maxCacheBytes,
    redis,
    logger,
    deadlineMs: config.redis.commandTimeoutMs,
  });

  const app = Fastify(fastifyOptions(config, logger, metrics));
  app.setErrorHandler(edgeErrorHandler({ metrics, bodyLimitBytes: config.http.bodyLimitBytes }));
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  await app.register(requestLog, { metrics });
  await app.register(closeConnectionsOnDrain);
  // In onRequest, so a preflight is answered (and a refusal carries CORS headers the page can
  // read) before Apollo's CSRF prevention or the context function's auth sees the request.
  await app.register(fastifyCors, corsOptions(config.http.corsOrigins));

  const httpCache = {
    maxAgeSeconds: config.http.cacheMaxAgeSeconds,
    scope: keyRing ? ('PRIVATE' as const) : ('PUBLIC' as const),
  };
  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema({ maxBatchSize: config.maxBatchSize, httpCache }),
    logger,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Apollo's own cache serves only features that are not scores (here, persisted queries).
    cache: persistedQueryStore,
    persistedQueries: { cache: persistedQueryStore, ttl: config.apq.ttlSeconds },
    // With introspection off, validation errors do not suggest field names ("Did you mean").
    hideSchemaDetailsFromClientErrors: !config.introspection,
    // main.ts owns SIGTERM/SIGINT: it stops Apollo, then releases the backend, then exits.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    validationRules: [
      maxDepthRule(config.limits.maxQueryDepth),
      ...(config.federationSdl ? [] : [noFederationSdlRule]),
    ],
    plugins: [
      // On stop: Fastify stops accepting, answers what is in flight, then closes.
      fastifyApolloDrainPlugin(app),
      // Apollo's landing page loads from its CDN; pages here are served by the gateway itself.
      ApolloServerPluginLandingPageDisabled(),
      useMetrics(metrics),
      // With auth off there is no principal to check: the plugin would only cost each request.
      ...(keyRing ? [useProjectAccess()] : []),
      useImageBudget({ maxImages: config.limits.maxImagesPerOperation, maxBatchSize: config.maxBatchSize }),
      useQueryComplexity(config.limits.maxQueryComplexity),
      usePersistedQueryLimit(config.apq.maxQueryBytes),
      useResponseCache(),
      // The order of the last two matters: their willSendResponse hooks read the response's
      // cache policy in this order, so the freshness bound is applied before the Cache-Control
      // header is written (which the edge's response cache then reads).
      useScoreFreshness(),
      ApolloServerPluginCacheControl(),
    ],
  });
  await apollo.start();

  // One request budget and one failed-authentication budget per caller, charged by GraphQL and
  // by the gallery's object routes alike: a second door must not double either.
  const rateLimit = createRequestRateLimiter({
    perMinute: config.limits.rateLimitPerMinute,
    redis,
    redisTimeoutMs: config.redis.commandTimeoutMs,
    logger,
  });
  const authFailures = createFailedAuthLimiter({ perMinute: config.limits.authFailuresPerMinute });

  // Pages (the explorer, /gallery): they share the edge above; see http/pages.ts.
  for (const page of pagePlugins(config)) await app.register(page);
  if (config.gallery) {
    const galleryLogger = logger.child({ component: 'gallery' });
    await app.register(galleryRoutes, { prefix: '/gallery', config, keyRing, rateLimit, authFailures, logger: galleryLogger });
  }

  const caller = graphqlCaller({ keyRing, rateLimit, authFailures });
  await app.register(graphqlRoutes, {
    apollo,
    // Nothing is cacheable when HTTP caching is off: every response is then no-store.
    responseCache:
      config.http.responseCacheMaxBytes > 0 && config.http.cacheMaxAgeSeconds > 0
        ? { maxBytes: config.http.responseCacheMaxBytes, maxKeyLength: config.apq.maxQueryBytes, caller, metrics }
        : undefined,
    context: graphqlContext({
      source,
      cache,
      maxBatchSize: config.maxBatchSize,
      caller,
      observer: {
        onBatch: (refs) => deps.observer?.onBatch?.(refs),
        onCacheOutcome: (outcome, entry) => {
          metrics.loaderObserver.onCacheOutcome?.(outcome, entry);
          deps.observer?.onCacheOutcome?.(outcome, entry);
        },
      },
    }),
  });
  const readinessChecks: Record<string, ReadinessCheck> = { backend: () => source.checkReady() };
  if (redis && config.redis.requiredForReadiness) readinessChecks.redis = () => redis.ping();
  await app.register(healthRoutes);
  await app.register(readinessRoutes, { checks: readinessChecks, logger });
  let metricsApp: FastifyInstance | undefined;
  if (config.metricsPort === undefined) {
    await app.register(metricsRoutes, { registry: metrics.registry });
  } else {
    metricsApp = Fastify(metricsFastifyOptions(logger));
    await metricsApp.register(metricsRoutes, { registry: metrics.registry });
  }

  return {
    app,
    apollo,
    httpServer: app.server,
    metricsApp,
    metricsServer: metricsApp?.server,
    source: backend,
    metrics,
    redis,
    listen: async (port = config.port, host) => {
      if (metricsApp) await listenOn(metricsApp, config.metricsPort, host);
      return listenOn(app, port, host);
    },
    close: async () => {
      // The drain plugin closes the app once in-flight requests are answered.
      await apollo.stop();
      await metricsApp?.close();
      await source.close?.();
      await redis?.close();
    },
  };
}
