import { scoreImage, type ImageQuality } from '../../src/scoring';
import type { ImageScorer } from '../../src/scoring/pool/image-scorer';

/** Today's path before the pool: `scoreImage` on the calling thread, for side-by-side figures. */
export const inProcessScorer: ImageScorer = {
  score: (input) => scoreImage(input),
  close: () => Promise.resolve(),
};

/**
 * A scorer that does no work: it answers `quality` after `ms`, as a worker thread would,
 * without using a CPU. The gateway's figures with it are the floor the machine allows at the
 * time (its other load included), to read the other figures against.
 */
export function idleScorer(quality: ImageQuality, ms = 40): ImageScorer {
  return {
    score: () => new Promise((resolve) => setTimeout(() => resolve(quality), ms)),
    close: () => Promise.resolve(),
  };
}
