import type { RequestHandler } from 'express';
import type { Histogram } from 'prom-client';
import type { Logger } from 'pino';
import type { GatewayMetrics } from './metrics';

/**
 * One JSON log line and one latency observation per HTTP request, when its response is sent.
 * `route` is the mounted path, never the raw URL, so metric labels stay few.
 */
export function requestLog(route: string, logger: Logger, metrics: GatewayMetrics): RequestHandler {
  // The histogram's child per method and status, resolved once: looking a child up from a label
  // object hashes the labels on every observation, a visible cost on a cached query.
  const children = new Map<string, Histogram.Internal<'route' | 'method' | 'status'>>();
  const histogramFor = (method: string, status: number) => {
    const key = `${method} ${status}`;
    let child = children.get(key);
    if (!child) {
      child = metrics.requestDuration.labels({ route, method, status: String(status) });
      children.set(key, child);
    }
    return child;
  };
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      histogramFor(req.method, res.statusCode).observe(seconds);
      logger.info(
        {
          requestId: res.locals.requestId as string | undefined,
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
        },
        'request',
      );
    });
    next();
  };
}
