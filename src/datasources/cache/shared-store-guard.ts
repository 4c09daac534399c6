import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS } from '../../redis/redis-connection';

/** Options of {@link SharedStoreGuard}. */
export interface SharedStoreGuardOptions {
  /** A shared-store call slower than this counts as failed. @default DEFAULT_REDIS_COMMAND_TIMEOUT_MS */
  deadlineMs?: number;
  /** Consecutive failures that make the guard skip the store for a while. @default 3 */
  failureThreshold?: number;
  /** How long the store is skipped before one call probes it again. @default 2000 */
  coolDownMs?: number;
}

/** Thrown by {@link SharedStoreGuard.run} when the store is being skipped or missed its deadline. */
export class SharedStoreUnavailableError extends Error {
  override readonly name = 'SharedStoreUnavailableError';
}

/**
 * Bounds the cost of a slow or hung shared store. The Redis client's own command timeout only
 * covers a command still waiting to be written, not one waiting for a reply, so each call races a
 * deadline here; after a few failures in a row the store is skipped for a cool-down, so calls do
 * not pile up behind a hung server, then one call probes it.
 */
export class SharedStoreGuard {
  private readonly deadlineMs: number;
  private readonly failureThreshold: number;
  private readonly coolDownMs: number;
  private failures = 0;
  private skipUntil = 0;

  constructor(options: SharedStoreGuardOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS;
    this.failureThreshold = options.failureThreshold ?? 3;
    this.coolDownMs = options.coolDownMs ?? 2000;
  }

  /** Whether calls are being skipped right now. */
  get open(): boolean {
    return Date.now() < this.skipUntil;
  }

  /** Runs `call` within the deadline, or rejects at once while the store is being skipped. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.open) throw new SharedStoreUnavailableError('shared store skipped after repeated failures');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new SharedStoreUnavailableError(`shared store did not answer within ${this.deadlineMs} ms`)),
        this.deadlineMs,
      );
    });
    try {
      const result = await Promise.race([call(), deadline]);
      this.failures = 0;
      return result;
    } catch (error) {
      this.failures += 1;
      if (this.failures >= this.failureThreshold) {
        this.skipUntil = Date.now() + this.coolDownMs;
        // One probe after the cool-down decides: a failure re-opens at once.
        this.failures = this.failureThreshold - 1;
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
