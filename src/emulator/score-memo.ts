import { createHash } from 'node:crypto';
import type { ImageScorer } from '../scoring/pool/image-scorer';

/**
 * Scores images with the local scorer (the emulator's pool), remembering scores by content hash. The scorer is a pure
 * function of the bytes, so a copy under another key gets the same score without the CPU: the
 * batch benchmark measures the gateway's concurrency, not the emulator's scorer.
 */
export class ScoreMemo {
  private readonly scores = new Map<string, Promise<number>>();

  /**
   * @param scorer scores what is not remembered yet
   * @param maxEntries scores kept (oldest dropped first). @default 1000
   */
  constructor(
    private readonly scorer: ImageScorer,
    private readonly maxEntries = 1000,
  ) {}

  /**
   * The overall score of `bytes`; rejects as `scoreImage` does (UNSUPPORTED_IMAGE). Takes
   * ownership of `bytes` (they move to a scorer worker).
   */
  score(bytes: Buffer): Promise<number> {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const known = this.scores.get(hash);
    if (known) return known;
    const scoring = this.scorer.score(bytes).then((quality) => quality.overall);
    this.scores.set(hash, scoring);
    // Failures are not remembered: a later fix to the scorer should see the bytes again.
    scoring.catch(() => this.scores.delete(hash));
    if (this.scores.size > this.maxEntries) {
      const oldest = this.scores.keys().next().value;
      if (oldest !== undefined) this.scores.delete(oldest);
    }
    return scoring;
  }
}
