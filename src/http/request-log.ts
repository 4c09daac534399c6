import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Histogram } from 'prom-client';
import type { GatewayMetrics } from '../observability/metrics';

/** Options of {@link requestLog}. */
export interface RequestLogOptions {
  metrics: GatewayMetrics;
}

const plugin: FastifyPluginAsync<RequestLogOptions> = async (app, { metrics }) => {
  // The histogram's child per route, method and status, resolved once: looking a child up from
  // a label object hashes the labels on every observation, a visible cost on a cached query.
  const children = new Map<string, Histogram.Internal<'route' | 'method' | 'status'>>();
  const histogramFor = (route: string, method: string, status: number) => {
    const key = `${route} ${method} ${status}`;
    let child = children.get(key);
    if (!child) {
      child = metrics.requestDuration.labels({ route, method, status: String(status) });
      children.set(key, child);
    }
    return child;
  };
  app.addHook('onResponse', async (request, reply) => {
    const ms = reply.elapsedTime;
    // Unmatched URLs share one label: a scanner's paths must not mint a series each.
    const route = request.routeOptions.url ?? 'unmatched';
    histogramFor(route, request.method, reply.statusCode).observe(ms / 1000);
    request.log.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(ms) }, 'request');
  });
};

/**
 * One JSON log line (`request`, under the request's `requestId`) and one latency observation
 * per HTTP request, when its response is sent; Fastify's own two lines per request are off.
 * `route` is the route's pattern, never the raw URL, so metric labels stay few. Registered with
 * fastify-plugin, so its hook sees every route of the app.
 */
export const requestLog = fp(plugin, { name: 'request-log' });
