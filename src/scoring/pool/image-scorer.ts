import type { ImageQuality } from '../types';

/**
 * Something that scores encoded images as `scoreImage` does: the worker pool in production,
 * `scoreImage` itself where a benchmark wants today's in-process path beside it.
 */
export interface ImageScorer {
  /**
   * Scores `input`. May take ownership of `input`'s memory (the pool moves it to a worker):
   * the caller must not read `input` after the call.
   * @throws ScoreError UNSUPPORTED_IMAGE as `scoreImage` does; INTERNAL when scoring itself failed
   */
  score(input: Buffer): Promise<ImageQuality>;
  /** Finishes the images already submitted, then releases threads. */
  close(): Promise<void>;
}
