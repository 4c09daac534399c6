import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify from 'fastify';
import { ApiKeyRing, bearerToken } from '../../src/auth/key-ring';
import { loadConfig } from '../../src/config';
import { LocalScoreSource } from '../../src/datasources/local/local.datasource';
import { ScoreCache } from '../../src/datasources/score-cache';
import type { ScoreSource } from '../../src/datasources/score-source';
import { createScoreLoader } from '../../src/datasources/score-loader';
import { GatewayErrorCode } from '../../src/errors';
import type { ExplorerRoutesOptions } from '../../src/http/explorer.routes';
import { explorerRoutes } from '../../src/http/explorer.routes';
import { edgeError } from '../../src/graphql-errors';
import type { GatewayContext } from '../../src/schema/context.type';
import { formatError } from '../../src/graphql-errors';
import { buildGatewaySchema } from '../../src/resolvers/build-schema';
import { silentLogger } from './gateway';

/** Options of {@link startFastifyExplorer}. */
export interface FastifyExplorerOptions {
  /** When set, every GraphQL request needs `Authorization: Bearer <apiKey>` (AUTH_MODE=api-key). */
  apiKey?: string;
  /** Register the explorer plugin. @default true */
  explorer?: boolean;
  /** @default the built bundle */
  explorerOptions?: ExplorerRoutesOptions;
}

/** A listening server: its origin (`http://127.0.0.1:PORT`) and GraphQL URL. */
export interface RunningFastifyExplorer {
  origin: string;
  url: string;
  close(): Promise<void>;
}

/**
 * The explorer plugin on a plain Fastify 5 instance beside Apollo's Fastify integration, with
 * the gateway's own schema, local scorer over the sample bucket, score cache and error masking;
 * with `apiKey`, a 401 for a missing or unknown key as the gateway's context gives. It stands in
 * for the gateway until its HTTP edge moves to Fastify; the plugin is the same either way.
 */
export async function startFastifyExplorer(options: FastifyExplorerOptions = {}): Promise<RunningFastifyExplorer> {
  const config = loadConfig({});
  const source: ScoreSource = new LocalScoreSource(config.local);
  const cache = new ScoreCache({ store: new InMemoryLRUCache(), namespace: 'explorer-test', logger: silentLogger });
  const keyRing = options.apiKey
    ? new ApiKeyRing([{ sha256: createHash('sha256').update(options.apiKey).digest('hex'), projects: ['*'] }])
    : undefined;

  const app = Fastify();
  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema({ maxBatchSize: config.maxBatchSize }),
    logger: silentLogger,
    formatError,
    plugins: [ApolloServerPluginLandingPageDisabled(), fastifyApolloDrainPlugin(app)],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    context: async (request) => {
      const principal = keyRing && keyRing.authenticate(bearerToken(request.headers.authorization) ?? '');
      if (keyRing && !principal) {
        throw edgeError(GatewayErrorCode.UNAUTHENTICATED, 'Missing or unknown API key: send Authorization: Bearer <key>.');
      }
      const requestId = randomUUID();
      return {
        requestId,
        logger: silentLogger,
        principal,
        stats: { requested: 0, distinct: 0, scoresExpireAt: Infinity, reusable: false },
        loaders: { score: createScoreLoader({ source, cache, logger: silentLogger }) },
      };
    },
  });
  if (options.explorer ?? true) await app.register(explorerRoutes, options.explorerOptions ?? {});
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/graphql`,
    close: async () => {
      await app.close();
      await apollo.stop();
      await source.close?.();
    },
  };
}
