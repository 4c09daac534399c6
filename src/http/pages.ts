import type { FastifyPluginAsync } from 'fastify';
import type { GatewayConfig } from '../config';
import { explorerRoutes } from './explorer.routes';

/**
 * The pages the gateway serves beside its API, each a Fastify plugin with its own routes and
 * assets (built from npm packages, nothing loaded from another host): the offline explorer
 * (`EXPLORER`) and the gallery (`GALLERY`) go here, each switched by its setting.
 *
 * The gallery needs the key ring and the callers' budgets, so server.ts registers it beside
 * these (src/http/gallery.routes.ts) with them as options.
 *
 * server.ts registers them after the edge (request id, CORS, the log line, the error handler),
 * which they share, and before `/graphql`. The explorer answers `GET /graphql` for browsers
 * (Accept prefers text/html) through a route constraint beside Apollo's route on the same path.
 * Apollo's own landing page is off (it loads from Apollo's CDN).
 */
export function pagePlugins(config: GatewayConfig): FastifyPluginAsync[] {
  return config.explorer ? [explorerRoutes] : [];
}
