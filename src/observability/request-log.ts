import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { GatewayMetrics } from './metrics';

/**
 * One JSON log line and one latency observation per HTTP request, when its response is sent.
 * `route` is the mounted path, never the raw URL, so metric labels stay few.
 */
export function requestLog(route: string, logger: Logger, metrics: GatewayMetrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      metrics.requestDuration.observe({ route, method: req.method, status: String(res.statusCode) }, seconds);
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
