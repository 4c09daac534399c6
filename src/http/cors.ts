import type { FastifyCorsOptions } from '@fastify/cors';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * Request headers a page may send cross-origin: the JSON content type, the API key, and the two
 * headers Apollo's CSRF prevention accepts on a GET (they force the preflight that lets this
 * list decide).
 */
const ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  REQUEST_ID_HEADER,
  'apollographql-client-name',
  'apollographql-client-version',
];

/** How long a browser may reuse a preflight answer, in seconds (Chromium caps it at 7200). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * `@fastify/cors` options for `CORS_ORIGINS`. No origin listed: CORS stays off (same origin only,
 * and a preflight is a 404). Otherwise a listed origin is echoed in Access-Control-Allow-Origin
 * (with `Vary: Origin`), another gets no such header, so its browser withholds the response.
 * It answers in `onRequest`, before Apollo's CSRF prevention sees the request, and without
 * credentials: callers authenticate with a bearer key the page sends, never with cookies.
 */
export function corsOptions(origins: readonly string[]): FastifyCorsOptions {
  if (origins.length === 0) return { origin: false };
  return {
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: [REQUEST_ID_HEADER, 'retry-after'],
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  };
}
