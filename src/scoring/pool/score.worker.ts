import { ScoreError } from '../../errors';
import { scoreImage } from '../index';
import type { ScoreTask, ScoreTaskResult } from './score-task';

/**
 * The scorer worker's task (piscina's default export): `scoreImage` on the moved bytes. It has
 * no other entry point and takes no input but the image and the options.
 */
export default async function scoreTask(task: ScoreTask): Promise<ScoreTaskResult> {
  try {
    return { quality: await scoreImage(Buffer.from(task.bytes), task.options) };
  } catch (error) {
    if (!(error instanceof ScoreError)) throw error;
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return { error: { code: error.code, message: error.message, ...(cause === undefined ? {} : { cause }) } };
  }
}
