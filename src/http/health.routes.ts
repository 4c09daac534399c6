import type { FastifyPluginAsync } from 'fastify';

/** `GET /healthz`: liveness. It answers while the process can serve HTTP at all. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
};
