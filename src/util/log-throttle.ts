/**
 * Lets one line through per `intervalMs` and counts the ones it held back, so that a dependency
 * failing on every request (Redis down) is logged once a few seconds, not thousands of times.
 */
export class LogThrottle {
  private lastAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  /** @param intervalMs quiet time between two lines. @default 10000 */
  constructor(private readonly intervalMs = 10_000) {}

  /** Calls `log` with the count of lines suppressed since the last one, or not at all. */
  run(log: (suppressed: number) => void): void {
    const now = Date.now();
    if (now - this.lastAt < this.intervalMs) {
      this.suppressed += 1;
      return;
    }
    this.lastAt = now;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    log(suppressed);
  }
}
