import type { Registry } from 'prom-client';
import { Counter, Gauge } from 'prom-client';
import type { CircuitState } from '../datasources/imm/circuit-breaker';
import type { ImmObserver } from '../datasources/imm/imm.observer';

/** Circuit breaker states, as the `gateway_upstream_circuit_state` gauge encodes them. */
export const CIRCUIT_STATE_VALUE: Readonly<Record<CircuitState, number>> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * The IMM backend's wire-level metrics, fed by its {@link ImmObserver}.
 *
 * Who counts what (so nothing is counted twice):
 * - `InstrumentedSource` counts logical score calls, one per image the cache missed, whatever the
 *   backend: `gateway_upstream_calls_total{outcome}` (ok or a ScoreErrorCode, after retries),
 *   their duration (pace waits and retries included) and `gateway_upstream_calls_in_flight`
 *   (calls inside the backend, queued or on the wire).
 * - This observer counts what only the IMM backend sees: each attempt that reached the wire
 *   (`gateway_imm_attempts_total{outcome}`, IMM's own vocabulary, plus `circuit_open` for a call
 *   refused without reaching IMM), attempts on the wire now (`gateway_imm_attempts_in_flight`,
 *   at most IMM_MAX_IN_FLIGHT), retries, and the circuit breaker's state.
 * No project label: with auth off any string can be a project name, and labels must stay few.
 */
export function createImmMetrics(registry: Registry, circuitState: Gauge): ImmObserver {
  const registers = [registry];
  const attempts = new Counter({
    name: 'gateway_imm_attempts_total',
    help: 'IMM attempts by outcome (ok, throttled, server_error, timeout, network, bad_response, nonce_used, rejected, circuit_open).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const onWire = new Gauge({
    name: 'gateway_imm_attempts_in_flight',
    help: 'IMM attempts on the wire now (bounded by IMM_MAX_IN_FLIGHT).',
    registers,
  });
  const retries = new Counter({
    name: 'gateway_imm_retries_total',
    help: 'IMM attempts retried, by the outcome of the attempt that failed.',
    labelNames: ['outcome'] as const,
    registers,
  });
  return {
    onCallStart: () => onWire.inc(),
    onCallEnd: ({ outcome }) => {
      // A call refused by the open circuit never started on the wire.
      if (outcome !== 'circuit_open') onWire.dec();
      attempts.inc({ outcome });
    },
    onRetry: ({ outcome }) => retries.inc({ outcome }),
    onCircuitStateChange: (state) => circuitState.set(CIRCUIT_STATE_VALUE[state]),
  };
}
