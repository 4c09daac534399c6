import { createHash } from 'node:crypto';
import type { ImageRef, Score, ScoreSource } from '../../src/datasources/score-source';
import { ScoreError, ScoreErrorCode } from '../../src/errors';

/** The score an image gets from {@link FaultySource}: a stable hash of its URI, in [0, 1). */
export function expectedScore(ref: ImageRef): number {
  const digest = createHash('sha256').update(`${ref.projectName}\n${ref.sourceUri}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** Options of {@link FaultySource}. @default 5% throttles, 1% hangs, 20 ms latency, 1 s deadline */
export interface FaultySourceOptions {
  throttleRate?: number;
  hangRate?: number;
  latencyMs?: number;
  /** How long a hung call lasts before it fails as UPSTREAM_UNAVAILABLE (the backend's deadline). */
  hangDeadlineMs?: number;
  seed?: number;
}

/**
 * An in-process upstream with faults, for when the IMM emulator is not available: each call
 * waits `latencyMs`, then fails THROTTLED with `throttleRate`, or hangs until the deadline with
 * `hangRate`, else returns the image's hash score. Seeded, so runs are repeatable.
 */
export class FaultySource implements ScoreSource {
  readonly name = 'faulty';
  private state: number;

  constructor(private readonly options: FaultySourceOptions = {}) {
    this.state = options.seed ?? 42;
  }

  async score(ref: ImageRef): Promise<Score> {
    const roll = this.random();
    await sleep(this.options.latencyMs ?? 20);
    if (roll < (this.options.hangRate ?? 0.01)) {
      await sleep(this.options.hangDeadlineMs ?? 1000);
      throw new ScoreError(ScoreErrorCode.UPSTREAM_UNAVAILABLE, 'The scoring service did not answer in time.');
    }
    if (roll < (this.options.hangRate ?? 0.01) + (this.options.throttleRate ?? 0.05)) {
      throw new ScoreError(ScoreErrorCode.THROTTLED, 'The scoring service is throttling requests.');
    }
    return { overallQualityScore: expectedScore(ref), requestId: `faulty-${this.state}`, breakdown: null };
  }

  // mulberry32: small, fast, good enough to spread faults evenly.
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
