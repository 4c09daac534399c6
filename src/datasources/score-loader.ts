import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import { ForbiddenReason, ScoreError, ScoreErrorCode, toScoreError } from '../errors';
import type { CacheOutcome, ScoreCache, ScoreEntry } from './score-cache';
import type { ImageRef, ScoreSource } from './score-source';
import { imageRefKey } from './score-source';

/**
 * Most images one batch holds (`MAX_BATCH_SIZE`): the loader's DataLoader batch, and the
 * longest `sourceUris` list the resolver accepts.
 */
export const DEFAULT_MAX_BATCH_SIZE = 100;

/** Hooks for metrics and tests; every one is optional. */
export interface ScoreLoaderObserver {
  /** Every image asked for, duplicates included (with `onBatch`, the dedupe ratio). */
  onLoad?(ref: ImageRef): void;
  /** One DataLoader batch: the distinct keys it holds. */
  onBatch?(refs: readonly ImageRef[]): void;
  /** Where each score came from, and its entry (whose expiry bounds the response's freshness). */
  onCacheOutcome?(outcome: CacheOutcome, entry: ScoreEntry): void;
}

/** Options of {@link createScoreLoader}. */
export interface ScoreLoaderOptions {
  source: ScoreSource;
  cache: ScoreCache;
  /** Most keys in one batch; a larger request is split. @default {@link DEFAULT_MAX_BATCH_SIZE} */
  maxBatchSize?: number;
  observer?: ScoreLoaderObserver;
  /**
   * Whether the caller may use a project; a ref it may not gets a FORBIDDEN ScoreError in its
   * slot, before the cache or the source is asked (a cached score of another tenant's image is
   * not served either). The edge refuses such operations first; this is the last line.
   * @default every project
   */
  mayAccess?: (projectName: string) => boolean;
  /** Where unexpected failures are logged, with their cause, before they are masked. */
  logger: Logger;
}

/** The per-request loaders; made fresh for every request in the context function. */
export interface Loaders {
  /** Each image's score with its cache expiry (which bounds the response's HTTP max-age). */
  score: DataLoader<ImageRef, ScoreEntry, string>;
}

/**
 * A per-request DataLoader over the shared cache and the score source. It deduplicates keys
 * within the request and returns one result per key, in key order, with a `ScoreError` in the
 * slot of a key that failed so that one bad image never fails its neighbours.
 */
export function createScoreLoader(options: ScoreLoaderOptions): DataLoader<ImageRef, ScoreEntry, string> {
  const { source, cache, observer, logger, mayAccess } = options;
  const loadOne = (ref: ImageRef) => source.score(ref);

  return new ObservedLoader<ImageRef, ScoreEntry, string>(
    observer?.onLoad,
    async (refs) => {
      observer?.onBatch?.(refs);
      return Promise.all(
        refs.map(async (ref) => {
          if (mayAccess && !mayAccess(ref.projectName)) return forbidden(ref);
          try {
            const { entry, outcome } = await cache.getOrLoad(ref, loadOne);
            observer?.onCacheOutcome?.(outcome, entry);
            return entry;
          } catch (error) {
            if (!(error instanceof ScoreError)) {
              logger.error({ err: error, sourceUri: ref.sourceUri }, 'unexpected scoring failure');
            }
            return toScoreError(error);
          }
        }),
      );
    },
    { cacheKeyFn: imageRefKey, maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE },
  );
}

function forbidden(ref: ImageRef): ScoreError {
  return new ScoreError(
    ScoreErrorCode.FORBIDDEN,
    `This API key may not use project ${JSON.stringify(ref.projectName)}.`,
    { reason: ForbiddenReason.API_KEY_PROJECT },
  );
}

/** A DataLoader that reports every `load` (and so every `loadMany` key) before deduplication. */
class ObservedLoader<K, V, C> extends DataLoader<K, V, C> {
  constructor(
    private readonly onLoad: ((key: K) => void) | undefined,
    batch: DataLoader.BatchLoadFn<K, V>,
    options: DataLoader.Options<K, V, C>,
  ) {
    super(batch, options);
  }

  override load(key: K): Promise<V> {
    this.onLoad?.(key);
    return super.load(key);
  }
}
