import type { ScoreErrorCode } from '../../errors';
import type { ResolvedScorerOptions } from '../options';
import type { ImageQuality } from '../types';

/** What the main thread posts to a scorer worker: one encoded image, moved, not copied. */
export interface ScoreTask {
  /** The encoded image; exactly its bytes (a transferred ArrayBuffer holds nothing else). */
  readonly bytes: ArrayBuffer;
  readonly options: ResolvedScorerOptions;
}

/**
 * What a worker answers. A `ScoreError` travels as plain data, since a structured clone of an
 * Error keeps its message but not its `code`; any other failure rejects the task instead.
 */
export type ScoreTaskResult =
  | { readonly quality: ImageQuality }
  | { readonly error: { readonly code: ScoreErrorCode; readonly message: string; readonly cause?: string } };

/** What every scorer worker is started with (piscina's `workerData`). */
export interface ScoreWorkerData {
  /** How much lower than the main thread the worker's threads run (a `nice -n` increment). */
  readonly niceIncrement: number;
}
