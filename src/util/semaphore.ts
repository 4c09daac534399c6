/**
 * Bounds how many async tasks run at once; the rest wait in FIFO order.
 * Used for the local scorer's CPU/memory and for IMM calls in flight.
 */
export class Semaphore {
  private available: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new TypeError(`Semaphore limit must be a positive integer: ${limit}`);
    }
    this.available = limit;
  }

  /** Tasks running now. */
  get inFlight(): number {
    return this.limit - this.available;
  }

  /** Runs `task` once a slot is free, and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // Hand the slot straight to the next waiter so a newcomer cannot jump the queue.
    if (next) next();
    else this.available += 1;
  }
}
