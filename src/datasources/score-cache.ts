import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import type { ImageRef, Score } from './score-source';
import { imageRefKey } from './score-source';

/** How long a score is reused across requests, in seconds (`SCORE_CACHE_TTL_SECONDS`): a day. */
export const DEFAULT_SCORE_TTL_SECONDS = 86_400;

/** Options of {@link ScoreCache}. */
export interface ScoreCacheOptions {
  /** Where scores live: in memory by default, Redis when configured. */
  store: KeyValueCache<string>;
  /** How long a score is reused. @default {@link DEFAULT_SCORE_TTL_SECONDS} */
  ttlSeconds?: number;
  /** Keeps backends apart: a local score never answers for imm. */
  namespace: string;
  logger: Logger;
}

/** Outcome of one {@link ScoreCache.getOrLoad}, for metrics. */
export type CacheOutcome = 'hit' | 'miss' | 'joined';

/** A score and when its cache entry expires: an HTTP cache must not keep it longer. */
export interface ScoreEntry {
  score: Score;
  /** Milliseconds since the epoch; 0 when unknown (an entry written before it was recorded). */
  expiresAt: number;
}

/** Whole seconds an entry has left, 0 once expired or when unknown. */
export function remainingSeconds(entry: ScoreEntry, now = Date.now()): number {
  return Math.max(0, Math.floor((entry.expiresAt - now) / 1000));
}

/**
 * The cross-request score cache. Successful scores are kept for `ttlSeconds`; failures are not
 * cached. Concurrent requests for the same uncached image share one upstream call, so an image
 * is paid for once even when two requests race. A failing store (Redis down) degrades to a miss
 * and is logged, never failing the query.
 */
export class ScoreCache {
  private readonly inFlight = new Map<string, Promise<ScoreEntry>>();
  private readonly ttlSeconds: number;

  constructor(private readonly options: ScoreCacheOptions) {
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_SCORE_TTL_SECONDS;
  }

  /** Returns the cached score of `ref`, or loads, stores and returns it; with its expiry. */
  async getOrLoad(
    ref: ImageRef,
    load: (ref: ImageRef) => Promise<Score>,
  ): Promise<{ entry: ScoreEntry; outcome: CacheOutcome }> {
    const key = `${this.options.namespace}:${imageRefKey(ref)}`;
    const pending = this.inFlight.get(key);
    if (pending) return { entry: await pending, outcome: 'joined' };

    const cached = await this.read(key);
    if (cached) return { entry: cached, outcome: 'hit' };

    // Checked again: another request may have started loading while we read the store.
    const raced = this.inFlight.get(key);
    if (raced) return { entry: await raced, outcome: 'joined' };

    const loading = load(ref).then(async (score) => {
      const entry = { score, expiresAt: Date.now() + this.ttlSeconds * 1000 };
      await this.write(key, entry);
      return entry;
    });
    this.inFlight.set(key, loading);
    try {
      return { entry: await loading, outcome: 'miss' };
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async read(key: string): Promise<ScoreEntry | undefined> {
    try {
      const text = await this.options.store.get(key);
      if (text === undefined) return undefined;
      // The expiry rides in the stored value: the store's own TTL is not readable back, and a
      // copy filled into memory from Redis keeps the original expiry.
      const { expiresAt, ...score } = JSON.parse(text) as Score & { expiresAt?: number };
      return { score, expiresAt: typeof expiresAt === 'number' ? expiresAt : 0 };
    } catch (error) {
      this.options.logger.warn({ err: error }, 'score cache read failed; treating as a miss');
      return undefined;
    }
  }

  private async write(key: string, { score, expiresAt }: ScoreEntry): Promise<void> {
    try {
      await this.options.store.set(key, JSON.stringify({ ...score, expiresAt }), { ttl: this.ttlSeconds });
    } catch (error) {
      this.options.logger.warn({ err: error }, 'score cache write failed; score not cached');
    }
  }
}

/**
 * The default store: an LRU bounded by entry count (and Apollo's 30 MiB size default), whose
 * entries expire by the TTL given on each `set`.
 */
export function createInMemoryStore(maxEntries: number): KeyValueCache<string> {
  return new InMemoryLRUCache<string>({ max: maxEntries });
}
