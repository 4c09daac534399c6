import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';

/** Options of {@link metricsRoutes}. */
export interface MetricsRoutesOptions {
  registry: Registry;
}

/** `GET /metrics`: the registry in Prometheus text format. Expose it to the scraper only. */
export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, { registry }) => {
  app.get('/metrics', async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
};
