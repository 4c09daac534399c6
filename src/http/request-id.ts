import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// Accept a caller's request id only when it is short and plain, so it is safe in logs.
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The header a request id is read from and echoed in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Fastify's `genReqId`: the caller's `x-request-id` when it is plain, else a new UUID. (Fastify's
 * own `requestIdHeader` would take any value the caller sends, tabs and kilobytes included.)
 */
export function requestIdFor(req: IncomingMessage): string {
  const header = req.headers[REQUEST_ID_HEADER];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}
