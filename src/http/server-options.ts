import type http from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import { LogController } from 'fastify';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import type { GatewayMetrics } from '../observability/metrics';
import { clientErrorHandler } from './error-handler';
import { requestIdFor } from './request-id';
import { toFastifyTrustProxy } from '../util/trust-proxy';

/**
 * How often Node looks for sockets past their head or request deadline. Node's default (30 s)
 * would let a slow socket live up to 30 s past its deadline; a tenth of the head deadline keeps
 * that slack small at the cost of one walk over the open connections per tick.
 */
function checkingIntervalMs(headersTimeoutMs: number): number {
  return Math.max(50, Math.min(1000, Math.floor(headersTimeoutMs / 10)));
}

/**
 * Fastify's options for the public app (and, with `logger` only, the metrics app): its pino
 * logger with one line per request (see request-log.ts) under `requestId`, request ids from and
 * to `x-request-id`, the proxies TRUST_PROXY names, the body limit, and deadlines that close
 * slow sockets (slowloris: a head sent a byte at a time; a body trickled; a socket gone quiet),
 * refused with a GraphQL-shaped 408 where a request had begun.
 */
export function fastifyOptions(
  config: GatewayConfig,
  logger: Logger,
  metrics: GatewayMetrics,
): FastifyHttpOptions<http.Server> {
  const { http: edge } = config;
  return {
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    // genReqId validates the caller's id; Fastify's requestIdHeader would take it unchecked.
    requestIdHeader: false,
    genReqId: requestIdFor,
    trustProxy: toFastifyTrustProxy(config.trustProxy),
    bodyLimit: edge.bodyLimitBytes,
    // Node's head deadline; requestTimeout covers head and body, connectionTimeout is the
    // socket's idle deadline while a request is open, keepAliveTimeout between requests.
    http: { headersTimeout: edge.headersTimeoutMs, connectionsCheckingInterval: checkingIntervalMs(edge.headersTimeoutMs) },
    requestTimeout: edge.requestTimeoutMs,
    connectionTimeout: edge.idleTimeoutMs,
    keepAliveTimeout: edge.keepAliveTimeoutMs,
    clientErrorHandler: clientErrorHandler(metrics),
  };
}

/** Fastify's options for the metrics app (METRICS_PORT): the scraper's requests are not logged. */
export function metricsFastifyOptions(logger: Logger): FastifyHttpOptions<http.Server> {
  return {
    loggerInstance: logger.child({ component: 'metrics' }),
    logController: new LogController({ disableRequestLogging: true }),
  };
}
