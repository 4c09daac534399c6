import type { ScoreBreakdown } from '../scoring/types';

/** One image of one project: the unit that is scored, cached and deduplicated. */
export interface ImageRef {
  projectName: string;
  sourceUri: string;
}

/** A score as a backend returns it. */
export interface Score {
  /** In [0, 1]. */
  overallQualityScore: number;
  /** IMM's RequestId, or the local backend's own id. */
  requestId: string;
  /** The local scorer's sub-scores; null where the backend gives none (imm). */
  breakdown: ScoreBreakdown | null;
}

/** What a caller tells a backend about one call, beyond the image. */
export interface ScoreCall {
  /**
   * Who the call is for (the request's id): a backend that queues calls serves the queues of
   * different keys in turn, so one request's 100 images cannot make another's one image wait
   * behind all of them. Calls without a key share one queue. @default undefined
   */
  queueKey?: string;
}

/**
 * A score backend. Only the loader calls it (resolvers never do), one image at a time; the
 * backend bounds its own concurrency. Failures are thrown as `ScoreError` with a contract code.
 */
export interface ScoreSource {
  /** `local` or `imm`: part of the cache key, so backends never share cached scores. */
  readonly name: string;
  score(ref: ImageRef, call?: ScoreCall): Promise<Score>;
  /** Resolves when the backend can serve; rejects with the reason when it cannot. */
  checkReady?(): Promise<void>;
  /** Releases sockets, timers and workers. */
  close?(): Promise<void>;
}

/** A stable string for an ImageRef: the DataLoader's and the cache's key. */
export function imageRefKey(ref: ImageRef): string {
  // JSON keeps the two parts apart whatever characters a URI holds.
  return JSON.stringify([ref.projectName, ref.sourceUri]);
}
