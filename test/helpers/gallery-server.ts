import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { loadApiKeyRing } from '../../src/auth/api-keys';
import type { GatewayConfig } from '../../src/config';
import { loadConfig } from '../../src/config';
import type { GalleryRoutesOptions } from '../../src/http/gallery.routes';
import { galleryRoutes } from '../../src/http/gallery.routes';
import type { RunningGateway } from './gateway';
import { silentLogger, startGateway } from './gateway';

/** The gallery plugin on a plain Fastify server, listening on 127.0.0.1. */
export interface RunningGallery {
  app: FastifyInstance;
  config: GatewayConfig;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/**
 * Registers the gallery routes, configured from `env` as the gateway would be (auth off unless
 * `env` sets AUTH_MODE), on a Fastify server of their own.
 */
export async function startGallery(
  env: Record<string, string> = {},
  options: Partial<GalleryRoutesOptions> = {},
  setup: (app: FastifyInstance) => void | Promise<void> = () => undefined,
): Promise<RunningGallery> {
  const config = loadConfig({ PORT: '0', AUTH_MODE: 'none', ...env });
  const app = Fastify({ logger: false });
  await app.register(galleryRoutes, {
    prefix: '/gallery',
    config,
    keyRing: loadApiKeyRing(config.auth),
    logger: silentLogger,
    ...options,
  });
  await setup(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, config, origin: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** A real gateway with its gallery: the page and its GraphQL endpoint on one origin. */
export interface GalleryWithGateway {
  gateway: RunningGateway;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/** Starts a real gateway (local backend, the gallery on) as `startGateway` does. */
export async function startGalleryWithGateway(env: Record<string, string> = {}): Promise<GalleryWithGateway> {
  const gateway = await startGateway({ GALLERY: 'true', ...env });
  return { gateway, origin: new URL(gateway.url).origin, close: () => gateway.close() };
}
