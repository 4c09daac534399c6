import type { FastifyPluginAsync } from 'fastify';
import type { GatewayConfig } from '../config';

/**
 * The pages the gateway serves beside its API, each a Fastify plugin with its own routes and
 * assets (built from npm packages, nothing loaded from another host): the offline explorer
 * (`EXPLORER`) and the gallery (`GALLERY`) go here, each switched by its setting.
 *
 * server.ts registers them after the edge (request id, CORS, the log line, the error handler),
 * which they share, and before `/graphql`. Fastify gives a path and method to one route only:
 * the explorer, which answers `GET /graphql` for browsers (Accept: text/html), does so from an
 * `onRequest` hook in a `fastify-plugin` (so it reaches the sibling /graphql route), replying
 * before Apollo. Apollo's own landing page is off (it loads from Apollo's CDN).
 */
export function pagePlugins(_config: GatewayConfig): FastifyPluginAsync[] {
  return [];
}
