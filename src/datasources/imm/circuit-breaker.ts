/** `closed`: calls pass; `open`: calls fail fast; `half-open`: one probe call decides. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. @default 5 */
  failureThreshold: number;
  /** How long the circuit stays open before one probe is let through. @default 10000 */
  cooldownMs: number;
  /** Told of every state change (for metrics and logs). */
  onStateChange?(state: CircuitState): void;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Fails fast while IMM is down instead of making every caller wait out its timeouts and
 * retries. Only IMM-side failures count (5xx, timeouts, network); a throttle or a 4xx verdict
 * proves IMM is up. After `cooldownMs` one probe goes through: success closes, failure reopens.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!(Number.isInteger(options.failureThreshold) && options.failureThreshold >= 1)) {
      throw new TypeError(`failureThreshold must be a positive integer: ${options.failureThreshold}`);
    }
    this.now = options.now ?? Date.now;
  }

  /** The state now (an open circuit past its cooldown reads half-open). */
  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.cooldownMs) {
      this.transition('half-open');
    }
    return this.current;
  }

  /**
   * Asks to make a call: true when it may go (in half-open, only the one probe), false to fail
   * fast. A caller that got true must report `onSuccess`, `onFailure` or `onNeutral`.
   */
  tryAcquire(): boolean {
    switch (this.state) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half-open':
        if (this.probing) return false;
        this.probing = true;
        return true;
    }
  }

  /** IMM answered (a score, or a verdict such as 4xx): it is up. */
  onSuccess(): void {
    this.probing = false;
    this.failures = 0;
    if (this.current !== 'closed') this.transition('closed');
  }

  /** IMM failed (5xx, timeout, network). */
  onFailure(): void {
    this.probing = false;
    this.failures += 1;
    if (this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      this.transition('open');
    }
  }

  /** The call proved nothing about IMM's health (throttled): release a probe slot only. */
  onNeutral(): void {
    this.probing = false;
  }

  private transition(state: CircuitState): void {
    if (this.current === state) return;
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
