import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

// Accept a caller's request id only when it is short and plain, so it is safe in logs.
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id: the caller's `x-request-id` when it is plain, else a new UUID.
 * It is echoed in the `x-request-id` response header and kept in `res.locals.requestId`.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const header = req.get('x-request-id');
    const id = header && REQUEST_ID.test(header) ? header : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    next();
  };
}
