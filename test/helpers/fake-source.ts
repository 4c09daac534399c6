import { createHash } from 'node:crypto';
import type { ImageRef, Score, ScoreSource } from '../../src/datasources/score-source';

/** The score {@link HashScoreSource} gives an image: a stable function of its URI, in [0, 1). */
export function expectedScore(ref: ImageRef): number {
  const digest = createHash('sha256').update(`${ref.projectName}\n${ref.sourceUri}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/**
 * A ScoreSource that decodes nothing: each image's score is a hash of its URI, after an
 * optional delay. For tests of the layers around scoring (cache, Redis, auth, limits), where a
 * real decode would only cost time; a wrong score would show cross-talk.
 */
export class HashScoreSource implements ScoreSource {
  readonly name = 'hash';

  constructor(private readonly options: { delayMs?: number; ready?: () => boolean } = {}) {}

  async score(ref: ImageRef): Promise<Score> {
    if (this.options.delayMs) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    return { overallQualityScore: expectedScore(ref), requestId: `hash-${expectedScore(ref)}`, breakdown: null };
  }

  async checkReady(): Promise<void> {
    if (this.options.ready && !this.options.ready()) throw new Error('backend not ready');
  }
}
