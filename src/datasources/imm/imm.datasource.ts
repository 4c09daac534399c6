import { setTimeout as sleep } from 'node:timers/promises';
import Credential from '@alicloud/credentials';
import pino from 'pino';
import type { Logger } from 'pino';
import { ScoreError, ScoreErrorCode } from '../../errors';
import { Semaphore } from '../../util/semaphore';
import type { ImageRef, Score, ScoreCall, ScoreSource } from '../score-source';
import type { CircuitState } from './circuit-breaker';
import type { CircuitBreaker } from './circuit-breaker';
import type { ClassifiedFailure } from './imm-errors';
import { classifyImmFailure, ImmUpstreamError } from './imm-errors';
import type { DetectImageScoreOutput } from './imm.client';
import { ImmClient } from './imm.client';
import type { ImmObserver } from './imm.observer';
import type { ImmScoreSourceOptions, ResolvedImmOptions } from './imm.options';
import { ProjectBreakers } from './project-breakers';
import { resolveImmOptions } from './imm.options';
import { backoffDelay, RetryBudget } from './retry';
import { MemoryRateGate } from './rate-gate/memory-rate-gate';
import type { RateGate } from './rate-gate/rate-gate';

type Attempt =
  | { kind: 'ok'; output: DetectImageScoreOutput }
  | { kind: 'failed'; failure: ClassifiedFailure }
  | { kind: 'circuit-open' }
  | { kind: 'out-of-budget' };

/**
 * The `imm` backend: Alibaba Cloud IMM `DetectImageScore` through `@alicloud/openapi-client`,
 * with the resilience the library lacks: per-attempt read/connect timeouts, retries with
 * backoff and full jitter (throttling, 5xx, timeouts, network) within attempts and a deadline,
 * a per-project pace, a bound on calls in flight (served round-robin across requests), and a
 * circuit breaker per project.
 */
export class ImmScoreSource implements ScoreSource {
  readonly name = 'imm';
  private readonly options: ResolvedImmOptions;
  private readonly client: ImmClient;
  private readonly credential: Credential;
  private readonly gate: RateGate;
  private readonly slots: Semaphore;
  private readonly breakers: ProjectBreakers;
  private readonly observer: ImmObserver;
  private readonly logger: Logger;

  constructor(options: ImmScoreSourceOptions) {
    this.options = resolveImmOptions(options);
    const o = this.options;
    this.observer = o.observer ?? {};
    this.logger = o.logger ?? pino({ level: 'silent' });
    this.credential = o.credential ?? new Credential();
    this.client = new ImmClient({
      endpoint: o.endpoint,
      protocol: o.protocol,
      regionId: o.region,
      credential: this.credential,
      signatureAlgorithm: o.signatureAlgorithm,
    });
    this.gate = o.rateGate ?? new MemoryRateGate({ ratePerSecond: o.qps, burst: o.burst });
    this.slots = new Semaphore(o.maxInFlight);
    this.breakers = new ProjectBreakers({
      failureThreshold: o.breakerFailureThreshold,
      cooldownMs: o.breakerCooldownMs,
      onProjectStateChange: (project, state) =>
        this.logger.warn({ project, circuit: state }, 'IMM circuit state changed'),
      onStateChange: (state) => this.observer.onCircuitStateChange?.(state),
    });
  }

  /** The worst circuit state over all projects now (one circuit per project). */
  get circuitState(): CircuitState {
    return this.breakers.state;
  }

  /** The circuit state of one project now. */
  circuitStateOf(projectName: string): CircuitState {
    return this.breakers.for(projectName).state;
  }

