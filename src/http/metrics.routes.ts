import { Router } from 'express';
import type { Registry } from 'prom-client';

/** `GET /metrics`: the registry in Prometheus text format. Expose it to the scraper only. */
export function metricsRoutes(registry: Registry): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.set('content-type', registry.contentType);
    res.send(await registry.metrics());
  });
  return router;
}
