import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { GatewayMetrics } from '../observability/metrics';
import type { GatewayContext } from '../schema/context.type';

/** What lru-cache costs per entry beyond the key and value (measured on Node 20's heap). */
const ENTRY_OVERHEAD_BYTES = 350;

/** Bytes V8 holds for a string: one per character when all are Latin-1, else two. */
function heapBytes(text: string): number {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u00ff]/.test(text) ? 2 * text.length : text.length;
}

/**
 * The cache key: the plugin's own key data (query text, operation name, session and extra data)
 * with only the variables the operation declares, so undeclared junk variables cannot mint
 * entries of an answer that is already cached and push other callers' answers out. The query
 * text stands in as Apollo's `queryHash` (its sha256, already computed for the document cache),
 * so a long query is not serialised and hashed again on every request.
 */
function cacheKey(requestContext: GraphQLRequestContext<GatewayContext>, keyData: unknown): string {
  const data = keyData as { source?: string; variables?: Record<string, unknown> };
  const declared: Record<string, unknown> = {};
  for (const definition of requestContext.operation?.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (data.variables && Object.hasOwn(data.variables, name)) declared[name] = data.variables[name];
  }
  const source = requestContext.queryHash ?? data.source;
  return createHash('sha256').update(JSON.stringify({ ...data, source, variables: declared })).digest('hex');
}

/** Options of {@link useResponseCache}. */
export interface ResponseCacheOptions {
  /** Bound of the in-memory store, in bytes: stored JSON, keys and per-entry overhead (`RESPONSE_CACHE_MAX_BYTES`). */
  maxBytes: number;
  metrics: GatewayMetrics;
}

/**
 * Answers a repeated query from a cache of whole responses (Apollo's response-cache plugin), so a
 * gallery that reloads costs neither execution nor the score loader.
 *
 * What may be cached, and for how long, is what the cache-control hints already say: a response
 * holding only scores, for min(their remaining score TTL, HTTP_CACHE_MAX_AGE_SECONDS); any error
 * in it makes it uncacheable. The plugin answers in `responseForOperation`, after validation and
 * after every `didResolveOperation` check (project access, image budget, complexity), and the
 * context function's auth and rate limit have run before that, so a cached answer passes every
 * check a fresh one does.
 *
 * The key is the query text, operation name and the variables it declares, plus the caller's
 * project scope (with auth on) as both the session and extra key data: keys that may see the same
 * projects share entries, and no key ever reads an entry written for another scope, PUBLIC or
 * PRIVATE.
 *
 * Each replica keeps its own store: a hit is then a memory lookup, and replicas already share the
 * scores themselves through Redis.
 */
export function useResponseCache(options: ResponseCacheOptions): ApolloServerPlugin<GatewayContext> {
  const scopeOf = async ({ contextValue }: { contextValue: GatewayContext }) => contextValue.principal?.projectScope ?? null;
  const inner = responseCachePlugin<GatewayContext>({
    cache: new InMemoryLRUCache<string>({
      maxSize: options.maxBytes,
      // The key and the LRU's own bookkeeping count too: many tiny answers must not hold many
      // times the bound in memory.
      sizeCalculation: (value: string, key: string) => heapBytes(value) + key.length + ENTRY_OVERHEAD_BYTES,
    }),
    sessionId: scopeOf,
    extraCacheKeyData: scopeOf,
    generateCacheKey: cacheKey,
  });
  const { responseCache } = options.metrics;
  return {
    async requestDidStart(requestContext) {
      const listener = (await inner.requestDidStart?.(requestContext)) ?? {};
      const counted: GraphQLRequestListener<GatewayContext> = {
        ...listener,
        async willSendResponse(context) {
          await listener.willSendResponse?.(context);
          // Set only once a query reached execution's door: refusals are neither hit nor miss.
          const hit = context.metrics.responseCacheHit;
          if (hit !== undefined) responseCache.inc({ outcome: hit ? 'hit' : 'miss' });
        },
      };
      return counted;
    },
  };
}
