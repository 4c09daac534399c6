import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authenticate } from '../auth/authenticate';
import type { FailedAuthLimiter } from '../auth/failed-auth-limiter';
import type { ApiKeyRing } from '../auth/key-ring';
import type { GatewayConfig } from '../config';
import { PACKAGE_ROOT } from '../config';
import { LocalObjectListing } from '../datasources/local/object-listing';
import type { ObjectListingLimits } from '../datasources/local/object-listing';
import { LocalObjectStore } from '../datasources/local/object-store';
import { parseSourceUri } from '../datasources/source-uri';
import { GatewayErrorCode, ScoreError, ScoreErrorCode } from '../errors';
import type { GalleryListing, GallerySettings } from '../gallery/gallery-settings';
import { isImageKey } from '../gallery/image-keys';
import type { PreviewOptions } from '../gallery/preview-maker';
import { DEFAULT_PREVIEW_LONG_SIDE, PreviewMaker } from '../gallery/preview-maker';
import { edgeError } from '../graphql-errors';
import type { RequestRateLimiter } from '../limits/rate-limit';
import { galleryErrorHandler } from './gallery-errors';

/** The page and its assets as `npm run build` writes them (esbuild, scripts/build-gallery.ts). */
export const DEFAULT_GALLERY_ASSETS = path.join(PACKAGE_ROOT, 'dist', 'gallery');

/** Options of {@link galleryRoutes}; register it with `prefix: '/gallery'`. */
export interface GalleryRoutesOptions {
  config: Pick<GatewayConfig, 'scoreBackend' | 'local' | 'maxBatchSize'>;
  /** The gateway's key ring; undefined when AUTH_MODE=none. */
  keyRing?: ApiKeyRing;
  /** Charged once per listing or preview, from the same budget as GraphQL requests. @default none */
  rateLimit?: RequestRateLimiter;
  /** The per-IP budget of failed authentications, shared with GraphQL so guesses add up. @default none */
  authFailures?: FailedAuthLimiter;
  logger: Logger;
  /** @default DEFAULT_GALLERY_ASSETS */
  assetsDir?: string;
  /** Thumbnail size, pixel limit, cache and concurrency bounds. */
  previews?: PreviewOptions;
  /** Page and scan bounds of the listing. @default 1000 keys a page, 50000 entries read a call */
  listing?: ObjectListingLimits;
}

// The page loads nothing from another host, and its thumbnails are blob: URLs of fetched previews.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const projectName = z.string().min(1, 'is required').max(128);

/**
 * The gallery: `GET /gallery` (the page), `/gallery/assets/*`, `/gallery/settings.json`, and with
 * the local backend the read-only object routes the page uses:
 * - `GET /gallery/objects?project=&bucket=&prefix=&cursor=&limit=`: one page of a bucket's images,
 *   `limit` at most 1000 and by default MAX_BATCH_SIZE (a page is then one scoring batch);
 * - `GET /gallery/preview?project=&uri=oss://bucket/key`: a WebP thumbnail.
 *
 * With AUTH_MODE=api-key both object routes need `Authorization: Bearer <key>` of a key allowed
 * for `project` (401/403, as GraphQL), and each call is charged to the caller's rate budget.
 * Refusals are `{code, message}` with the contract's codes (gallery-errors.ts).
 */
export const galleryRoutes: FastifyPluginAsync<GalleryRoutesOptions> = async (app, options) => {
  const { config, keyRing, rateLimit = async () => undefined } = options;
  const { authFailures = (_ip, run) => Promise.resolve(run()) } = options;
  const assetsDir = options.assetsDir ?? DEFAULT_GALLERY_ASSETS;
  const page = readPage(assetsDir);
  const localObjects = config.scoreBackend === 'local';

  app.setErrorHandler(galleryErrorHandler(options.logger));
  // Thumbnails and listings are read as what they say they are, never sniffed into a script.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });

  await app.register(fastifyStatic, {
    root: path.join(assetsDir, 'assets'),
    prefix: '/assets/',
    // The explorer may register @fastify/static too: keep reply.sendFile out of the way.
    decorateReply: false,
    index: false,
  });

  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('cache-control', 'no-cache')
      .send(page),
  );

  const settings: GallerySettings = {
    graphqlPath: '/graphql',
    maxBatchSize: config.maxBatchSize,
    apiKeyRequired: keyRing !== undefined,
    defaultProject: localObjects ? (config.local.projects[0] ?? null) : null,
    defaultBucket: 'samples',
    localObjects,
    previewLongSide: options.previews?.longSide ?? DEFAULT_PREVIEW_LONG_SIDE,
  };
  app.get('/settings.json', async (_request, reply) => reply.header('cache-control', 'no-cache').send(settings));

  // With imm the images live in OSS: nothing here may read them, so the routes do not exist.
  if (!localObjects) return;

  const projects = new Set(config.local.projects);
  const store = new LocalObjectStore({
    root: config.local.ossRoot,
    maxObjectBytes: config.local.maxObjectBytes,
    readTimeoutMs: config.local.readTimeoutMs,
  });
  const previews = new PreviewMaker(store, options.previews);
  const listing = new LocalObjectListing(store, options.listing);
  const maxKeys = options.listing?.maxKeys ?? 1000;

  /** Authenticates, checks the project, charges the rate budget: before any file is touched. */
  async function admit(request: FastifyRequest, project: string): Promise<void> {
    const principal =
      keyRing && (await authFailures(request.ip, () => authenticate(keyRing, request.headers.authorization)));
    if (principal && !principal.mayAccess(project)) {
      throw edgeError(GatewayErrorCode.FORBIDDEN, `This API key may not use project ${project}.`);
    }
    await rateLimit(principal ? `key:${principal.keyId}` : `ip:${request.ip}`);
    if (!projects.has(project)) {
      throw new ScoreError(ScoreErrorCode.PROJECT_NOT_FOUND, `The specified project ${project} is not found.`);
    }
  }

  const listingQuery = z.object({
    project: projectName,
    bucket: z.string().min(1, 'is required'),
    prefix: z.string().default(''),
    cursor: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(maxKeys).default(Math.min(config.maxBatchSize, maxKeys)),
  });
  app.get('/objects', async (request, reply) => {
    const query = listingQuery.parse(request.query);
    await admit(request, query.project);
    const page = await listing.list({
      bucket: query.bucket,
      prefix: query.prefix,
      startAfter: query.cursor,
      limit: query.limit,
      filter: isImageKey,
    });
    const body: GalleryListing = {
      sourceUris: page.keys.map((key) => `oss://${query.bucket}/${key}`),
      ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
    };
    return reply.header('cache-control', 'no-store').send(body);
  });

  const previewQuery = z.object({ project: projectName, uri: z.string().min(1, 'is required') });
  app.get('/preview', async (request, reply) => {
    const query = previewQuery.parse(request.query);
    await admit(request, query.project);
    const preview = await previews.preview(parseSourceUri(query.uri));
    reply.header('cache-control', 'private, max-age=60').header('etag', preview.etag);
    if (request.headers['if-none-match'] === preview.etag) return reply.code(304).send();
    return reply.type(preview.contentType).send(preview.bytes);
  });
};

function readPage(assetsDir: string): string {
  const file = path.join(assetsDir, 'index.html');
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`The gallery page is not built (${file} is missing): run npm run build`, { cause: error });
  }
}
