import type { CacheScope } from '@apollo/cache-control-types';
import { maybeCacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';
import type { ScoreEntry } from '../datasources/score-cache';
import { remainingSeconds } from '../datasources/score-cache';

/** How long, and in which caches, a response holding only scores may be kept over HTTP. */
export interface HttpCachePolicy {
  /** Largest max-age (`HTTP_CACHE_MAX_AGE_SECONDS`); 0 keeps every response `no-store`. */
  maxAgeSeconds: number;
  /** `PUBLIC` with auth off; `PRIVATE` with auth on, since a key's answers are its own. */
  scope: CacheScope;
}

/** No HTTP caching: what a schema built without a policy (codegen, tests) does. */
export const NO_HTTP_CACHE: HttpCachePolicy = { maxAgeSeconds: 0, scope: 'PUBLIC' };

/**
 * Gives the field being resolved a dynamic cache hint (Apollo's cache-control plugin turns the
 * response's smallest hint into its Cache-Control header): the scores' smallest remaining cache
 * TTL, capped by the policy. `restrict` keeps the smallest of several calls on one field (the
 * representations of one `_entities`). A no-op where the plugin is not running.
 */
export function hintScores(info: GraphQLResolveInfo, entries: readonly ScoreEntry[], policy: HttpCachePolicy): void {
  const cacheControl = maybeCacheControlFromInfo(info);
  if (!cacheControl) return;
  const now = Date.now();
  let maxAge = policy.maxAgeSeconds;
  for (const entry of entries) maxAge = Math.min(maxAge, remainingSeconds(entry, now));
  cacheControl.cacheHint.restrict({ maxAge, scope: policy.scope });
}

/** Makes the response uncacheable (`no-store`): it holds a failure that may not last. */
export function hintUncacheable(info: GraphQLResolveInfo): void {
  maybeCacheControlFromInfo(info)?.cacheHint.restrict({ maxAge: 0 });
}
