import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import Negotiator from 'negotiator';
import { EXPLORER_BUILD_DIR, readExplorerManifest } from '../explorer/explorer-manifest';
import { explorerPage } from '../explorer/explorer-page';

/** Options of {@link explorerRoutes}. */
export interface ExplorerRoutesOptions {
  /** The GraphQL endpoint: the page is served there, its files under `<graphqlPath>/explorer/`. @default '/graphql' */
  graphqlPath?: string;
  /** Where `npm run build` wrote the bundle (manifest.json and assets/). @default dist/explorer */
  buildDir?: string;
}

/**
 * Every script, style, font and worker of the page comes from this gateway: no other host may
 * be reached, framed or posted to. Monaco and React set inline styles, hence 'unsafe-inline'
 * for styles only; the fonts are data: URLs inside the stylesheet.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The file names carry a content hash: a new build is a new name, so a year is safe. */
const ASSET_MAX_AGE = '365d';

const CONSTRAINT = 'explorerPage';
const PAGE = 'html';

/**
 * Apollo Server's choice for its landing page (`ApolloServer.prefersHTML`), less its multipart
 * types: the explorer answers where that page would have.
 */
const NEGOTIATED = ['application/json', 'application/graphql-response+json', 'text/html'];

/** Whether a GET's `accept` header prefers text/html to every GraphQL response type. */
export function prefersHtml(accept: string | undefined): boolean {
  // Cheap first: this runs on every routed request, and text/html can only win when named.
  if (!accept?.includes('text/')) return false;
  return new Negotiator({ headers: { accept } }).mediaType(NEGOTIATED) === 'text/html';
}

/**
 * A find-my-way constraint: browser navigations to the GraphQL path reach the page route, and
 * every other request (POST, GET with a JSON accept) the unconstrained GraphQL route.
 */
const pageConstraint = {
  name: CONSTRAINT,
  mustMatchWhenDerived: false,
  storage() {
    const handlers = new Map<unknown, unknown>();
    return {
      get: (value: unknown) => (handlers.get(value) ?? null) as never,
      set: (value: unknown, handler: unknown) => void handlers.set(value, handler),
    };
  },
  deriveConstraint: (req: IncomingMessage) =>
    (req.method === 'GET' || req.method === 'HEAD') && prefersHtml(req.headers.accept) ? PAGE : undefined,
};

/**
 * The offline GraphQL IDE (GraphiQL, bundled at build time by scripts/build-explorer.ts): the
 * page at `GET <graphqlPath>` when the browser prefers HTML, and its hashed files under
 * `<graphqlPath>/explorer/`, with a CSP that admits only this origin. Register it beside the
 * GraphQL route, with Apollo's landing page disabled.
 * @throws ExplorerNotBuiltError at registration when the bundle was not built
 */
export const explorerRoutes: FastifyPluginAsync<ExplorerRoutesOptions> = async (fastify, options) => {
  const graphqlPath = options.graphqlPath ?? '/graphql';
  const buildDir = options.buildDir ?? EXPLORER_BUILD_DIR;
  const manifest = readExplorerManifest(buildDir);
  const assetsPrefix = `${graphqlPath}/explorer/`;
  const html = explorerPage({ assetsPrefix, script: manifest.script, style: manifest.style });

  if (!fastify.hasConstraintStrategy(CONSTRAINT)) fastify.addConstraintStrategy(pageConstraint);

  fastify.route({
    method: 'GET',
    url: graphqlPath,
    constraints: { [CONSTRAINT]: PAGE },
    handler: async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        // The same URL answers JSON to GraphQL clients; and a new deploy brings new file names.
        .header('vary', 'accept')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', EXPLORER_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .send(html),
  });

  await fastify.register(fastifyStatic, {
    root: path.join(buildDir, 'assets'),
    prefix: assetsPrefix,
    // Encapsulated: reply.sendFile stays inside this plugin.
    decorateReply: false,
    preCompressed: true,
    index: false,
    maxAge: ASSET_MAX_AGE,
    immutable: true,
    setHeaders: (response) => {
      // The same URL is sent brotli, gzip or plain by accept-encoding (this version of
      // @fastify/static does not say so itself): a shared cache must keep them apart.
      response.setHeader('vary', 'accept-encoding');
      response.setHeader('content-security-policy', EXPLORER_CSP);
      response.setHeader('x-content-type-options', 'nosniff');
    },
  });
};
