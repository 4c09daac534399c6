import type { CircuitBreakerOptions, CircuitState } from './circuit-breaker';
import { CircuitBreaker } from './circuit-breaker';

/** Options of {@link ProjectBreakers}: one breaker's, plus the bound on projects remembered. */
export interface ProjectBreakersOptions extends Omit<CircuitBreakerOptions, 'onStateChange'> {
  /** Told when the worst state over all projects changes (the single circuit gauge). */
  onStateChange?(state: CircuitState): void;
  /** Told when one project's circuit changes state (for logs). */
  onProjectStateChange?(project: string, state: CircuitState): void;
  /**
   * Projects whose breakers are kept; past it, the least recently created closed breaker is
   * dropped (with auth off, any string is a project). @default 1024
   */
  maxProjects?: number;
}

const RANK: Readonly<Record<CircuitState, number>> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * A circuit breaker per IMM project. IMM's failures are often the project's own (its quota, its
 * bucket's objects that hang IMM's reads): one client's batch of 32 hanging images would open a
 * single global circuit and fail every other client's good images. Per project, the damage
 * stays in the project that caused it (with API keys, the tenant's own).
 */
export class ProjectBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();
  /** Each breaker's last reported state; the worst of them is the aggregate. */
  private readonly states = new Map<string, CircuitState>();
  private worst: CircuitState = 'closed';
  private readonly maxProjects: number;

  constructor(private readonly options: ProjectBreakersOptions) {
    this.maxProjects = options.maxProjects ?? 1024;
    // Fails fast on a bad threshold, as a single breaker does.
    void new CircuitBreaker(options);
  }

  /** The breaker of `project`, made on first use. */
  for(project: string): CircuitBreaker {
    let breaker = this.breakers.get(project);
    if (!breaker) {
      if (this.breakers.size >= this.maxProjects) this.evictOne();
      breaker = new CircuitBreaker({
        ...this.options,
        onStateChange: (state) => this.changed(project, state),
      });
      this.breakers.set(project, breaker);
    }
    return breaker;
  }

  /** The worst state over all projects (what the circuit gauge shows). */
  get state(): CircuitState {
    // Reading each state lets an open circuit past its cooldown report half-open.
    for (const breaker of this.breakers.values()) void breaker.state;
    return this.worst;
  }

  /** True when at least one project has a breaker and every one of them is open. */
  allOpen(): boolean {
    if (this.breakers.size === 0) return false;
    for (const breaker of this.breakers.values()) if (breaker.state !== 'open') return false;
    return true;
  }

  private changed(project: string, state: CircuitState): void {
    if (state === 'closed') this.states.delete(project);
    else this.states.set(project, state);
    this.options.onProjectStateChange?.(project, state);
    let worst: CircuitState = 'closed';
    for (const s of this.states.values()) if (RANK[s] > RANK[worst]) worst = s;
    if (worst !== this.worst) {
      this.worst = worst;
      this.options.onStateChange?.(worst);
    }
  }

  private evictOne(): void {
    for (const [project, breaker] of this.breakers) {
      if (!this.states.has(project) && breaker.state === 'closed') {
        this.breakers.delete(project);
        return;
      }
    }
    // Every remembered project is failing: forget the oldest.
    const oldest = this.breakers.keys().next();
    if (!oldest.done) {
      this.breakers.delete(oldest.value);
      this.changed(oldest.value, 'closed');
    }
  }
}
