import { workerData } from 'node:worker_threads';
import { ScoreError } from '../../errors';
import { scoreImage } from '../index';
import type { ScoreTask, ScoreTaskResult, ScoreWorkerData } from './score-task';
import { lowerLibvipsThreads, lowerThisThread, scorerNiceness } from './thread-priority';

/**
 * What this worker's threads run at: below the main thread, so that HTTP preempts scoring on
 * a busy machine instead of queueing behind it (docs/scorer.md, the worker pool).
 */
const niceness = scorerNiceness((workerData as ScoreWorkerData | undefined)?.niceIncrement ?? 0);
lowerThisThread(niceness);

/**
 * The scorer worker's task (piscina's default export): `scoreImage` on the moved bytes. It has
 * no other entry point and takes no input but the image and the options.
 */
export default async function scoreTask(task: ScoreTask): Promise<ScoreTaskResult> {
  lowerLibvipsThreads(niceness);
  try {
    return { quality: await scoreImage(Buffer.from(task.bytes), task.options) };
  } catch (error) {
    if (!(error instanceof ScoreError)) throw error;
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return { error: { code: error.code, message: error.message, ...(cause === undefined ? {} : { cause }) } };
  } finally {
    // A decode may have started a libvips thread: the next one runs lowered.
    lowerLibvipsThreads(niceness);
  }
}
