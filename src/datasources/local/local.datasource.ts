import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { ScoreError, ScoreErrorCode } from '../../errors';
import { scoreImage } from '../../scoring';
import { Semaphore } from '../../util/semaphore';
import type { ImageRef, Score, ScoreCall, ScoreSource } from '../score-source';
import { parseSourceUri } from '../source-uri';
import { LocalObjectStore } from './object-store';

/** Options of {@link LocalScoreSource}. */
export interface LocalScoreSourceOptions {
  /** Folder whose subfolders are buckets. */
  ossRoot: string;
  /** Project names accepted; any other is PROJECT_NOT_FOUND. */
  projects: readonly string[];
  /** Objects larger than this are UNSUPPORTED_IMAGE without being read. */
  maxObjectBytes: number;
  /**
   * Images decoded and scored at once. Each holds a decoded buffer, so this bounds memory as
   * well as CPU. @default max(2, os.availableParallelism())
   */
  concurrency?: number;
}

/**
 * The embedded backend: reads the object from a local OSS-like folder and scores it with the
 * local scorer, so a fresh clone serves real scores with no cloud account.
 */
export class LocalScoreSource implements ScoreSource {
  readonly name = 'local';
  private readonly projects: ReadonlySet<string>;
  private readonly store: LocalObjectStore;
  private readonly slots: Semaphore;

  constructor(options: LocalScoreSourceOptions) {
    this.projects = new Set(options.projects);
    this.store = new LocalObjectStore(options.ossRoot, options.maxObjectBytes);
    this.slots = new Semaphore(options.concurrency ?? Math.max(2, os.availableParallelism()));
  }

  async score(ref: ImageRef, call?: ScoreCall): Promise<Score> {
    if (!this.projects.has(ref.projectName)) {
      throw new ScoreError(
        ScoreErrorCode.PROJECT_NOT_FOUND,
        `The specified project ${ref.projectName} is not found.`,
      );
    }
    const location = parseSourceUri(ref.sourceUri);
    return this.slots.run(async () => {
      const bytes = await this.store.read(location);
      const quality = await scoreImage(bytes);
      return {
        overallQualityScore: quality.overall,
        requestId: randomUUID().toUpperCase(),
        breakdown: quality.breakdown,
      };
    }, call?.queueKey);
  }

  checkReady(): Promise<void> {
    return this.store.checkReadable();
  }
}
