import { ApolloServer } from '@apollo/server';
import type { Principal } from '../../src/auth/key-ring';
import { DEFAULT_LOCAL_OSS_ROOT } from '../../src/config';
import { LocalScoreSource } from '../../src/datasources/local/local.datasource';
import { createInMemoryStore, ScoreCache } from '../../src/datasources/score-cache';
import { createScoreLoader } from '../../src/datasources/score-loader';
import type { ImageRef } from '../../src/datasources/score-source';
import { formatError } from '../../src/graphql-errors';
import { buildGatewaySchema } from '../../src/resolvers/build-schema';
import type { GatewayContext } from '../../src/schema/context.type';
import { CountingSource } from './counting-source';
import { silentLogger } from './gateway';

/** A GraphQL response as `executeOperation` gives it, for a single (non-incremental) result. */
export interface OperationResult<TData> {
  data?: TData | null;
  errors?: ReadonlyArray<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
}

/** An in-process gateway schema: Apollo's `executeOperation`, no HTTP in between. */
export interface OperationServer {
  /** Runs one operation in a fresh request context, as the context function would make it. */
  execute<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    principal?: Principal,
  ): Promise<OperationResult<TData>>;
  /** The loader's batches, each the distinct sourceUris it held. */
  batches: string[][];
  /** Calls that reached the backend. */
  source: CountingSource;
  close(): Promise<void>;
}

/**
 * The gateway's schema (its resolvers, its reference resolver, its formatError) over the real
 * local backend on the repo's sample bucket (`oss://samples/...`, project `demo`).
 */
export async function startOperationServer(options: { maxBatchSize?: number } = {}): Promise<OperationServer> {
  const maxBatchSize = options.maxBatchSize ?? 100;
  const backend = new LocalScoreSource({
    ossRoot: DEFAULT_LOCAL_OSS_ROOT,
    projects: ['demo'],
    maxObjectBytes: 1 << 26,
    scorerThreads: 1,
  });
  const source = new CountingSource(backend);
  const cache = new ScoreCache({ store: createInMemoryStore(1000), namespace: 'op', logger: silentLogger });
  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema({ maxBatchSize }),
    formatError,
    includeStacktraceInErrorResponses: false,
    logger: silentLogger,
  });
  await apollo.start();
  const batches: string[][] = [];
  let requests = 0;

  return {
    batches,
    source,
    async execute<TData>(query: string, variables: Record<string, unknown> = {}, principal?: Principal) {
      const stats = { requested: 0, distinct: 0, scoresExpireAt: Number.POSITIVE_INFINITY, reusable: false };
      const loader = createScoreLoader({
        source,
        cache,
        maxBatchSize,
        mayAccess: principal?.mayAccess,
        logger: silentLogger,
        observer: { onBatch: (refs: readonly ImageRef[]) => batches.push(refs.map((ref) => ref.sourceUri)) },
      });
      const contextValue: GatewayContext = {
        requestId: `op-${(requests += 1)}`,
        logger: silentLogger,
        loaders: { score: loader },
        principal,
        stats,
      };
      const response = await apollo.executeOperation<TData>({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult as OperationResult<TData>;
    },
    async close() {
      await apollo.stop();
      await backend.close();
    },
  };
}
