import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { LogThrottle } from '../util/log-throttle';

/** One dependency `/readyz` checks: resolves when it can serve, rejects with the reason. */
export type ReadinessCheck = () => Promise<void>;

/** Options of {@link readinessRoutes}. */
export interface ReadinessOptions {
  /** Named checks, e.g. `backend` and (when required) `redis`. */
  checks: Record<string, ReadinessCheck>;
  /** A check slower than this fails. @default 2000 */
  timeoutMs?: number;
  logger: Logger;
}

/**
 * `GET /readyz`: 200 when every check passes, else 503, so a load balancer takes the replica
 * out while its backend (or a required Redis) is unreachable. The body names each check's
 * state, never the reason (it may hold a host); reasons go to the log.
 */
export const readinessRoutes: FastifyPluginAsync<ReadinessOptions> = async (app, options) => {
  const timeoutMs = options.timeoutMs ?? 2000;
  const failures = new LogThrottle();
  app.get('/readyz', async (_request, reply) => {
    const entries = await Promise.all(
      Object.entries(options.checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), timeoutMs);
          return [name, 'ok'] as const;
        } catch (error) {
          failures.run((suppressed) => options.logger.warn({ err: error, check: name, suppressed }, 'not ready'));
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = entries.every(([, state]) => state === 'ok');
    reply.code(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable', checks: Object.fromEntries(entries) };
  });
};

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`check did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
