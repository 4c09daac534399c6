import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import type { GatewayMetrics } from '../observability/metrics';
import type { GraphQLCaller } from './graphql-caller';
import { requestStatsOf } from './graphql-context';

/** What lru-cache costs per entry beyond the key and the strings it holds (measured on Node 20's heap). */
const ENTRY_OVERHEAD_BYTES = 350;

/** A response as the gateway sent it, to be sent again. */
interface StoredAnswer {
  body: string;
  contentType: string;
  /** As Apollo's cache-control plugin wrote it: `max-age=N, public` or `max-age=N, private`. */
  cacheControl: string;
  /** When it was stored (ms since the epoch): a replay says its `Age`. */
  storedAt: number;
}

/** Options of {@link responseCache}. */
export interface ResponseCacheOptions {
  /** Bound of the store, in bytes: bodies, keys and per-entry overhead (`RESPONSE_CACHE_MAX_BYTES`). */
  maxBytes: number;
  /**
   * Longest request key kept, in characters (the query, its variables and extensions): a longer
   * request goes to Apollo and is never kept, so a client padding its queries towards the body
   * limit cannot flush the store in a handful of requests. The server passes APQ_MAX_QUERY_BYTES.
   */
  maxKeyLength: number;
  /** The same admission the context function uses, so a request is charged once. */
  caller: GraphQLCaller;
  metrics: GatewayMetrics;
}

/** Bytes V8 holds for a string: one per character when all are Latin-1, else two. */
function heapBytes(text: string): number {
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u00ff]/.test(text) ? 2 * text.length : text.length;
}

const nonEmpty = (value: string | string[] | undefined) => value !== undefined && value.length > 0;

/**
 * Whether JSON.stringify writes `value` back whole. The one thing of a parsed JSON body it does
 * not is a number JSON cannot hold: `1e400` parses to Infinity, written as null, so the body
 * would share the key of one that sends null or leaves the member out, which Apollo may answer
 * where it refuses this one (a non-finite `extensions` is a 400).
 */
function printsWhole(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return true;
  for (const member of Object.values(value)) if (!printsWhole(member)) return false;
  return true;
}

/**
 * What identifies a request's answer, besides the caller's scope; undefined for a request this
 * cache leaves to Apollo. Only requests that Apollo's CSRF prevention lets through qualify, so a
 * replay never answers one it would refuse: a POST of JSON (a content type no form can send), or
 * a GET with no content type that carries one of Apollo's preflight headers. The Accept header
 * chooses the response's content type; a request for a federation trace (`ftv1`) gets one of
 * its own, so it is never replayed. A POST body the key cannot write back whole is left to Apollo.
 * @throws RangeError for a body nested deeper than the stack allows
 */
function requestKey(request: FastifyRequest): string | undefined {
  const { headers } = request;
  if (headers['apollo-federation-include-trace'] !== undefined) return undefined;
  if (request.method === 'POST') {
    const { body } = request;
    if (!headers['content-type']?.startsWith('application/json')) return undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    // The four members Apollo reads from a POST body; any other member is ignored by it too.
    const { query, operationName, variables, extensions } = body as Record<string, unknown>;
    const members = [query, operationName, variables, extensions];
    if (!printsWhole(members)) return undefined;
    return JSON.stringify(['POST', headers.accept, ...members]);
  }
  if (request.method === 'GET' && headers['content-type'] === undefined) {
    if (!nonEmpty(headers['apollo-require-preflight']) && !nonEmpty(headers['x-apollo-operation-name'])) return undefined;
    return JSON.stringify(['GET', headers.accept, request.url]);
  }
  return undefined;
}

/** The max-age of a `public` or `private` Cache-Control, or undefined when the answer may not be kept. */
function maxAgeOf(cacheControl: unknown): number | undefined {
  if (typeof cacheControl !== 'string' || !/(?:^|,)\s*(?:public|private)\s*(?:,|$)/.test(cacheControl)) return undefined;
  const maxAge = /(?:^|,)\s*max-age=(\d+)\s*(?:,|$)/.exec(cacheControl);
  return maxAge ? Number(maxAge[1]) : undefined;
}

