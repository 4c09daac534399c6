import { Router } from 'express';

/** `GET /healthz`: liveness. It answers while the process can serve HTTP at all. */
export function healthRoutes(): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  return router;
}
