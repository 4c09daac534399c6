import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ImmObserver } from '../datasources/imm/imm.observer';
import type { ScoreLoaderObserver } from '../datasources/score-loader';
import { createImmMetrics } from './imm-metrics';

/**
 * The gateway's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * several gateways in one process (tests, the bench) never collide.
 */
export interface GatewayMetrics {
  registry: Registry;
  /** HTTP requests by route, method and status. */
  requestDuration: Histogram<'route' | 'method' | 'status'>;
  /** GraphQL errors sent, by their metric label in the error table (`metricLabelOf`). */
  graphqlErrors: Counter<'code'>;
  /** Calls that reached the score backend, by outcome (`ok` or a ScoreErrorCode). */
  upstreamCalls: Counter<'outcome'>;
  upstreamDuration: Histogram<'outcome'>;
  /** Backend calls running now. */
  callsInFlight: Gauge;
  /** Where each requested score came from: hit, miss or joined (an identical call in flight). */
  cacheOutcomes: Counter<'outcome'>;
  /** Per request: distinct images / images asked for (1 = no duplicates, lower = more saved). */
  dedupeRatio: Histogram;
  /** Queries answered by the full-response cache (`hit`) or executed (`miss`). */
  responseCache: Counter<'outcome'>;
  /** Bytes the full-response cache holds now: bodies, keys and per-entry overhead. */
  responseCacheBytes: Gauge;
  /** The upstream circuit breakers (one per project), the worst of them: 0 closed, 1 half-open, 2 open. */
  circuitState: Gauge;
  /** Feeds `cacheOutcomes` from the score loader. */
  loaderObserver: ScoreLoaderObserver;
  /** Feeds the IMM backend's attempt, retry and circuit metrics (see `createImmMetrics`). */
  immObserver: ImmObserver;
}

/** Creates the metrics in a fresh registry, with Node's default process metrics. */
export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const circuitState = new Gauge({
    name: 'gateway_upstream_circuit_state',
    help: 'Upstream circuit breaker, the worst over projects: 0 closed, 1 half-open, 2 open.',
    registers,
  });
  const cacheOutcomes = new Counter({
    name: 'gateway_score_cache_total',
    help: 'Requested scores by where they came from: hit, miss or joined (shared an in-flight call).',
    labelNames: ['outcome'] as const,
    registers,
  });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'gateway_http_request_duration_seconds',
      help: 'HTTP request latency by route, method and status.',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    graphqlErrors: new Counter({
      name: 'gateway_graphql_errors_total',
      help: 'GraphQL errors sent to clients, by extensions.code (FORBIDDEN_UPSTREAM: a FORBIDDEN from IMM, reason UPSTREAM_DENIED).',
      labelNames: ['code'] as const,
      registers,
    }),
    upstreamCalls: new Counter({
      name: 'gateway_upstream_calls_total',
      help: 'Calls to the score backend by outcome: ok or a ScoreErrorCode.',
      labelNames: ['outcome'] as const,
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'gateway_upstream_call_duration_seconds',
      help: 'Score backend call latency by outcome (retries included).',
      labelNames: ['outcome'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    callsInFlight: new Gauge({
      name: 'gateway_upstream_calls_in_flight',
      help: 'Score backend calls running now.',
      registers,
    }),
    cacheOutcomes,
    dedupeRatio: new Histogram({
      name: 'gateway_dedupe_ratio',
      help: 'Per request: distinct images / images requested (1 means no duplicates).',
      buckets: [0.1, 0.25, 0.5, 0.75, 0.9, 1],
      registers,
    }),
    responseCache: new Counter({
      name: 'gateway_response_cache_total',
      help: 'Queries by whether the full-response cache answered them: hit or miss (executed).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    responseCacheBytes: new Gauge({
      name: 'gateway_response_cache_bytes',
      help: 'Bytes the full-response cache holds (bodies, keys, per-entry overhead), bounded by RESPONSE_CACHE_MAX_BYTES.',
      registers,
    }),
    circuitState,
    loaderObserver: {
      onCacheOutcome: (outcome) => cacheOutcomes.inc({ outcome }),
    },
    immObserver: createImmMetrics(registry, circuitState),
  };
}
