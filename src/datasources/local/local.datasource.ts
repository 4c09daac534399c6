import { randomUUID } from 'node:crypto';
import { ScoreError, ScoreErrorCode } from '../../errors';
import type { ImageScorer } from '../../scoring/pool/image-scorer';
import { ScorerPool } from '../../scoring/pool/scorer-pool';
import { defaultScorerThreads } from '../../scoring/pool/threads';
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
  /** Longest one object read may take; past it, UPSTREAM_UNAVAILABLE. @default DEFAULT_READ_TIMEOUT_MS */
  readTimeoutMs?: number;
  /** Most memory one decode may need, estimated from the header. @default 256 MiB */
  maxDecodeBytes?: number;
  /** Most metadata (text, EXIF, XMP, ICC) an image may carry. @default 4 MiB */
  maxMetadataBytes?: number;
  /**
   * Images decoded and scored at once: the gate in front of the scorer pool, where fairness
   * between requests is decided. Each holds a decoded buffer, so this bounds memory as well as
   * CPU; objects read and waiting for a decode are bounded to twice as many.
   * @default max(2, scorerThreads)
   */
  concurrency?: number;
  /** Worker threads of the scorer pool (`SCORER_THREADS`). @default defaultScorerThreads() */
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
  private readonly scorer: ImageScorer;
  private readonly ownsScorer: boolean;
  /** Objects read or held in memory, waiting for a decode slot or being decoded. */
  private readonly reads: Semaphore;
  /** Decodes running. Taken only once the bytes are in memory: a stuck read never holds one. */
  private readonly decodes: Semaphore;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(options: LocalScoreSourceOptions) {
    this.projects = new Set(options.projects);
    this.store = new LocalObjectStore({
      root: options.ossRoot,
      maxObjectBytes: options.maxObjectBytes,
      readTimeoutMs: options.readTimeoutMs,
    });
    const threads = options.scorerThreads ?? defaultScorerThreads();
    this.scorer =
      options.scorer ??
      new ScorerPool({
        threads,
        scorer: { maxDecodeBytes: options.maxDecodeBytes, maxMetadataBytes: options.maxMetadataBytes },
      });
    this.ownsScorer = options.scorer === undefined;
    const concurrency = options.concurrency ?? Math.max(2, threads);
    this.decodes = new Semaphore(concurrency);
    // Twice the decodes: the next objects are read while the current ones decode, and a read
    // past its deadline gives its slot back, so slow storage delays reads, never decodes.
    this.reads = new Semaphore(2 * concurrency);
  }

  async score(ref: ImageRef, call?: ScoreCall): Promise<Score> {
    if (!this.projects.has(ref.projectName)) {
      throw new ScoreError(
        ScoreErrorCode.PROJECT_NOT_FOUND,
        `The specified project ${ref.projectName} is not found.`,
      );
    }
    const location = parseSourceUri(ref.sourceUri);
    const scored = this.reads.run(async () => {
      const bytes = await this.store.read(location);
      const quality = await this.decodes.run(() => this.scorer.score(bytes), call?.queueKey);
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
