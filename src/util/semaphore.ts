/**
 * Bounds how many async tasks run at once; the rest wait. Waiting tasks are served **round-robin
 * across keys** (FIFO within one key): each `run` may name who it is for (a request id), and
 * when a slot frees it goes to the next key in turn, so a request that queued 100 images makes
 * another request's single image wait for at most one of them per slot, not all 100. Tasks
 * without a key share one queue, which takes its turn like any key.
 * Used for the local scorer's CPU/memory and for IMM calls in flight.
 */
export class Semaphore {
  private available: number;
  /** Waiters per key; the Map's order is the round-robin order (a served key moves to the end). */
  private readonly queues = new Map<string | undefined, Array<() => void>>();
  private waiting = 0;

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

  /** Tasks waiting for a slot, all keys together. */
  get queued(): number {
    return this.waiting;
  }

  /**
   * Runs `task` once a slot is free and it is `key`'s turn, and frees the slot when it settles.
   * @param key who the task is for; tasks of one key run in the order they were queued.
   * @default key undefined (the shared queue)
   */
  async run<T>(task: () => Promise<T>, key?: string): Promise<T> {
    await this.acquire(key);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(key: string | undefined): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.queues.get(key);
      if (queue) queue.push(resolve);
      else this.queues.set(key, [resolve]);
      this.waiting += 1;
    });
  }

  private release(): void {
    const next = this.queues.entries().next();
    if (next.done) {
      this.available += 1;
      return;
    }
    const [key, queue] = next.value;
    const resolve = queue.shift();
    // The served key goes to the back of the turn order (or leaves it when it has no waiter).
    this.queues.delete(key);
    if (queue.length > 0) this.queues.set(key, queue);
    this.waiting -= 1;
    // Hand the slot straight to the waiter so a newcomer cannot jump the queue.
    resolve?.();
  }
}
