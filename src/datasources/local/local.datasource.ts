import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { ScoreError, ScoreErrorCode } from '../../errors';
import type { ImageScorer } from '../../scoring/pool/image-scorer';
import { ScorerPool } from '../../scoring/pool/scorer-pool';
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
   * Images read and scored at once: the gate in front of the scorer, where fairness between
   * requests is decided. Each holds its bytes and a decoded buffer, so this bounds memory as
   * well as CPU. @default max(2, scorerThreads)
   */
  concurrency?: number;
  /** Worker threads of the scorer pool (`SCORER_THREADS`). @default os.availableParallelism() */
  scorerThreads?: number;
  /** A scorer to use instead of starting a pool; its owner closes it. @default a ScorerPool */
  scorer?: ImageScorer;
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
  private readonly scorer: ImageScorer;
  private readonly ownsScorer: boolean;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(options: LocalScoreSourceOptions) {
    this.projects = new Set(options.projects);
    this.store = new LocalObjectStore(options.ossRoot, options.maxObjectBytes);
    const threads = options.scorerThreads ?? os.availableParallelism();
    this.scorer = options.scorer ?? new ScorerPool({ threads });
    this.ownsScorer = options.scorer === undefined;
    this.slots = new Semaphore(options.concurrency ?? Math.max(2, threads));
  }

  async score(ref: ImageRef, call?: ScoreCall): Promise<Score> {
    if (!this.projects.has(ref.projectName)) {
      throw new ScoreError(
        ScoreErrorCode.PROJECT_NOT_FOUND,
        `The specified project ${ref.projectName} is not found.`,
      );
    }
    const location = parseSourceUri(ref.sourceUri);
    const scored = this.slots.run(async () => {
      const bytes = await this.store.read(location);
      const quality = await this.scorer.score(bytes);
      return {
        overallQualityScore: quality.overall,
        requestId: randomUUID().toUpperCase(),
        breakdown: quality.breakdown,
      };
    }, call?.queueKey);
    this.pending.add(scored);
    void scored.finally(() => this.pending.delete(scored)).catch(() => undefined);
    return scored;
  }

  /** Lets every image asked for (waiting at the gate or scoring) finish, then stops the pool. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    if (this.ownsScorer) await this.scorer.close();
  }

  checkReady(): Promise<void> {
    return this.store.checkReadable();
  }
}