  async score(ref: ImageRef, call?: ScoreCall): Promise<Score> {
    const o = this.options;
    let budget: RetryBudget | undefined;
    let last: ClassifiedFailure | undefined;
    const breaker = this.breakers.for(ref.projectName);
    for (let attempt = 1; ; attempt += 1) {
      if (breaker.state === 'open') return this.failFast(ref, last);
      await this.gate.acquire(ref.projectName);
      const result = await this.slots.run(async (): Promise<Attempt> => {
        // The deadline runs from the first attempt on the wire: waiting for a slot or the pace
        // behind a big batch is the gateway's own queueing, not IMM being slow.
        budget ??= new RetryBudget(o.maxAttempts, o.deadlineMs);
        if (!budget.startAttempt()) return { kind: 'out-of-budget' };
        if (!breaker.tryAcquire()) return { kind: 'circuit-open' };
        return this.attempt(ref, breaker, attempt, Math.max(1, Math.min(o.timeoutMs, budget.remainingMs())));
      }, call?.queueKey);

      switch (result.kind) {
        case 'ok':
          return { overallQualityScore: result.output.overallQualityScore, requestId: result.output.requestId, breakdown: null };
        case 'circuit-open':
          return this.failFast(ref, last);
        case 'out-of-budget':
          throw this.giveUp(ref, last, attempt - 1);
        case 'failed':
          break;
      }
      last = result.failure;
      if (last.kind === 'final') throw this.refused(ref, last);
      const delay = backoffDelay(attempt, {
        baseDelayMs: o.retryBaseDelayMs,
        maxDelayMs: o.retryMaxDelayMs,
        random: o.random,
      });
      if (!budget?.allowsRetryAfter(delay)) throw this.giveUp(ref, last, attempt);
      this.observer.onRetry?.({ project: ref.projectName, attempt, outcome: last.outcome, delayMs: delay });
      this.logger.debug(
        { project: ref.projectName, sourceUri: ref.sourceUri, attempt, outcome: last.outcome, delayMs: delay },
        'retrying IMM call',
      );
      // The timer does not hold the process open.
      await sleep(delay, undefined, { ref: false });
    }
  }

  /**
   * Resolves when credentials resolve and not every project's circuit is open: one project's
   * open circuit is that project's trouble, not a reason to take the replica out of service.
   */
  async checkReady(): Promise<void> {
    await this.credential.getCredential();
    if (this.breakers.allOpen()) throw new Error('IMM circuit is open: IMM has been failing');
  }

  /** One attempt on the wire, holding an in-flight slot; reports to the breaker and observer. */
  private async attempt(ref: ImageRef, breaker: CircuitBreaker, attempt: number, timeoutMs: number): Promise<Attempt> {
    const startedAt = Date.now();
    this.observer.onCallStart?.(ref.projectName);
    try {
      const output = await this.client.detectImageScore({
        projectName: ref.projectName,
        sourceUri: ref.sourceUri,
        credentialConfig: this.options.credentialConfig,
        timeoutMs,
      });
      breaker.onSuccess();
      this.observer.onCallEnd?.({ project: ref.projectName, attempt, outcome: 'ok', durationMs: Date.now() - startedAt });
      return { kind: 'ok', output };
    } catch (error) {
      const failure = classifyImmFailure(error);
      if (failure.kind === 'unavailable') breaker.onFailure();
      else if (failure.kind === 'final') breaker.onSuccess();
      else breaker.onNeutral();
      this.observer.onCallEnd?.({
        project: ref.projectName,
        attempt,
        outcome: failure.outcome,
        durationMs: Date.now() - startedAt,
      });
      return { kind: 'failed', failure };
    }
  }

  private failFast(ref: ImageRef, last: ClassifiedFailure | undefined): never {
    this.observer.onCallEnd?.({ project: ref.projectName, attempt: 0, outcome: 'circuit_open', durationMs: 0 });
    throw new ScoreError(
      ScoreErrorCode.UPSTREAM_UNAVAILABLE,
      'IMM is unavailable (it has been failing); try again later.',
      { cause: last?.error.cause },
    );
  }

  private refused(ref: ImageRef, failure: ClassifiedFailure): ScoreError {
    const { error } = failure;
    // Bad credentials or permissions and our own clock are operator problems: warn. A missing
    // object or project is the caller's: debug.
    const operatorProblem = error.code === ScoreErrorCode.FORBIDDEN || error.code === ScoreErrorCode.INTERNAL;
    this.logger[operatorProblem ? 'warn' : 'debug'](
      { project: ref.projectName, sourceUri: ref.sourceUri, code: error.code, upstream: causeMessage(error) },
      'IMM refused the call',
    );
    return error;
  }

  private giveUp(ref: ImageRef, last: ClassifiedFailure | undefined, attempts: number): ScoreError {
    const error =
      last?.error ??
      new ScoreError(ScoreErrorCode.UPSTREAM_UNAVAILABLE, 'IMM did not answer before the deadline.');
    // Only the classified, credential-free facts are logged: never the library's raw error,
    // whose message can hold the signed URL (and, with v2 signatures, the STS token).
    this.logger.warn(
      {
        project: ref.projectName,
        sourceUri: ref.sourceUri,
        attempts,
        outcome: last?.outcome,
        code: error.code,
        upstream: causeMessage(error),
      },
      'IMM call failed after retries',
    );
    return error;
  }
}

/** The sanitized upstream summary (an ImmUpstreamError's message), never a raw library error. */
function causeMessage(error: ScoreError): string | undefined {
  return error.cause instanceof ImmUpstreamError ? error.cause.message : undefined;
}