const plugin: FastifyPluginAsync<ResponseCacheOptions> = async (app, options) => {
  const { responseCache: outcomes, responseCacheBytes } = options.metrics;
  const store = new LRUCache<string, StoredAnswer>({
    maxSize: options.maxBytes,
    // The key and the LRU's own bookkeeping count too: many tiny answers must not hold many
    // times the bound in memory.
    sizeCalculation: (answer, key) =>
      heapBytes(answer.body) + heapBytes(key) + answer.contentType.length + answer.cacheControl.length + ENTRY_OVERHEAD_BYTES,
    // After the removal: `dispose` runs before the store takes the entry's size off (for its
    // last entry, or one evicted by a set), and the gauge would keep it.
    disposeAfter: () => responseCacheBytes.set(store.calculatedSize),
  });
  // Requests that missed, with their key: their answer is stored when it is sent, if it may be.
  const pending = new WeakMap<FastifyRequest, string>();

  app.addHook('preHandler', async (request, reply) => {
    let key: string | undefined;
    try {
      key = requestKey(request);
    } catch (error) {
      // A body nested a few thousand levels deep (10 KB is enough) overflows the stack of
      // JSON.stringify: Apollo answers it as it would without this cache.
      if (error instanceof RangeError) return;
      throw error;
    }
    if (key === undefined || key.length > options.maxKeyLength) return;
    let scope: string;
    try {
      scope = (await options.caller(request))?.projectScope ?? '';
    } catch {
      // Apollo's context function asks again and answers the refusal (and counts it).
      return;
    }
    const scoped = `${scope}\n${key}`;
    const answer = store.get(scoped);
    if (!answer) {
      outcomes.inc({ outcome: 'miss' });
      pending.set(request, scoped);
      return;
    }
    outcomes.inc({ outcome: 'hit' });
    reply
      .header('cache-control', answer.cacheControl)
      .header('age', String(Math.round((Date.now() - answer.storedAt) / 1000)))
      .type(answer.contentType);
    return reply.send(answer.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = pending.get(request);
    if (key === undefined || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    if (!requestStatsOf(request)?.reusable) return payload;
    const cacheControl = reply.getHeader('cache-control');
    const maxAge = maxAgeOf(cacheControl);
    const contentType = reply.getHeader('content-type');
    if (!maxAge || typeof contentType !== 'string') return payload;
    store.set(key, { body: payload, contentType, cacheControl: cacheControl as string, storedAt: Date.now() }, { ttl: maxAge * 1000 });
    responseCacheBytes.set(store.calculatedSize);
    return payload;
  });
};

/**
 * The full-response cache: it replays a query's whole answer, as the gateway sent it, to a
 * later identical request from a caller of the same project scope, before Apollo parses or
 * executes anything. A gallery that reloads then costs neither the GraphQL pipeline nor the
 * score loader.
 *
 * What may be kept, and for how long, is what the answer's own Cache-Control says (Apollo's
 * cache-control plugin, from the resolvers' hints and the scores' remaining TTL): a `public` or
 * `private` answer with a max-age, never a `no-store` one, so never an answer holding an error.
 * And only when Apollo marked it reusable (`plugins/use-response-cache.ts`): a query, with no
 * undeclared variable. A replay keeps the stored max-age and says its `Age`, as a shared HTTP
 * cache does; it is gone when the max-age runs out.
 *
 * Every replay passes every check a fresh answer does. The caller is admitted first (auth, the
 * rate budget): a refused caller goes on to Apollo, whose context function gives the refusal.
 * The key holds the caller's project scope, so keys that may see the same projects share
 * entries and no key reads an entry of another scope; and the checks Apollo's plugins run
 * (project access, image budget, complexity, depth) read only the request and that scope, which
 * the key holds whole.
 *
 * Each replica keeps its own store: a hit is then a memory lookup, and the replicas already
 * share the scores themselves through Redis. Registered with fastify-plugin in the GraphQL
 * routes' own scope, so its hooks see those routes and no other.
 */
export const responseCache = fp(plugin, { name: 'response-cache' });
