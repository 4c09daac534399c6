import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { GatewayMetrics } from '../observability/metrics';
import type { ServerContext } from './server-context';

/** What lru-cache and the stored JSON's wrapper cost per entry, beyond the key and value. */
const ENTRY_OVERHEAD_BYTES = 200;

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
 * The key is the query text, operation name and raw variables, plus the caller's project scope
 * (with auth on) as both the session and extra key data: keys that may see the same projects share
 * entries, and no key ever reads an entry written for another scope, PUBLIC or PRIVATE.
 *
 * Each replica keeps its own store: a hit is then a memory lookup, and replicas already share the
 * scores themselves through Redis.
 */
export function useResponseCache(options: ResponseCacheOptions): ApolloServerPlugin<ServerContext> {
  const scopeOf = async ({ contextValue }: { contextValue: ServerContext }) => contextValue.principal?.projectScope ?? null;
  const inner = responseCachePlugin<ServerContext>({
    cache: new InMemoryLRUCache<string>({
      maxSize: options.maxBytes,
      // The key and the LRU's own bookkeeping count too: many tiny answers must not hold many
      // times the bound in memory. JSON is ASCII here, so length is bytes.
      sizeCalculation: (value: string, key: string) => value.length + key.length + ENTRY_OVERHEAD_BYTES,
    }),
    sessionId: scopeOf,
    extraCacheKeyData: scopeOf,
  });
  const { responseCache } = options.metrics;
  return {
    async requestDidStart(requestContext) {
      const listener = (await inner.requestDidStart?.(requestContext)) ?? {};
      const counted: GraphQLRequestListener<ServerContext> = {
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
