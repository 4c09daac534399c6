import { toScoreError } from '../errors';
import type { ImageQuality } from '../scoring';
import type { ImageScorer } from '../scoring/pool/image-scorer';
import { Semaphore } from '../util/semaphore';
import type { Target } from './image-files';
import { readImageFile } from './image-files';

/** What became of one file: its score, or the error that stopped it. */
export type FileResult =
  | { readonly path: string; readonly quality: ImageQuality }
  | { readonly path: string; readonly error: { readonly code: string; readonly message: string } };

/** Options of {@link scoreFiles}. */
export interface ScoreFilesOptions {
  /** Files read and scored at once; bounds memory (each holds its bytes). */
  concurrency: number;
  /** Larger files fail unread. */
  maxBytes: number;
  /** Called as each file finishes, in finishing order. */
  onResult?: (result: FileResult) => void;
}

/** Scores every target with `scorer`; one result per target, in target order. */
export async function scoreFiles(
  targets: readonly Target[],
  scorer: ImageScorer,
  options: ScoreFilesOptions,
): Promise<FileResult[]> {
  const gate = new Semaphore(options.concurrency);
  return Promise.all(
    targets.map(async (target): Promise<FileResult> => {
      let result: FileResult;
      try {
        if (target.problem) throw target.problem;
        const quality = await gate.run(async () => scorer.score(await readImageFile(target.path, options.maxBytes)));
        result = { path: target.path, quality };
      } catch (error) {
        const { code, message } = toScoreError(error);
        result = { path: target.path, error: { code, message } };
      }
      options.onResult?.(result);
      return result;
    }),
  );
}
