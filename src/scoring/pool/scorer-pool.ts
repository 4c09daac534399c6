import { existsSync } from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import { ScoreError, ScoreErrorCode } from '../../errors';
import { resolveScorerOptions, type ResolvedScorerOptions } from '../options';
import type { ImageQuality, ScorerOptions } from '../types';
import type { ImageScorer } from './image-scorer';
import type { ScoreTask, ScoreTaskResult, ScoreWorkerData } from './score-task';
import { defaultScorerThreads } from './threads';

/**
 * The pool's threads run this many nice levels below the main thread: enough that HTTP work is
 * not queued behind scoring, little enough that scoring keeps most of its share when other
 * processes want the cores (docs/scorer.md compares 0, 5 and 10).
 */
export const DEFAULT_NICE_INCREMENT = 5;

/** Options of {@link ScorerPool}. */
export interface ScorerPoolOptions {
  /** Worker threads (`SCORER_THREADS`). @default {@link defaultScorerThreads}() */
  threads?: number;
  /**
   * How much lower than the calling thread the pool's threads, and every libvips thread of the
   * process, run: a `nice -n` increment (Linux only; 0 leaves priorities alone). On a box whose
   * cores the scorer fills, it lets the main thread's HTTP work run as soon as it is ready,
   * while the scorer still gets every core the main thread leaves idle. @default DEFAULT_NICE_INCREMENT
   */
  niceIncrement?: number;
  /** Options of every `scoreImage` call. @default scoreImage's defaults */
  scorer?: ScorerOptions;
  /**
   * Called with a worker failure that no image owns (piscina's `error` event: a worker that
   * failed while idle). An image's own failure rejects that image instead. @default ignored
   */
  onError?: (error: Error) => void;
  /**
   * The worker module: compiled JavaScript whose default export takes a `ScoreTask`. Only tests
   * set it, to run a worker that can be made to die. @default {@link defaultWorkerFilename}()
   */
  workerFilename?: string;
}

/**
 * The compiled scorer worker. Worker threads load JavaScript only, so this resolves to
 * `dist/` when this module itself runs as TypeScript (under jest, whose `pretest` builds
 * dist first) and next to this file otherwise.
 */
export function defaultWorkerFilename(): string {
  if (!__filename.endsWith('.ts')) return path.join(__dirname, 'score.worker.js');
  const root = path.resolve(__dirname, '..', '..', '..');
  return path.join(root, 'dist', path.relative(root, __dirname), 'score.worker.js');
}

/** The bytes of `input` as an ArrayBuffer that holds nothing else, so it can be transferred. */
function ownedArrayBuffer(input: Buffer): ArrayBuffer {
  const buffer = input.buffer;
  // Small Buffers share one pooled ArrayBuffer with others: moving it would detach theirs.
  if (buffer instanceof ArrayBuffer && input.byteOffset === 0 && input.byteLength === buffer.byteLength) {
    return buffer;
  }
  return new Uint8Array(input).buffer;
}

/**
 * The local scorer on a pool of worker threads (piscina): each image is decoded and scored in a
 * worker, so the main thread only reads files and answers HTTP. The encoded bytes are moved to
 * the worker, not copied. It queues what it is given; callers bound how much (the local
 * backend's gate decides who goes first). A worker that dies fails its own image with INTERNAL
 * and is replaced; other images are not touched. Threads start on the first image.
 */
export class ScorerPool implements ImageScorer {
  readonly threads: number;
  private readonly options: ResolvedScorerOptions;
  private readonly filename: string;
  private readonly niceIncrement: number;
  private readonly onError: (error: Error) => void;
  private piscina?: Piscina;
  private readonly pending = new Set<Promise<unknown>>();
  private closing?: Promise<void>;

  /**
   * @throws TypeError for a bad thread count or scorer option
   * @throws Error when the worker module is not built (run `npm run build`)
   */
  constructor(options: ScorerPoolOptions = {}) {
    const threads = options.threads ?? defaultScorerThreads();
    if (!Number.isSafeInteger(threads) || threads < 1) {
      throw new TypeError(`threads must be a positive integer: ${String(threads)}`);
    }
    this.threads = threads;
    const niceIncrement = options.niceIncrement ?? DEFAULT_NICE_INCREMENT;
    if (!Number.isSafeInteger(niceIncrement) || niceIncrement < 0 || niceIncrement > 39) {
      throw new TypeError(`niceIncrement must be an integer from 0 to 39: ${String(niceIncrement)}`);
    }
    this.niceIncrement = niceIncrement;
    this.options = resolveScorerOptions(options.scorer);
    this.filename = options.workerFilename ?? defaultWorkerFilename();
    if (!existsSync(this.filename)) {
      throw new Error(`The scorer worker is not built (${this.filename}): run \`npm run build\`.`);
    }
    this.onError = options.onError ?? (() => undefined);
  }

  /** Worker threads alive now (0 before the first image). */
  get liveThreads(): number {
    return this.piscina?.threads.length ?? 0;
  }

  /**
   * Scores `input` in a worker. Takes ownership of `input`: its memory moves to the worker
   * when it holds a whole ArrayBuffer, so the caller must not read it afterwards.
   * @throws ScoreError as `scoreImage` does; INTERNAL when the worker died or the pool is closed
   */
  score(input: Buffer): Promise<ImageQuality> {
    if (this.closing) {
      return Promise.reject(new ScoreError(ScoreErrorCode.INTERNAL, 'The scorer is shutting down.'));
    }
    const task = this.run(input);
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task)).catch(() => undefined);
    return task;
  }

  /** Lets every submitted image finish, then stops the threads. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.pending]);
      await this.piscina?.close();
    })();
    return this.closing;
  }

  private async run(input: Buffer): Promise<ImageQuality> {
    const bytes = ownedArrayBuffer(input);
    const task: ScoreTask = { bytes, options: this.options };
    let result: ScoreTaskResult;
    try {
      result = (await this.pool().run(task, { transferList: [bytes] })) as ScoreTaskResult;
    } catch (error) {
      throw new ScoreError(ScoreErrorCode.INTERNAL, 'Unexpected error while scoring the image.', { cause: error });
    }
    if ('error' in result) {
      const { code, message, cause } = result.error;
      throw new ScoreError(code, message, cause === undefined ? undefined : { cause: new Error(cause) });
    }
    return result.quality;
  }

  private pool(): Piscina {
    if (!this.piscina) {
      this.piscina = new Piscina({
        filename: this.filename,
        workerData: { niceIncrement: this.niceIncrement } satisfies ScoreWorkerData,
        minThreads: this.threads,
        maxThreads: this.threads,
        // Idle workers keep sharp loaded and cost nothing; piscina unrefs them meanwhile.
        idleTimeout: Infinity,
      });
      this.piscina.on('error', (error: unknown) => {
        this.onError(error instanceof Error ? error : new Error(String(error)));
      });
    }
    return this.piscina;
  }
}
