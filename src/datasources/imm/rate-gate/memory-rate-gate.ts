import { setTimeout as sleep } from 'node:timers/promises';
import type { RateGate } from './rate-gate';
import { defaultBurst } from './rate-gate';

/** Options of {@link MemoryRateGate}. */
export interface MemoryRateGateOptions {
  /** Calls per second per project. */
  ratePerSecond: number;
  /** Calls that may start at once after a quiet spell. @default {@link defaultBurst} */
  burst?: number;
  /** @default Date.now */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * An in-memory token bucket per project. A caller that finds the bucket empty reserves the next
 * token (the count goes negative) and sleeps until it is due, so waiters start in arrival order
 * at exactly the configured pace without polling.
 */
export class MemoryRateGate implements RateGate {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rate: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(options: MemoryRateGateOptions) {
    if (!(options.ratePerSecond > 0)) {
      throw new TypeError(`ratePerSecond must be a positive number: ${options.ratePerSecond}`);
    }
    this.rate = options.ratePerSecond / 1000;
    this.burst = options.burst ?? defaultBurst(options.ratePerSecond);
    if (!(this.burst >= 1)) throw new TypeError(`burst must be at least 1: ${options.burst}`);
    this.now = options.now ?? Date.now;
  }

  async acquire(project: string): Promise<void> {
    const now = this.now();
    const bucket = this.buckets.get(project) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * this.rate);
    bucket.updatedAt = now;
    bucket.tokens -= 1;
    this.buckets.set(project, bucket);
    if (bucket.tokens < 0) await sleep(Math.ceil(-bucket.tokens / this.rate), undefined, { ref: false });
  }
}
