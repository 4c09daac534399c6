import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ImageRef, Score, ScoreCall, ScoreSource } from '../datasources/score-source';
import { ScoreError } from '../errors';
import type { GatewayMetrics } from './metrics';

/**
 * Wraps the score backend to count, time and log every call that reaches it: each call gets its
 * own id and names the request that caused it (through {@link InstrumentedSource.forRequest}),
 * so one slow or failing upstream call can be found from a client's x-request-id. The id is
 * passed explicitly rather than through AsyncLocalStorage, whose promise hooks tax every
 * await of every request on Node 20.
 */
export class InstrumentedSource {
  constructor(
    private readonly inner: ScoreSource,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  /**
   * The same backend, with calls logged under `requestId`, which is also each call's fairness
   * key (`ScoreCall.queueKey`) unless the caller gives one.
   */
  forRequest(requestId: string): ScoreSource {
    return {
      name: this.inner.name,
      score: (ref, call) => this.call(ref, requestId, { queueKey: requestId, ...call }),
    };
  }

  private async call(ref: ImageRef, requestId: string, scoreCall: ScoreCall): Promise<Score> {
    const callId = randomUUID();
    const started = performance.now();
    this.metrics.callsInFlight.inc();
    let outcome = 'ok';
    try {
      return await this.inner.score(ref, scoreCall);
    } catch (error) {
      outcome = error instanceof ScoreError ? error.code : 'INTERNAL';
      throw error;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.metrics.callsInFlight.dec();
      this.metrics.upstreamCalls.inc({ outcome });
      this.metrics.upstreamDuration.observe({ outcome }, seconds);
      this.logger.debug(
        { requestId, callId, backend: this.inner.name, projectName: ref.projectName, sourceUri: ref.sourceUri, outcome, ms: Math.round(seconds * 1000) },
        'upstream call',
      );
    }
  }

  checkReady(): Promise<void> {
    return this.inner.checkReady?.() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.inner.close?.() ?? Promise.resolve();
  }
}
